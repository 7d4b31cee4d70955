"""What was known when (DESIGN.md "Time"): claims seen as of the end of a past date.

Computed from the claims' loaded citations with the pure consensus function; nothing is stored.
The claims', citations' and sources' own fields are today's; the consensus is the date's.
"""

import copy
import datetime

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, TruncDate

from .consensus import compute_consensus, stored_fields
from .models import Citation
from .querysets import set_prefetched

# A list filtered or ordered by as-of values computes every candidate's consensus: bounded.
MAX_AS_OF_CANDIDATES = 10_000


class BadDate(ValueError):
    pass


class TooManyClaims(BadDate):
    """A filter or order on as-of values over more claims than MAX_AS_OF_CANDIDATES."""


def parse_as_of(value):
    """The `as_of` parameter as a date; None when absent; BadDate with a reader's message."""
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadDate(f"“{value}” is not a date: give as_of as YYYY-MM-DD, e.g. 2024-08-14.") from None


def known_on(citation):
    return citation.published_on or citation.created_at.date()


def known_by(claims, as_of):
    """Claims with at least one citation known by `as_of` (a citation retracted by then counts)."""
    known = Citation.objects.annotate(known_on=Coalesce("published_on", TruncDate("created_at"))).filter(
        claim=OuterRef("pk"), known_on__lte=as_of
    )
    return claims.filter(Exists(known))


def see_as_of(claim, as_of):
    """Give a loaded claim (citations prefetched) its consensus and citations as of `as_of`.

    The stored fields are replaced in memory only, so every page and API shape shows the date's
    view unchanged; such a claim is never saved (the services read claims afresh).
    """
    citations = list(claim.citations.all())
    for name, value in stored_fields([c.as_report() for c in citations], as_of=as_of).items():
        setattr(claim, name, value)
    known = [shown_as_of(c, as_of) for c in citations if known_on(c) <= as_of]
    set_prefetched(claim, "citations", known)
    claim.last_reported_on = max((c.published_on for c in known if c.published_on), default=None)
    claim.as_of = as_of
    return claim


def shown_as_of(citation, as_of):
    """The citation as it stood on `as_of`: a later retraction not yet made (a copy, if so)."""
    if not (citation.retracted and citation.retracted_on and citation.retracted_on > as_of):
        return citation
    then = copy.copy(citation)
    then.retracted, then.retracted_on, then.retraction_reason = False, None, ""
    return then


def claims_as_of(claims, as_of, *, consensus=None, robustness=None, order_by_score=None):
    """A list of loaded claims seen as of `as_of`, filtered and ordered by their as-of values.

    `claims` is a queryset already filtered by everything that does not depend on the date, with
    citations prefetched. Without as-of filters or ordering the caller pages the queryset and
    calls see_as_of on the page alone; this computes every candidate, so it is bounded.
    """
    candidates = known_by(claims, as_of)
    if candidates.count() > MAX_AS_OF_CANDIDATES:
        raise TooManyClaims(
            f"as_of with consensus, robustness or ordering by score looks at every matching claim; "
            f"narrow the list to at most {MAX_AS_OF_CANDIDATES:,} (by topic, source or search)."
        )
    seen = [see_as_of(claim, as_of) for claim in candidates.iterator(chunk_size=500)]
    if consensus:
        seen = [claim for claim in seen if claim.consensus_label == consensus]
    if robustness is not None:
        seen = [claim for claim in seen if claim.consensus_robustness == robustness]
    if order_by_score:
        # Stable, so claims of equal score keep the queryset's order.
        seen.sort(key=lambda claim: claim.consensus_score, reverse=order_by_score == "-score")
    return seen


def timeline_points(citations):
    """The claim's consensus at the end of each date a report appeared or was retracted.

    One point per report (on its date, or its entry date without one) and per retraction, in date
    order: reports before retractions on the same day, then by citation id. Each carries the
    consensus as of the end of its date.
    """
    citations = list(citations)
    reports = [c.as_report() for c in citations]
    events = [(known_on(c), 0, c.pk, "report", c) for c in citations]
    events += [
        (c.retracted_on, 1, c.pk, "retraction", c) for c in citations if c.retracted and c.retracted_on
    ]
    events.sort(key=lambda event: event[:3])
    by_date = {}
    points = []
    for date, _, _, event, citation in events:
        if date not in by_date:
            by_date[date] = compute_consensus(reports, as_of=date)
        result = by_date[date]
        points.append(
            {
                "date": date,
                "label": result.label,
                "score": result.score,
                "independent_origins": result.independent_origins,
                "event": event,
                "citation": citation.pk,
                "source": citation.source,
                "stance": citation.stance,
            }
        )
    return points
