from decimal import Decimal

from django.db import migrations

# Worded after the confidence levels of US Intelligence Community Directive 203.
LEVELS = [
    {
        "slug": "high",
        "name": "High confidence",
        "rank": 3,
        "weight": Decimal("1.00"),
        "description": "Based on high-quality information from multiple sources; a judgement is "
        "possible with little doubt, though it can still be wrong.",
    },
    {
        "slug": "moderate",
        "name": "Moderate confidence",
        "rank": 2,
        "weight": Decimal("0.60"),
        "description": "Credibly sourced and plausible, but not of sufficient quality or "
        "corroborated enough to warrant a higher level.",
    },
    {
        "slug": "low",
        "name": "Low confidence",
        "rank": 1,
        "weight": Decimal("0.30"),
        "description": "Questionable or implausible information, too fragmented or poorly "
        "corroborated to draw solid inferences, or significant concerns about the sources.",
    },
]


def create_levels(apps, schema_editor):
    ConfidenceLevel = apps.get_model("claims", "ConfidenceLevel")
    for level in LEVELS:
        ConfidenceLevel.objects.update_or_create(slug=level["slug"], defaults=level)


def remove_levels(apps, schema_editor):
    ConfidenceLevel = apps.get_model("claims", "ConfidenceLevel")
    ConfidenceLevel.objects.filter(slug__in=[level["slug"] for level in LEVELS], citations=None, claims=None).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_levels, remove_levels)]
