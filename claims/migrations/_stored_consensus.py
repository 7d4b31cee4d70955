"""Recompute every claim's stored consensus inside a data migration (not a migration itself:
Django skips modules whose names start with an underscore).

Built from the historical models with the pure consensus function, which is all the stored
consensus depends on; claims.services.derived does the same for live writes.
"""

from claims import consensus


def recompute_all(apps, schema_editor):
    claim_model = apps.get_model("claims", "Claim")
    citation_model = apps.get_model("claims", "Citation")
    fields = [f.name for f in claim_model._meta.get_fields() if f.name.startswith("consensus_")]
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
                retracted_on=getattr(citation, "retracted_on", None),
                entered_on=citation.created_at.date(),
                informant=getattr(citation, "informant", ""),
                anonymous=citation.anonymous,
                speaker=citation.speaker,
            )
        )
    batch = []
    for claim in claim_model.objects.only("pk").iterator(chunk_size=2000):
        for name, value in consensus.stored_fields(by_claim.get(claim.pk, [])).items():
            if name in fields:
                setattr(claim, name, value)
        batch.append(claim)
        if len(batch) == 1000:
            claim_model.objects.bulk_update(batch, fields)
            batch = []
    claim_model.objects.bulk_update(batch, fields)
