"""Writes that touch more than one model. Keyword-only, atomic, validated before they save."""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Now

from .consensus import compute_consensus
from .models import Citation, Claim

REFRESH_BATCH = 500


class StaleVersion(Exception):
    """The claim changed since the caller read it (optimistic concurrency)."""

    def __init__(self, current_version):
        super().__init__(f"The claim has changed since it was read (now at version {current_version}).")
        self.current_version = current_version


def refresh_claims(claim_ids):
    """Recompute and store the derived fields (consensus, search text, latest report) of claims.

    Called whenever a citation, a source's grade or name, or a confidence weight changes, so the
    stored consensus always equals what `compute_consensus` says of the citations now.
    Returns the ids of the claims whose stored fields changed.
    """
    claim_ids = sorted(set(claim_ids))
    changed = []
    for start in range(0, len(claim_ids), REFRESH_BATCH):
        batch = claim_ids[start : start + REFRESH_BATCH]
        claims = list(Claim.objects.filter(pk__in=batch).with_citations())
        for claim in claims:
            before = [getattr(claim, name) for name in DERIVED_FIELDS]
            apply_derived_fields(claim, list(claim.citations.all()))
            if before != [getattr(claim, name) for name in DERIVED_FIELDS]:
                changed.append(claim.pk)
        Claim.objects.bulk_update(claims, DERIVED_FIELDS)
    return changed


DERIVED_FIELDS = [
    "consensus_label",
    "consensus_score",
    "consensus_data",
    "last_reported_on",
    "search_document",
]


def apply_derived_fields(claim, citations, *, reports=None):
    """Set a claim's stored consensus, latest report date and search text from its citations.

    `reports` stands in for the citations' own when they are not saved yet (bulk inserts).
    """
    result = compute_consensus(reports if reports is not None else [c.as_report() for c in citations])
    claim.consensus_label = result.label
    claim.consensus_score = result.score
    claim.consensus_data = {
        **result.as_dict(),
        "stance_weights": result.stance_weights(),
    }
    claim.last_reported_on = max((c.published_on for c in citations if c.published_on), default=None)
    claim.search_document = build_search_document(claim, citations)


def build_search_document(claim, citations):
    """The text a reader's search looks through: statement, context, quotes, speakers, source names."""
    parts = [claim.statement, claim.context]
    for citation in citations:
        parts += [citation.quote, citation.speaker, citation.source.name]
    return "\n".join(part for part in parts if part)


def citations_changed(*, claim_ids):
    """A citation was added, edited, retracted or deleted: bump the claims' versions and refresh."""
    Claim.objects.filter(pk__in=claim_ids).update(version=F("version") + 1, updated_at=Now())
    refresh_claims(claim_ids)


def source_changed(*, source):
    _refresh_and_bump(Citation.objects.filter(Q(source=source) | Q(relies_on=source)))


def confidence_level_changed(*, level):
    _refresh_and_bump(Citation.objects.filter(confidence=level))


def _refresh_and_bump(citations):
    # A new grade, weight or slug can change what a claim shows without touching the claim: its
    # version (and so its ETag and cached pages) must move too, but only where something changed,
    # so an analyst editing an unaffected claim meanwhile is not told it changed under them.
    changed = refresh_claims(citations.values_list("claim_id", flat=True))
    Claim.objects.filter(pk__in=changed).update(version=F("version") + 1, updated_at=Now())


@transaction.atomic
def save_claim(*, claim, expected_version=None, topics=None, user=None):
    """Validate and save a claim; with `expected_version`, refuse if someone saved it since."""
    if claim.pk is not None and expected_version is not None:
        current = Claim.objects.select_for_update().values_list("version", flat=True).get(pk=claim.pk)
        if current != expected_version:
            raise StaleVersion(current)
        claim.version = current
    if claim.pk is None and user is not None and claim.created_by_id is None:
        claim.created_by = user
    claim.full_clean()
    claim.save()
    if topics is not None:
        claim.topics.set(topics)
    return claim


@transaction.atomic
def create_claim(*, citations=(), topics=(), user=None, **fields):
    """Create a claim with its citations: all of them, or nothing."""
    claim = save_claim(claim=Claim(**fields), topics=topics, user=user)
    for citation_fields in citations:
        save_citation(citation=Citation(claim=claim, **citation_fields), user=user)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def save_citation(*, citation, user=None):
    if citation.pk is None and user is not None and citation.created_by_id is None:
        citation.created_by = user
    citation.full_clean()
    citation.save()
    return citation


@transaction.atomic
def retract_citation(*, citation, reason, user=None):
    citation.retracted = True
    citation.retraction_reason = reason
    return save_citation(citation=citation, user=user)


@transaction.atomic
def set_status(*, claims, status):
    """Publish or withdraw claims in bulk, each save recorded in history."""
    changed = 0
    # Lock only the claim rows: the changelist's queryset outer-joins optional relations, which
    # PostgreSQL will not lock.
    for claim in claims.select_for_update(of=("self",)):
        if claim.status != status:
            claim.status = status
            claim.save(update_fields=["status"])
            changed += 1
    return changed


@transaction.atomic
def load_dataset(data, *, user=None):
    """Create or update topics, sources, claims and citations from a demo-style dataset.

    Rows are matched on slugs (citations on claim, source, speaker and quote) and saved only when
    something differs, so loading the same data twice leaves exactly the same rows and history.
    Returns how many rows were created and updated.
    """
    from sources.models import Source

    from .models import ConfidenceLevel, Topic

    counts = {"created": 0, "updated": 0}

    def sync(model, lookup, values, save):
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup)
        elif all(getattr(instance, name) == value for name, value in values.items()):
            return instance
        counts["updated" if instance.pk else "created"] += 1
        for name, value in values.items():
            setattr(instance, name, value)
        save(instance)
        return instance

    def plain_save(instance):
        instance.full_clean()
        instance.save()

    levels = {level.slug: level for level in ConfidenceLevel.objects.all()}
    topics = {
        row["slug"]: sync(Topic, {"slug": row["slug"]}, _without(row, "slug"), plain_save)
        for row in data.get("topics", [])
    }
    sources = {
        row["slug"]: sync(Source, {"slug": row["slug"]}, _without(row, "slug"), plain_save)
        for row in data.get("sources", [])
    }
    for row in data.get("claims", []):
        values = _without(row, "slug", "topics", "citations")
        values["confidence"] = levels[row["confidence"]] if row.get("confidence") else None
        claim = sync(
            Claim,
            {"slug": row["slug"]},
            values,
            lambda instance: save_claim(claim=instance, user=user),
        )
        wanted_topics = {topics[slug].pk for slug in row.get("topics", [])}
        if set(claim.topics.values_list("pk", flat=True)) != wanted_topics:
            claim.topics.set(wanted_topics)
        for cited in row.get("citations", []):
            values = _without(cited, "source", "speaker", "quote")
            values["confidence"] = levels[cited["confidence"]]
            values["relies_on"] = sources[cited["relies_on"]] if cited.get("relies_on") else None
            if values.get("published_on"):
                values["published_on"] = datetime.date.fromisoformat(values["published_on"])
            sync(
                Citation,
                {
                    "claim": claim,
                    "source": sources[cited["source"]],
                    "speaker": cited["speaker"],
                    "quote": cited["quote"],
                },
                values,
                lambda instance: save_citation(citation=instance, user=user),
            )
    return counts


def _without(row, *keys):
    return {key: value for key, value in row.items() if key not in keys}
