"""Questions as readers and the API see them: each hypothesis's consensus, the board, the ranks.

The board itself is the pure function claims.ach.build_board, over each hypothesis's consensus as
the pure function claims.consensus.compute_consensus gives it (as of a date, when asked). This
gathers what they are computed from: `attach_boards` reads the citations of every hypothesis of
any number of questions in one query, as plain rows (a board of 6 hypotheses and 40 origins has
240 citations, and building model instances for them would cost most of its render time).
"""

from collections import defaultdict

from django.db.models import Prefetch

from . import ach
from .consensus import Report, compute_consensus, stored_fields
from .models import Citation, Question, QuestionHypothesis

# What the consensus reads of a citation (Citation.as_report), with the names and quote a board shows.
BOARD_COLUMNS = (
    "claim_id",
    "id",
    "source__slug",
    "source__name",
    "source__reliability",
    "stance",
    "confidence__weight",
    "published_on",
    "relies_on__slug",
    "relies_on__name",
    "retracted",
    "retracted_on",
    "created_at",
    "informant",
    "anonymous",
    "speaker",
    "quote",
)


def hypotheses(question):
    """The question's hypotheses the caller may see, in order (entries prefetched and filtered)."""
    return [entry.claim for entry in question.entries.all()]


def attach_boards(questions, as_of=None):
    """Give each question (hypotheses prefetched) its board: `board`, `board_claims`, `board_names`
    (source slug → name) and `board_quotes` (citation id → quote). One query for all of them.

    As of a date, each hypothesis also shows the date's consensus (badge, score) in memory, as
    claims.as_of.see_as_of would give it.
    """
    questions = list(questions)
    claims = {claim.pk: claim for question in questions for claim in hypotheses(question)}
    reports, names, quotes = defaultdict(list), {}, {}
    rows = Citation.objects.filter(claim_id__in=list(claims)).order_by("id").values_list(*BOARD_COLUMNS)
    for row in rows if claims else ():
        (claim_id, pk, source, source_name, reliability, stance, weight, published_on, relies_on) = row[:9]
        (relies_on_name, retracted, retracted_on, created_at, informant, anonymous, speaker, quote) = row[9:]
        reports[claim_id].append(
            Report(
                id=pk,
                source=source,
                stance=stance,
                confidence_weight=weight,
                reliability=reliability,
                published_on=published_on,
                relies_on=relies_on,
                retracted=retracted,
                retracted_on=retracted_on,
                entered_on=created_at.date() if created_at else None,
                informant=informant,
                anonymous=anonymous,
                speaker=speaker,
            )
        )
        names[source] = source_name
        if relies_on:
            names[relies_on] = relies_on_name
        if quote:
            quotes[pk] = quote
    consensus = {pk: compute_consensus(reports[pk], as_of=as_of) for pk in claims}
    if as_of is not None:
        for pk, claim in claims.items():
            show_consensus(claim, consensus[pk], reports[pk], as_of)
    for question in questions:
        shown = hypotheses(question)
        question.board_claims = shown
        question.board = ach.build_board([(claim.slug, consensus[claim.pk]) for claim in shown])
        question.board_names = names
        question.board_quotes = quotes
    return questions


def show_consensus(claim, result, reports, as_of):
    """The claim's stored consensus replaced, in memory only, by the one computed as of a date."""
    for name, value in stored_fields(reports, as_of=as_of).items():
        setattr(claim, name, value)
    dates = [report.published_on for report in reports if report.published_on]
    claim.last_reported_on = max((date for date in dates if date <= as_of), default=None)
    claim.as_of = as_of


def representation(question, as_of=None):
    """The API shape of a question (DESIGN.md): hypotheses in order, matrix rows by origin."""
    if not hasattr(question, "board"):
        attach_boards([question], as_of)
    board = question.board
    return {
        "slug": question.slug,
        "text": question.text,
        "topics": [topic.slug for topic in question.topics.all()],
        "hypotheses": [
            {"claim": h.key, "inconsistency": h.inconsistency, "rank": h.rank} for h in board.hypotheses
        ],
        "matrix": [
            {
                "origin": row.origin,
                "diagnostic": row.diagnostic,
                "cells": {key: vote.stance if vote else None for key, vote in row.cells.items()},
            }
            for row in board.rows
        ],
    }


def questions_of(claim, user, *, as_of=None):
    """The questions `claim` is a hypothesis of, each with its place and rank among what `user` sees.

    One query today: the rank comes from each hypothesis's stored stance weights (the same votes
    the board computes). As of a date, one more, for the citations the date's consensus needs.
    Returns [{"question", "position", "count", "rank"}], questions in alphabetical order; none
    for a claim read with for_page() that is no question's hypothesis.
    """
    if not getattr(claim, "in_questions", True):
        return []
    entries = (
        QuestionHypothesis.objects.visible_to(user)
        .filter(question__in=Question.objects.filter(entries__claim=claim).values("pk"))
        .select_related("question", "claim")
        .only("question__slug", "question__text", "position", "claim__slug", "claim__consensus_data")
        .order_by("question__text", "question_id", "position")
    )
    if as_of is not None:
        entries = entries.prefetch_related(
            Prefetch("claim__citations", queryset=Citation.objects.for_display())
        )
    by_question = {}
    for entry in entries:
        by_question.setdefault(entry.question_id, (entry.question, []))[1].append(entry.claim)
    found = []
    for question, claims in by_question.values():
        if as_of is None:
            scores = [ach.inconsistency_from_stance_weights(c.stance_weights) for c in claims]
        else:
            scores = [
                ach.inconsistency(
                    compute_consensus([c.as_report() for c in hypothesis.citations.all()], as_of=as_of)
                )
                for hypothesis in claims
            ]
        ranks = ach.ranks(scores)
        index = next(i for i, c in enumerate(claims) if c.pk == claim.pk)
        found.append(
            {"question": question, "position": index + 1, "count": len(claims), "rank": ranks[index]}
        )
    return found


def ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_phrase(rank, count):
    """“ranked 1st, least inconsistent”, “ranked 3rd, most inconsistent”, “ranked 2nd”."""
    if count == 1:
        return "the only hypothesis"
    if rank == 1:
        return "ranked 1st, least inconsistent"
    if rank == count:
        return f"ranked {ordinal(rank)}, most inconsistent"
    return f"ranked {ordinal(rank)}"
