from django.db import migrations


def create_row(apps, schema_editor):
    apps.get_model("claims", "DataVersion").objects.get_or_create(pk=1, defaults={"value": 0})


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_data_version")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
