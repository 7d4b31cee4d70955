"""How far the sources on one claim agree: the single pure function every page, the API and the admin use.

It knows nothing of the database. Callers turn citations into `Report`s (see `Citation.as_report`)
and get back a `Consensus`; the rules are the ones written down in DESIGN.md ("Consensus").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

SUPPORTS = "supports"
DISPUTES = "disputes"
QUALIFIES = "qualifies"
STANCES = (SUPPORTS, DISPUTES, QUALIFIES)
STANCE_SIGN = {SUPPORTS: 1, DISPUTES: -1, QUALIFIES: 0}

UNSOURCED = "unsourced"
CONTESTED = "contested"
DISPUTED = "disputed"
CORROBORATED = "corroborated"
SINGLE_SOURCE = "single_source"
UNCONFIRMED = "unconfirmed"
LABELS = (CORROBORATED, SINGLE_SOURCE, CONTESTED, DISPUTED, UNCONFIRMED, UNSOURCED)

# Admiralty source grades as vote weights. F ("cannot be judged") sits in the middle on purpose:
# an unknown source is neither trusted nor discounted.
RELIABILITY_WEIGHTS = {
    "A": Decimal("1.0"),
    "B": Decimal("0.8"),
    "C": Decimal("0.6"),
    "D": Decimal("0.4"),
    "E": Decimal("0.2"),
    "F": Decimal("0.5"),
}


@dataclass(frozen=True)
class Report:
    """One citation, reduced to what the consensus needs."""

    id: int
    source: str
    stance: str
    confidence_weight: Decimal
    reliability: str
    published_on: datetime.date | None = None
    relies_on: str | None = None
    retracted: bool = False

    @property
    def weight(self) -> Decimal:
        return Decimal(self.confidence_weight) * RELIABILITY_WEIGHTS[self.reliability]

    @property
    def precedence(self):
        """Heavier first, then the later report, then the one entered last."""
        return (self.weight, self.published_on or datetime.date.min, self.id)


@dataclass(frozen=True)
class Vote:
    origin: str
    stance: str
    weight: Decimal
    report_id: int


@dataclass(frozen=True)
class Consensus:
    label: str
    score: float
    independent_origins: int
    agree: tuple[str, ...] = ()
    disagree: tuple[str, ...] = ()
    qualify: tuple[str, ...] = ()
    votes: tuple[Vote, ...] = field(default=(), compare=False)

    def stance_weights(self) -> dict[str, float]:
        """Total vote weight behind each stance, for the agreement bar."""
        totals = {stance: Decimal(0) for stance in STANCES}
        for vote in self.votes:
            totals[vote.stance] += vote.weight
        return {stance: float(total) for stance, total in totals.items()}

    def as_dict(self) -> dict:
        """The public shape, used by the API and stored on each claim."""
        return {
            "label": self.label,
            "score": self.score,
            "independent_origins": self.independent_origins,
            "agree": list(self.agree),
            "disagree": list(self.disagree),
            "qualify": list(self.qualify),
        }


def compute_consensus(reports: Iterable[Report]) -> Consensus:
    reports = list(reports)
    active = [report for report in reports if not report.retracted]
    if not active:
        return Consensus(label=UNSOURCED, score=0.0, independent_origins=0)

    origins_of = _origin_resolver(reports)
    heaviest_by_origin: dict[str, Report] = {}
    for report in active:
        for origin in origins_of(report):
            current = heaviest_by_origin.get(origin)
            if current is None or report.precedence > current.precedence:
                heaviest_by_origin[origin] = report

    votes = tuple(
        Vote(origin=origin, stance=report.stance, weight=report.weight, report_id=report.id)
        for origin, report in sorted(heaviest_by_origin.items())
    )
    return Consensus(
        label=_label(votes),
        score=_score(votes),
        independent_origins=len(votes),
        agree=_sources_with_stance(active, SUPPORTS),
        disagree=_sources_with_stance(active, DISPUTES),
        qualify=_sources_with_stance(active, QUALIFIES),
        votes=votes,
    )


def _origin_resolver(reports: list[Report]):
    """Return a function giving the set of origins one report leads to.

    Sources form a graph: a source that has only relayed reports on this claim points at the
    sources it relays (retracted reports included: provenance is never forgotten). A source with an
    original report, or with no report at all, is an origin. A loop of relaying sources that never
    reaches an origin counts as one origin, named after its members.
    """
    relays: dict[str, set[str]] = {}
    has_original: set[str] = set()
    for report in reports:
        if report.relies_on is None:
            has_original.add(report.source)
        else:
            relays.setdefault(report.source, set()).add(report.relies_on)

    def is_origin(source: str) -> bool:
        return source in has_original or source not in relays

    def successors(source: str):
        return () if is_origin(source) else relays[source]

    memo: dict[str, frozenset[str]] = {}

    def origins_of_source(start: str) -> frozenset[str]:
        if start not in memo:
            found = set()
            for source in _reachable(start, successors):
                if is_origin(source):
                    found.add(source)
                    continue
                closure = _reachable(source, successors)
                # A closed loop: everything it leads to leads back, and none of it is an origin.
                if all(source in _reachable(member, successors) for member in closure):
                    found.add("+".join(sorted(closure)))
            memo[start] = frozenset(found)
        return memo[start]

    def origins_of(report: Report) -> frozenset[str]:
        if report.relies_on is None:
            return frozenset({report.source})
        return origins_of_source(report.relies_on)

    return origins_of


def _reachable(start: str, successors) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for nxt in successors(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _label(votes: tuple[Vote, ...]) -> str:
    stances = [vote.stance for vote in votes]
    supporting = stances.count(SUPPORTS)
    disputing = stances.count(DISPUTES)
    if not votes:
        return UNSOURCED
    if supporting and disputing:
        return CONTESTED
    if disputing:
        return DISPUTED
    if supporting >= 2:
        return CORROBORATED
    if supporting == 1:
        return SINGLE_SOURCE
    return UNCONFIRMED


def _score(votes: tuple[Vote, ...]) -> float:
    total = sum((vote.weight for vote in votes), Decimal(0))
    if not total:
        return 0.0
    signed = sum((vote.weight * STANCE_SIGN[vote.stance] for vote in votes), Decimal(0))
    return round(float(signed / total), 4)


def _sources_with_stance(active: list[Report], stance: str) -> tuple[str, ...]:
    return tuple(sorted({report.source for report in active if report.stance == stance}))
