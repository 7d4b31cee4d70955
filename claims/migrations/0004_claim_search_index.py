from django.db import migrations

# This migration once built a GIN index over the search text, which 0007 replaced with a stored
# search vector and its own index. A database migrated since skips the build (it would only be
# dropped three steps later); migrating back below this point still drops it, wherever 0007's
# reverse put it back. PostgreSQL only: SQLite searches with LIKE instead.
DROP = "DROP INDEX IF EXISTS claim_search_document_gin"


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_analysts_group")]

    operations = [migrations.RunPython(migrations.RunPython.noop, drop_index)]
