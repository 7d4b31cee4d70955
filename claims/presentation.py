"""What the reader pages draw from claims and citations: bars, the timeline, the matrix, JSON-LD.

Pure functions of already-loaded objects: they run no queries.
"""

import datetime
import json
from decimal import Decimal
from html import escape

from django.utils.safestring import mark_safe

from . import verdicts
from .consensus import DISPUTES, QUALIFIES, RELIABILITY_WEIGHTS, SUPPORTS

# The one home of the stance symbols: pages, legends and the score chart all take them from here.
STANCE_SYMBOLS = {SUPPORTS: "✓", DISPUTES: "✗", QUALIFIES: "~"}
RETRACTED_SYMBOLS = {SUPPORTS: "○", DISPUTES: "×", QUALIFIES: "∼"}
RETRACTION_SYMBOL = "⊘"
STANCE_WORDS = {SUPPORTS: "supports", DISPUTES: "disputes", QUALIFIES: "qualifies"}
STANCE_ORDER = (SUPPORTS, QUALIFIES, DISPUTES)


def agreement_segments(counts):
    """A stance mix as one bar: a segment per stance, sized by its share (0-100)."""
    total = sum(counts.get(stance, 0) for stance in STANCE_ORDER)
    segments, offset = [], 0.0
    for stance in STANCE_ORDER:
        count = counts.get(stance, 0)
        width = 100 * count / total if total else 0
        if width:
            segments.append(
                {
                    "stance": stance,
                    "x": round(offset, 2),
                    "width": round(width, 2),
                    "title": f"{count} {stance}",
                }
            )
        offset += width
    return segments


def slugs_named_by(claims):
    """Every source slug the claims' stored verdicts name: what a list looks up names for."""
    slugs = set()
    for claim in claims:
        consensus = claim.consensus
        slugs.update(consensus["agree"], consensus["disagree"], consensus["qualify"])
        for vote in claim.votes:
            slugs.update(vote["sources"])
            slugs.update(verdicts.origin_slugs(vote["origin"]))
    return slugs


def claim_rows(claims, sources):
    """What a list row shows of each claim: the verdict in words, the bar, the counts, and the
    sources by name and grade. `sources` is {slug: Source or SourceName}, for at least
    slugs_named_by(claims)."""
    names = {slug: source.name for slug, source in sources.items()}
    rows = []
    for claim in claims:
        consensus, votes = claim.consensus, claim.votes
        chips = []
        for stance, slugs in (
            (SUPPORTS, consensus["agree"]),
            (DISPUTES, consensus["disagree"]),
            (QUALIFIES, consensus["qualify"]),
        ):
            chips += [{"source": sources[slug], "stance": stance} for slug in slugs if slug in sources]
        rows.append(
            {
                "claim": claim,
                "sentence": verdicts.verdict_sentence(consensus, votes, names),
                "blocks": verdicts.vote_blocks(votes, names),
                "counts": verdicts.vote_counts(votes),
                "origins": consensus["independent_origins"],
                "chips": chips[:6],
                "more_sources": max(0, len(chips) - 6),
            }
        )
    return rows


def grouped_citations(citations):
    """Citations under Agree, Disagree and Qualify, each under its source's heading, so a column
    counts sources as the verdict does; sources by name, citations by date, retracted included."""
    columns = {stance: {} for stance in (SUPPORTS, DISPUTES, QUALIFIES)}
    for citation in citations:
        columns[citation.stance].setdefault(citation.source_id, []).append(citation)
    titles = {SUPPORTS: "Agree", DISPUTES: "Disagree", QUALIFIES: "Qualify"}
    return [
        {
            "stance": stance,
            "title": titles[stance],
            "sources": [
                {"source": reports[0].source, "citations": reports}
                for reports in sorted(columns[stance].values(), key=lambda reports: reports[0].source.name)
            ],
        }
        for stance in (SUPPORTS, DISPUTES, QUALIFIES)
    ]


