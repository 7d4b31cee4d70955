"""Derived fields: each claim's stored consensus, latest report date and search text.

Computed here and nowhere else, explicitly, once per write: the services call
`recompute_locked` after they have locked the claims and written the citations.
"""

from django.db import connection
from django.db.models import F
from django.db.models.functions import Now

from sources.models import Source

from ..consensus import stored_fields
from ..models import Citation, Claim, ConfidenceLevel
from ..querysets import DERIVED_FIELDS
from .locking import share_lock


def derived_values(claim, citations, *, consensus=True):
    """The stored fields a claim's citations give it; with consensus=False only the search text."""
    values = {"search_document": build_search_document(claim, citations)}
    if consensus:
        values.update(stored_fields([c.as_report() for c in citations]))
        values["last_reported_on"] = max((c.published_on for c in citations if c.published_on), default=None)
    return values


def build_search_document(claim, citations):
    """The text a reader's search looks through: statement, context, quotes, speakers, source names."""
    parts = [claim.statement, claim.context]
    for citation in citations:
        parts += [citation.quote, citation.speaker, citation.source.name]
    return "\n".join(part for part in parts if part)


def share_lock_vocabulary(claim_ids):
    """Shared locks on the sources and confidence levels the claims' citations read (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    sources, levels = set(), set()
    for source_id, relayed_id, level_id in Citation.objects.filter(claim_id__in=claim_ids).values_list(
        "source_id", "relies_on_id", "confidence_id"
    ):
        sources.update((source_id, relayed_id))
        levels.add(level_id)
    share_lock(Source, sources)
    share_lock(ConfidenceLevel, levels)


def recompute_locked(claim_ids, *, consensus=True):
    """Recompute and store the derived fields of claims this transaction has locked.

    Returns the ids of the claims whose stored values changed.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        return set()
    if consensus:
        share_lock_vocabulary(ids)
    changed = []
    for claim in Claim.objects.filter(pk__in=ids).for_recompute():
        fresh = derived_values(claim, list(claim.citations.all()), consensus=consensus)
        if any(getattr(claim, name) != value for name, value in fresh.items()):
            for name, value in fresh.items():
                setattr(claim, name, value)
            changed.append(claim)
    if changed:
        Claim.objects.bulk_update(changed, list(DERIVED_FIELDS), batch_size=500)
    return {claim.pk for claim in changed}


def stale_ids(claim_ids):
    """Which of the claims store derived fields that differ from a fresh computation (no writes)."""
    stale = set()
    for claim in Claim.objects.filter(pk__in=claim_ids).for_recompute():
        fresh = derived_values(claim, list(claim.citations.all()))
        if any(getattr(claim, name) != value for name, value in fresh.items()):
            stale.add(claim.pk)
    return stale


def bump_versions(claim_ids):
    """A claim or what it shows changed: new version (its ETag and cache key), in SQL."""
    ids = sorted(set(claim_ids))
    if ids:
        Claim.objects.filter(pk__in=ids).update(version=F("version") + 1, updated_at=Now())
