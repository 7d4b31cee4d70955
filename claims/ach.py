"""An analysis-of-competing-hypotheses board: one pure function of the hypotheses' consensus.

It knows nothing of the database. Each hypothesis (a claim) comes with its `Consensus`, as
`consensus.compute_consensus` gives it; the board's rows are the independent origins of those
consensus results, with the same votes, and its columns the hypotheses (DESIGN.md, "Questions and
competing claims"):

- a cell is the origin's vote on the hypothesis: consistent (supports), inconsistent (disputes),
  neutral (qualifies), or empty when none of the origin's reports speaks to it;
- a hypothesis's **inconsistency** is the sum of the vote weights of the origins that dispute it,
  rounded to 4 decimals; in Heuer's method the hypothesis with the least evidence against it is
  the one left standing, so hypotheses are ranked from least to most inconsistent, rank 1 first,
  ties keeping the question's order;
- a row that supports every hypothesis cannot tell them apart: it is non-diagnostic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .consensus import DISPUTES, SUPPORTS, Consensus, Vote


@dataclass(frozen=True)
class Hypothesis:
    key: str  # the claim's slug
    inconsistency: float
    rank: int


@dataclass(frozen=True)
class Row:
    origin: str
    # One entry per hypothesis key, in the question's order; None where the origin did not vote.
    cells: dict[str, Vote | None]
    diagnostic: bool


@dataclass(frozen=True)
class Board:
    hypotheses: tuple[Hypothesis, ...]  # in the question's order
    rows: tuple[Row, ...]  # sorted by origin

    def rows_diagnostic_first(self) -> list[Row]:
        """Non-diagnostic rows at the bottom, each group still in origin order."""
        return sorted(self.rows, key=lambda row: not row.diagnostic)


def inconsistency(consensus: Consensus) -> float:
    """Sum of the vote weights of the origins that dispute the hypothesis, rounded to 4 decimals."""
    total = sum((vote.weight for vote in consensus.votes if vote.stance == DISPUTES), Decimal(0))
    return round(float(total), 4)


def inconsistency_from_stance_weights(stance_weights: dict[str, float]) -> float:
    """The same number from a claim's stored stance weights (the total vote weight of each stance)."""
    return round(float(stance_weights.get(DISPUTES, 0.0)), 4)


def ranks(scores: Sequence[float]) -> list[int]:
    """Rank of each score, 1 for the least inconsistent; ties keep their order in `scores`."""
    order = sorted(range(len(scores)), key=lambda index: (scores[index], index))
    result = [0] * len(scores)
    for rank, index in enumerate(order, start=1):
        result[index] = rank
    return result


def build_board(hypotheses: Sequence[tuple[str, Consensus]]) -> Board:
    """The board of hypotheses given in the question's order as (key, consensus) pairs."""
    keys = [key for key, _ in hypotheses]
    scores = [inconsistency(consensus) for _, consensus in hypotheses]
    votes_by_key = {key: consensus.votes_by_origin() for key, consensus in hypotheses}
    origins = sorted({origin for votes in votes_by_key.values() for origin in votes})
    rows = []
    for origin in origins:
        cells = {key: votes_by_key[key].get(origin) for key in keys}
        supports_all = all(vote is not None and vote.stance == SUPPORTS for vote in cells.values())
        rows.append(Row(origin=origin, cells=cells, diagnostic=not supports_all))
    return Board(
        hypotheses=tuple(
            Hypothesis(key=key, inconsistency=score, rank=rank)
            for key, score, rank in zip(keys, scores, ranks(scores), strict=True)
        ),
        rows=tuple(rows),
    )
