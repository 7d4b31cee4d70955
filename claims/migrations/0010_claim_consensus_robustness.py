from django.db import migrations, models

from claims import consensus


def recompute_stored_consensus(apps, schema_editor):
    """Store pivotal origins, robustness and warnings for the claims that predate them.

    Built from the historical models with the pure consensus function, which is all the stored
    consensus depends on (claims.services.derived does the same for live writes).
    """
    claim_model = apps.get_model("claims", "Claim")
    citation_model = apps.get_model("claims", "Citation")
    by_claim = {}
    citations = citation_model.objects.select_related("source", "relies_on", "confidence").order_by("pk")
    for citation in citations.iterator(chunk_size=2000):
        by_claim.setdefault(citation.claim_id, []).append(
            consensus.Report(
                id=citation.pk,
                source=citation.source.slug,
                stance=citation.stance,
                confidence_weight=citation.confidence.weight,
                reliability=citation.source.reliability,
                published_on=citation.published_on,
                relies_on=citation.relies_on.slug if citation.relies_on_id else None,
                retracted=citation.retracted,
                retracted_on=citation.retracted_on,
                entered_on=citation.created_at.date(),
                informant=citation.informant,
                anonymous=citation.anonymous,
                speaker=citation.speaker,
            )
        )
    changed = []
    for claim in claim_model.objects.only("pk", "consensus_data").iterator(chunk_size=2000):
        result = consensus.compute_consensus(by_claim.get(claim.pk, []))
        claim.consensus_robustness = result.robustness
        claim.consensus_data = {**result.as_dict(), "stance_weights": result.stance_weights()}
        changed.append(claim)
        if len(changed) == 1000:
            claim_model.objects.bulk_update(changed, ["consensus_robustness", "consensus_data"])
            changed = []
    claim_model.objects.bulk_update(changed, ["consensus_robustness", "consensus_data"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_citation_informant_retracted_on")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="consensus_robustness",
            field=models.PositiveSmallIntegerField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(recompute_stored_consensus, migrations.RunPython.noop),
    ]
