from django.db import migrations, models
from django.db.models.functions import TruncDate


def date_existing_retractions(apps, schema_editor):
    # Already-retracted citations were retracted by their last change at the latest.
    citation = apps.get_model("claims", "Citation")
    citation.objects.filter(retracted=True, retracted_on__isnull=True).update(
        retracted_on=TruncDate("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_write_path_epochs_pending")]

    operations = [
        migrations.AddField(
            model_name='citation',
            name='informant',
            field=models.CharField(blank=True, help_text='A short key shared by citations that rest on the same informant (two outlets quoting one briefing official, say): on this claim they count as one origin.', max_length=100),
        ),
        migrations.AddField(
            model_name='citation',
            name='retracted_on',
            field=models.DateField(blank=True, help_text='When it was retracted; today when left empty.', null=True),
        ),
        migrations.AddField(
            model_name='historicalcitation',
            name='informant',
            field=models.CharField(blank=True, help_text='A short key shared by citations that rest on the same informant (two outlets quoting one briefing official, say): on this claim they count as one origin.', max_length=100),
        ),
        migrations.AddField(
            model_name='historicalcitation',
            name='retracted_on',
            field=models.DateField(blank=True, help_text='When it was retracted; today when left empty.', null=True),
        ),
        migrations.RunPython(date_existing_retractions, migrations.RunPython.noop),
    ]
