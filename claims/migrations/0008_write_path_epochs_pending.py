import django.db.models.deletion
from django.db import migrations, models


# The cache epochs move on commit without a row anyone waits on: sequences on PostgreSQL,
# rows of CacheEpoch elsewhere (claims.cache).
SEQUENCES = ("claims_global_epoch", "claims_vocabulary_epoch")


def create_epochs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in SEQUENCES:
            schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")
            schema_editor.execute(f"SELECT nextval('{name}')")
    else:
        epoch = apps.get_model("claims", "CacheEpoch")
        for name in ("global", "vocabulary"):
            epoch.objects.get_or_create(name=name, defaults={"value": 1})


def drop_epochs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in SEQUENCES:
            schema_editor.execute(f"DROP SEQUENCE IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0007_claim_stored_search_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='CacheEpoch',
            fields=[
                ('name', models.CharField(max_length=20, primary_key=True, serialize=False)),
                ('value', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='PendingRecomputation',
            fields=[
                ('claim', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='claims.claim')),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.DeleteModel(
            name='DataVersion',
        ),
        migrations.RunPython(create_epochs, drop_epochs),
    ]
