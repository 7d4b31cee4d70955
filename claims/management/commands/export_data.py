import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backup import export_data


class Command(BaseCommand):
    help = "Write every claim, citation, source, topic and confidence level, with history, to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the export; - for standard output.")

    def handle(self, *args, file, **options):
        document = json.dumps(export_data(), ensure_ascii=False, indent=1)
        if file == "-":
            self.stdout.write(document)
            return
        path = Path(file)
        try:
            # Written beside the target first, so a failed export never leaves half a file behind.
            partial = path.with_name(path.name + ".partial")
            partial.write_text(document, encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
        counts = json.loads(document)["counts"]
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stderr.write(self.style.SUCCESS(f"Exported to {file}: {summary}."))