def claim_review(claim, citations, *, url, publisher, sentence):
    """schema.org ClaimReview for search engines and fact-check aggregators; None for an
    unsourced claim, which has nothing to review."""
    rating = verdicts.claim_review_rating(claim.consensus)
    if rating is None:
        return None
    active = [c for c in citations if not c.retracted]
    appearances = []
    for citation in active:
        work = {"@type": "CreativeWork", "author": {"@type": "Organization", "name": citation.source.name}}
        if citation.url:
            work["url"] = citation.url
        if citation.published_on:
            work["datePublished"] = citation.published_on.isoformat()
        appearances.append(work)
    item = {"@type": "Claim", "appearance": appearances}
    dated = sorted((c for c in active if c.published_on), key=lambda c: c.published_on)
    if dated:
        first = {"@type": "CreativeWork", "datePublished": dated[0].published_on.isoformat()}
        if dated[0].url:
            first["url"] = dated[0].url
        item["firstAppearance"] = first
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
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": sentence,
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


def precedence(citation):
    """A citation's consensus.Report.precedence (heavier, then later, then entered last), read
    straight from the citation: the matrix loads only the fields that decide a cell."""
    weight = Decimal(citation.confidence.weight) * RELIABILITY_WEIGHTS[citation.source.reliability]
    return (weight, citation.published_on or datetime.date.min, citation.pk)


def source_cells(citations):
    """A source's stance on one claim: its heaviest active citation decides; retracted-only is hollow."""
    cells = {}
    for citation in citations:
        cells.setdefault(citation.source_id, []).append(citation)
    result = {}
    for source_id, own in cells.items():
        active = [c for c in own if not c.retracted]
        lead = max(active or own, key=precedence)
        result[source_id] = {
            "source": lead.source,
            "stance": lead.stance,
            "retracted": not active,
            "mixed": len({c.stance for c in active}) > 1,
            "quote": lead.quote,
            "title": "; ".join(
                f"{STANCE_WORDS[c.stance]}{' (retracted)' if c.retracted else ''}: “{c.quote}”" for c in own
            ),
        }
    return result


def matrix(claims, *, max_sources=40):
    """Claims × sources (ACH style): sources ordered by how many of these claims they speak to.

    One pass over the claims' citations builds every row's cells and counts each source's reach;
    the rows then pick their cells for the columns shown. `claims` have their citations
    prefetched (ClaimQuerySet.for_matrix, or with_citations as of a date).
    """
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


