from django.db import migrations

# The same expression Django's SearchVector("search_document", config="english") compiles to,
# so the planner can use the index. PostgreSQL only: SQLite searches with LIKE instead.
CREATE = (
    "CREATE INDEX IF NOT EXISTS claim_search_document_gin ON claims_claim USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
)
DROP = "DROP INDEX IF EXISTS claim_search_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_analysts_group")]

    operations = [migrations.RunPython(create_index, drop_index)]
