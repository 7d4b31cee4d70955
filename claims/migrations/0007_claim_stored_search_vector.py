from django.db import migrations

# PostgreSQL keeps the search vector itself, as a stored generated column: search no longer
# re-parses every matching claim's text to rank it. The model does not declare the column (SQLite
# has no tsvector and searches with LIKE), so Django never reads or writes it; queries reach it
# through claims.search.StoredSearchVector.
FORWARD = [
    "ALTER TABLE claims_claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, COALESCE(search_document, ''))) STORED",
    "CREATE INDEX claim_search_vector_gin ON claims_claim USING gin (search_vector)",
    "DROP INDEX IF EXISTS claim_search_document_gin",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS claim_search_document_gin ON claims_claim USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_data_version_row")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