def score_chart(points, *, as_of=None, width=480, height=230):
    """The score over time as a step chart drawn on the server: one step per date, labelled with
    the verdict it reached, and each report or retraction marked below with its source and stance."""
    if not points:
        return None
    left, right, top, plot_bottom = 44, 12, 28, 130
    dates = sorted({point["date"] for point in points})
    span = max((dates[-1] - dates[0]).days, 1)

    # The last step runs on past the last date, so its label has room.
    last_x = width - right - 110

    def x(date):
        if len(dates) == 1:
            return left + (last_x - left) / 2
        return round(left + (last_x - left) * (date - dates[0]).days / span, 1)

    def y(score):
        return round(top + (plot_bottom - top) * (1 - score) / 2, 1)

    last_of_date = {point["date"]: point for point in points}  # the consensus at the end of each date
    steps, path = [], []
    label_ends = -1.0  # where the previous step's label ends: a label that would overlap it drops below
    for index, date in enumerate(dates):
        point = last_of_date[date]
        end = x(dates[index + 1]) if index + 1 < len(dates) else width - right
        # Move to the first step; then up or down to each next step's score, and along to its end.
        path.append(f"V{y(point['score'])}" if index else f"M{x(date)} {y(point['score'])}")
        path.append(f"H{end}")
        label = verdicts.LABEL_WORDS[point["label"]]
        below = x(date) < label_ends
        label_ends = -1.0 if below else x(date) + 9 * len(label)
        steps.append(
            {
                "x": x(date),
                "y": y(point["score"]),
                "dy": 20 if below else -8,
                "label": label,
                "score": point["score"],
                "date": date,
            }
        )
    marks, stacked = [], {}
    for point in points:
        row = stacked.get(point["date"], 0)
        stacked[point["date"]] = row + 1
        marks.append(
            {
                "x": x(point["date"]),
                "y": plot_bottom + 22 + 18 * row,
                "stance": point["stance"],
                "symbol": STANCE_SYMBOLS[point["stance"]],
                "retraction": point["event"] == "retraction",
                "title": f"{point['date']:%d %b %Y}: {point['source'].name} {STANCE_WORDS[point['stance']]}"
                + (" (retracted)" if point["event"] == "retraction" else ""),
            }
        )
    ticks = dates if len(dates) <= 6 else [dates[0], dates[len(dates) // 2], dates[-1]]
    return {
        "width": width,
        "height": max(height, plot_bottom + 40 + 18 * max(stacked.values())),
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": plot_bottom,
        "zero": y(0),
        "path": " ".join(path),
        "steps": steps,
        "marks": marks,
        "ticks": [{"x": x(date), "date": date} for date in ticks],
        "as_of_x": x(as_of) if as_of and dates[0] <= as_of <= dates[-1] else None,
        "points": points,
    }


# How each vote reads on a hypotheses board (ACH's words beside the stance's).
BOARD_WORDS = {SUPPORTS: "consistent", DISPUTES: "inconsistent", QUALIFIES: "neutral"}


def score_text(value):
    """An inconsistency score as readers read it: 0, 0.48, 1.56 (up to 4 decimals, none padded)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def board(question, *, diagnostic_first=False):
    """A hypotheses board for the template: columns H1…Hn, ranked list, rows of origins' votes.

    `question` has its board attached (claims.questions.attach_boards): the hypotheses in the
    question's order, claims.ach.build_board's result for them, source names and quotes.
    """
    claims, board, names, quotes = (
        question.board_claims,
        question.board,
        question.board_names,
        question.board_quotes,
    )
    columns = [
        {
            "label": f"H{index}",
            "claim": claim,
            "inconsistency": hypothesis.inconsistency,
            "score": score_text(hypothesis.inconsistency),
            "rank": hypothesis.rank,
        }
        for index, (claim, hypothesis) in enumerate(zip(claims, board.hypotheses, strict=True), start=1)
    ]
    rows = []
    for row in board.rows_diagnostic_first() if diagnostic_first else board.rows:
        name = verdicts.origin_name(row.origin, names)
        cells = []
        for column in columns:
            vote = row.cells[column["claim"].slug]
            if vote is None:
                cells.append(
                    (row.origin, "", column["claim"].slug, "", "", f"{name}: no report on {column['label']}")
                )
                continue
            quote = f": “{quotes[vote.report_id]}”" if vote.report_id in quotes else ""
            weight = score_text(float(vote.weight))
            cells.append(
                (
                    row.origin,
                    vote.stance,
                    column["claim"].slug,
                    f"{name} {STANCE_WORDS[vote.stance]} {column['label']} (vote weight {weight}){quote}",
                    STANCE_SYMBOLS[vote.stance],
                    f"{name}: {BOARD_WORDS[vote.stance]} with {column['label']} "
                    f"({vote.stance}, weight {weight})",
                )
            )
        rows.append(
            {
                "origin": row.origin,
                "name": name,
                "diagnostic": row.diagnostic,
                # Built here rather than in the template: 240 cells cost a template ten times as much.
                "cells_html": mark_safe("".join(_board_cell(*cell) for cell in cells)),  # noqa: S308
            }
        )
    return {
        "columns": columns,
        "ranked": sorted(columns, key=lambda column: column["rank"]),
        "rows": rows,
        "non_diagnostic": sum(not row["diagnostic"] for row in rows),
    }


def _board_cell(origin, stance, slug, title, symbol, text):
    """One board cell's HTML, every value escaped."""
    title_attribute = f' title="{escape(title)}"' if title else ""
    return (
        f'<td class="board__cell cell--{stance or "none"}" data-source="{escape(origin)}" '
        f'data-stance="{stance}" data-hypothesis="{escape(slug)}"{title_attribute}>'
        f'<span aria-hidden="true">{symbol}</span><span class="visually-hidden">{escape(text)}</span></td>'
    )
