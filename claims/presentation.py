"""What the reader pages draw from claims and citations: bars, the timeline, the matrix, JSON-LD.

Pure functions of already-loaded objects: they run no queries.
"""

import json

from .consensus import DISPUTES, QUALIFIES, STANCE_SIGN, SUPPORTS
from .models import ConsensusLabel

STANCE_SYMBOLS = {SUPPORTS: "✓", DISPUTES: "✗", QUALIFIES: "~"}
STANCE_WORDS = {SUPPORTS: "supports", DISPUTES: "disputes", QUALIFIES: "qualifies"}
STANCE_ORDER = (SUPPORTS, QUALIFIES, DISPUTES)
# How a consensus label reads as a ClaimReview rating (5 = best supported).
RATINGS = {
    ConsensusLabel.CORROBORATED: 5,
    ConsensusLabel.SINGLE_SOURCE: 4,
    ConsensusLabel.UNCONFIRMED: 3,
    ConsensusLabel.UNSOURCED: 3,
    ConsensusLabel.CONTESTED: 2,
    ConsensusLabel.DISPUTED: 1,
}


def agreement_segments(stance_weights):
    """The agreement bar: one segment a stance, sized by the origins' vote weights (0–100)."""
    total = sum(stance_weights.get(stance, 0) for stance in STANCE_ORDER)
    segments, offset = [], 0.0
    for stance in STANCE_ORDER:
        weight = stance_weights.get(stance, 0)
        width = 100 * weight / total if total else 0
        if width:
            segments.append({"stance": stance, "x": round(offset, 2), "width": round(width, 2)})
        offset += width
    return segments


def timeline(citations, *, width=640, height=56, margin=14):
    """One mark per dated report, placed by date, for an inline SVG drawn on the server."""
    dated = [c for c in citations if c.published_on]
    if not dated:
        return None
    first = min(c.published_on for c in dated)
    last = max(c.published_on for c in dated)
    span = max((last - first).days, 1)
    rows = {SUPPORTS: 16, QUALIFIES: 28, DISPUTES: 40}
    marks = []
    for citation in dated:
        x = margin + (width - 2 * margin) * (
            (citation.published_on - first).days / span if last != first else 0.5
        )
        marks.append(
            {
                "x": round(x, 1),
                "y": rows[citation.stance],
                "stance": citation.stance,
                "retracted": citation.retracted,
                "label": f"{citation.published_on:%d %b %Y}: {citation.source.name} "
                f"{STANCE_WORDS[citation.stance]}" + (" (retracted)" if citation.retracted else ""),
            }
        )
    return {"width": width, "height": height, "first": first, "last": last, "marks": marks}


def grouped_citations(citations):
    """Citations under Agree, Disagree and Qualify, in date order, retracted ones included."""
    groups = {SUPPORTS: [], DISPUTES: [], QUALIFIES: []}
    for citation in citations:
        groups[citation.stance].append(citation)
    return [
        {"stance": SUPPORTS, "title": "Agree", "citations": groups[SUPPORTS]},
        {"stance": DISPUTES, "title": "Disagree", "citations": groups[DISPUTES]},
        {"stance": QUALIFIES, "title": "Qualify", "citations": groups[QUALIFIES]},
    ]


def claim_review(claim, citations, *, url, publisher):
    """schema.org ClaimReview for search engines and fact-check aggregators."""
    appearances = [c for c in citations if c.url and not c.retracted]
    dated = sorted((c for c in appearances if c.published_on), key=lambda c: c.published_on)
    item = {"@type": "Claim", "appearance": [{"@type": "CreativeWork", "url": c.url} for c in appearances]}
    if dated:
        item["firstAppearance"] = {
            "@type": "CreativeWork",
            "url": dated[0].url,
            "datePublished": dated[0].published_on.isoformat(),
        }
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
        "datePublished": claim.created_at.date().isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[claim.consensus_label],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": claim.get_consensus_label_display(),
        },
    }


def json_for_script(data):
    """JSON safe inside a <script> element: no way to close the element or open a comment."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def source_cells(citations):
    """A source's stance on one claim: its heaviest active citation decides; retracted-only is hollow."""
    cells = {}
    for citation in citations:
        cells.setdefault(citation.source_id, []).append(citation)
    result = {}
    for source_id, own in cells.items():
        active = [c for c in own if not c.retracted]
        pool = active or own
        lead = max(pool, key=lambda c: c.as_report().precedence)
        result[source_id] = {
            "source": lead.source,
            "stance": lead.stance,
            "symbol": STANCE_SYMBOLS[lead.stance],
            "retracted": not active,
            "mixed": len({c.stance for c in active}) > 1,
            "quote": lead.quote,
            "title": "; ".join(
                f"{STANCE_WORDS[c.stance]}{' (retracted)' if c.retracted else ''}: “{c.quote}”" for c in own
            ),
        }
    return result


def matrix(claims, *, max_sources=40):
    """Claims × sources (ACH style): sources ordered by how many of these claims they speak to."""
    rows = []
    reach = {}
    for claim in claims:
        cells = source_cells(claim.citations.all())
        for source_id, cell in cells.items():
            count, source = reach.get(source_id, (0, cell["source"]))
            reach[source_id] = (count + 1, source)
        rows.append({"claim": claim, "cells": cells})
    columns = [source for _, source in sorted(reach.values(), key=lambda item: (-item[0], item[1].name))]
    columns = columns[:max_sources]
    for row in rows:
        row["cells"] = [row["cells"].get(source.pk) for source in columns]
    return {"columns": columns, "rows": rows, "hidden_sources": max(0, len(reach) - len(columns))}


def agrees_with_consensus(stance, score):
    """Whether a source's stance points the way the claim's consensus does."""
    direction = (score > 0) - (score < 0)
    return STANCE_SIGN[stance] == direction
