"""What both apps need and neither owns: slugs and text rules. Imports nothing from the apps."""
