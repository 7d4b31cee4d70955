"""Questions as readers and the API see them: each hypothesis's consensus, the board, the ranks.

The board itself is the pure function claims.ach.build_board; this gathers what it is built from.
Everything runs on already-loaded objects (see `Question.objects.with_hypotheses`), except
`questions_of`, which reads a claim's questions in one query.
"""

from django.db.models import Prefetch

from . import ach
from .as_of import see_as_of
from .models import Citation, Question, QuestionHypothesis


def hypotheses(question):
    """The question's hypotheses the caller may see, in order (entries prefetched and filtered)."""
    return [entry.claim for entry in question.entries.all()]


def hypothesis_consensus(claim, as_of=None):
    """The claim's consensus, freshly computed from its loaded citations; as of a date when given.

    With a date, the claim is first given its as-of view (see_as_of), so its badge and its
    citations on the board are the date's too.
    """
    if as_of is not None:
        see_as_of(claim, as_of)
    return claim.compute_consensus()


def board_for(question, as_of=None):
    """(hypothesis claims in order, their consensus by slug, the ach.Board)."""
    claims = hypotheses(question)
    consensus = {claim.slug: hypothesis_consensus(claim, as_of) for claim in claims}
    return claims, consensus, ach.build_board([(claim.slug, consensus[claim.slug]) for claim in claims])


def representation(question, as_of=None):
    """The API shape of a question (DESIGN.md): hypotheses in order, matrix rows by origin."""
    _, _, board = board_for(question, as_of)
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
    Returns [{"question", "position", "count", "rank"}], questions in alphabetical order.
    """
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
            scores = [ach.inconsistency(hypothesis_consensus(c, as_of)) for c in claims]
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
