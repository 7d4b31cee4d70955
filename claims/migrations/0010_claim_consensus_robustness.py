from django.db import migrations, models

from ._stored_consensus import recompute_all


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_citation_informant_retracted_on")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="consensus_robustness",
            field=models.PositiveSmallIntegerField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(recompute_all, migrations.RunPython.noop),
    ]
