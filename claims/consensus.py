"""How far the sources on one claim agree: the single pure function every page, the API and the admin use.

It knows nothing of the database. Callers turn citations into `Report`s (see `Citation.as_report`)
and get back a `Consensus`; the rules are the ones written down in DESIGN.md ("Consensus", "Time:
what was known when", "Sensitivity: what the verdict rests on" and "Shared informants").
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
from collections import Counter, defaultdict
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

POSSIBLE_SHARED_INFORMANT = "possible_shared_informant"

LOOP_PREFIX = "loop:"
INFORMANT_PREFIX = "informant:"

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

# Robustness is searched over removal sets of at most this many origins (DESIGN.md).
MAX_REMOVED_ORIGINS = 3
# Removal sets of two or three origins evaluated one by one (only needed when some citation leads to
# several origins, or a retracted citation's informant key can re-route provenance). Singletons are
# always evaluated in full, so `pivotal`, and `robustness == 1`, are always exact. Past this budget
# the search stops: `robustness` is then the smallest changing set found so far (a real set of that
# size does change the label, though a smaller one may have gone unexamined), or None if none was
# found. Measured at 200 citations: about 0.03 s for 1,000 sets of involved origins, about 0.5 s when
# every set needs a literal recomputation (a retracted citation's informant key, see `_sensitivity`).
MAX_REMOVAL_SETS = 1000

# Warnings for possible shared informants: at most this many days between two reports in a group.
SHARED_INFORMANT_WINDOW = datetime.timedelta(days=3)
# Maximal groups are enumerated as maximal cliques, which can multiply when several sources each
# have several matching reports in one window; past this many the rest are not reported.
MAX_WARNINGS = 50


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
    retracted_on: datetime.date | None = None
    # The citation's created_at date: when the report became known if it carries no published_on.
    entered_on: datetime.date | None = None
    # Analysts' shared-informant key; blank means not grouped with anything.
    informant: str = ""
    anonymous: bool = False
    speaker: str = ""

    @property
    def weight(self) -> Decimal:
        return Decimal(self.confidence_weight) * RELIABILITY_WEIGHTS[self.reliability]

    @property
    def precedence(self):
        """Heavier first, then the later report, then the one entered last."""
        return (self.weight, self.published_on or datetime.date.min, self.id)

    @property
    def known_on(self) -> datetime.date | None:
        return self.published_on or self.entered_on

    @property
    def informant_key(self) -> str:
        return (self.informant or "").strip()


@dataclass(frozen=True)
class Vote:
    origin: str
    stance: str
    weight: Decimal
    # The report that cast it, and every source whose active reports lead to this origin.
    report_id: int
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Consensus:
    label: str
    score: float
    independent_origins: int
    agree: tuple[str, ...] = ()
    disagree: tuple[str, ...] = ()
    qualify: tuple[str, ...] = ()
    # One vote per origin, sorted by origin name.
    votes: tuple[Vote, ...] = field(default=(), compare=False)
    # Origins whose removal alone changes the label, sorted, and the label each removal leaves.
    pivotal: tuple[str, ...] = ()
    pivotal_effects: dict[str, str] = field(default_factory=dict, compare=False)
    robustness: int | None = None
    warnings: tuple[dict, ...] = ()

    def votes_by_origin(self) -> dict[str, Vote]:
        """Each origin's vote, in origin order (the rows of a hypotheses board)."""
        return {vote.origin: vote for vote in self.votes}

    def as_dict(self) -> dict:
        """The public shape, used by the API and stored on each claim."""
        return {
            "label": self.label,
            "score": self.score,
            "independent_origins": self.independent_origins,
            "agree": list(self.agree),
            "disagree": list(self.disagree),
            "qualify": list(self.qualify),
            "pivotal": list(self.pivotal),
            "pivotal_effects": dict(self.pivotal_effects),
            "robustness": self.robustness,
            "warnings": [
                {**warning, "citations": list(warning["citations"]), "sources": list(warning["sources"])}
                for warning in self.warnings
            ],
        }


def compute_consensus(reports: Iterable[Report], *, as_of: datetime.date | None = None) -> Consensus:
    """The consensus of one claim's reports, today or as known at the end of `as_of`."""
    view = _view(reports, as_of)
    active = [report for report in view if not report.retracted]
    if not active:
        return Consensus(label=UNSOURCED, score=0.0, independent_origins=0)

    origins_of = _resolve_origins(view)
    votes = _votes(active, origins_of)
    label = _label(votes)
    pivotal_effects, robustness = _sensitivity(view, active, origins_of, votes, label)
    return Consensus(
        label=label,
        score=_score(votes),
        independent_origins=len(votes),
        agree=_sources_with_stance(active, SUPPORTS),
        disagree=_sources_with_stance(active, DISPUTES),
        qualify=_sources_with_stance(active, QUALIFIES),
        votes=votes,
        pivotal=tuple(sorted(pivotal_effects)),
        pivotal_effects=pivotal_effects,
        robustness=robustness,
        warnings=_warnings(active),
    )


# "Best supported first": the labels in the order a reader scans for support.
SUPPORT_ORDER = (CORROBORATED, SINGLE_SOURCE, UNCONFIRMED, CONTESTED, DISPUTED, UNSOURCED)


def support_rank(label: str, origins: int, score: float) -> int:
    """One number that sorts claims best supported first: by label, then origins, then score."""
    return (
        (len(SUPPORT_ORDER) - SUPPORT_ORDER.index(label)) * 10_000_000
        + min(origins, 9_999) * 1_000
        + round((score + 1) * 499.5)
    )


def stored_fields(reports: Iterable[Report], *, as_of: datetime.date | None = None) -> dict:
    """What a claim stores of its consensus, and what pages and lists read back.

    The public shape (`Consensus.as_dict`) plus each origin's vote (for the verdict in words, the
    agreement bar and a hypotheses board); the label, score, robustness and
    best-supported-first rank as their own columns, for filtering and sorting.
    """
    result = compute_consensus(reports, as_of=as_of)
    data = {
        **result.as_dict(),
        "votes": [
            {"origin": v.origin, "stance": v.stance, "weight": float(v.weight), "sources": list(v.sources)}
            for v in result.votes
        ],
    }
    return {
        "consensus_label": result.label,
        "consensus_score": result.score,
        "consensus_robustness": result.robustness,
        "consensus_rank": support_rank(result.label, result.independent_origins, result.score),
        "consensus_data": data,
    }


def report_origins(reports: Iterable[Report], *, as_of: datetime.date | None = None) -> dict[int, tuple]:
    """The sorted origin names each report known by `as_of` leads to, keyed by report id.

    Retracted reports are included with the origins they would lead to: they cast no vote, but a
    page can still say where they came from.
    """
    view = _view(reports, as_of)
    origins_of = _resolve_origins(view)
    return {report.id: tuple(sorted(origins_of[report])) for report in view}


def _view(reports: Iterable[Report], as_of: datetime.date | None) -> list[Report]:
    """The reports as they stood at the end of `as_of`: later ones unknown, later retractions undone."""
    reports = list(reports)
    if as_of is None:
        return reports
    view = []
    for report in reports:
        # A report with no date at all cannot be placed in time; it counts as always known.
        if report.known_on is not None and report.known_on > as_of:
            continue
        retracted = report.retracted and (report.retracted_on is None or report.retracted_on <= as_of)
        view.append(
            report if retracted == report.retracted else dataclasses.replace(report, retracted=retracted)
        )
    return view


# --- Origins ------------------------------------------------------------------------------------


def _resolve_origins(reports: list[Report]) -> dict[Report, frozenset[str]]:
    """The origins each report leads to, relays and shared informants applied.

    Relays are resolved first (`_relay_resolver`). Then every informant key is joined, union-find
    style, with every origin its reports would lead to, retracted reports included (keys are
    provenance, like relay links). A set of joined origins counts as one origin: the keys of two
    groups that share an origin join too, so overlapping groups become a single origin named
    `informant:<all its keys, sorted, joined by +>` (just `informant:<key>` for one key). Any report
    that would lead to one of the joined origins leads to the merged one, so merging only ever
    replaces existing origins and never adds one.
    """
    relay_origins_of = _relay_resolver(reports)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node):
        parent.setdefault(node, node)
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for report in reports:
        if report.informant_key:
            key_node = find(("key", report.informant_key))
            for origin in relay_origins_of(report):
                origin_node = find(("origin", origin))
                if origin_node != key_node:
                    # Which node ends up the root does not matter: a merged origin is named after
                    # its set of keys, and the partition is the same in any order.
                    parent[origin_node] = key_node

    keys_by_root: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, name in list(parent):
        if kind == "key":
            keys_by_root[find((kind, name))].add(name)

    def merged(origin: str) -> str:
        node = ("origin", origin)
        if node not in parent:
            return origin
        return INFORMANT_PREFIX + "+".join(sorted(keys_by_root[find(node)]))

    return {report: frozenset(merged(origin) for origin in relay_origins_of(report)) for report in reports}


def _relay_resolver(reports: list[Report]):
    """Return a function giving the set of origins one report leads to through relays.

    Sources form a graph: a source that has only relayed reports on this claim points at the
    sources it relays (retracted reports included: provenance is never forgotten). A source with an
    original report, or with no report at all, is an origin. A loop of relaying sources that never
    reaches an origin counts as one origin, `loop:<its members, sorted, joined by +>`.
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
                    found.add(LOOP_PREFIX + "+".join(sorted(closure)))
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


# --- Votes, label, score ------------------------------------------------------------------------


def _votes(active: list[Report], origins_of: dict[Report, frozenset[str]]) -> tuple[Vote, ...]:
    heaviest_by_origin: dict[str, Report] = {}
    sources_by_origin: dict[str, set[str]] = defaultdict(set)
    for report in active:
        for origin in origins_of[report]:
            sources_by_origin[origin].add(report.source)
            current = heaviest_by_origin.get(origin)
            if current is None or report.precedence > current.precedence:
                heaviest_by_origin[origin] = report
    return tuple(
        Vote(
            origin=origin,
            stance=report.stance,
            weight=report.weight,
            report_id=report.id,
            sources=tuple(sorted(sources_by_origin[origin])),
        )
        for origin, report in sorted(heaviest_by_origin.items())
    )


def _label(votes: tuple[Vote, ...]) -> str:
    return _label_from_counts(Counter(vote.stance for vote in votes))


def _label_from_counts(counts) -> str:
    """The label depends only on how many origins vote each stance."""
    supporting, disputing, qualifying = (counts[SUPPORTS], counts[DISPUTES], counts[QUALIFIES])
    if supporting and disputing:
        return CONTESTED
    if disputing:
        return DISPUTED
    if supporting >= 2:
        return CORROBORATED
    if supporting == 1:
        return SINGLE_SOURCE
    if qualifying:
        return UNCONFIRMED
    return UNSOURCED


def _score(votes: tuple[Vote, ...]) -> float:
    total = sum((vote.weight for vote in votes), Decimal(0))
    if not total:
        return 0.0
    signed = sum((vote.weight * STANCE_SIGN[vote.stance] for vote in votes), Decimal(0))
    return round(float(signed / total), 4)


def _sources_with_stance(active: list[Report], stance: str) -> tuple[str, ...]:
    return tuple(sorted({report.source for report in active if report.stance == stance}))


# --- Sensitivity --------------------------------------------------------------------------------


def _sensitivity(view, active, origins_of, votes, label) -> tuple[dict[str, str], int | None]:
    """Which origins the label rests on (`pivotal_effects`) and how many must go to change it.

    Removing a set of origins means dropping every active report that leads to any of them (relay
    link included) and computing the label again from what is left, retracted reports still there
    as provenance. Done literally that costs a full recomputation per set; most of it follows from
    counts instead:

    * A *simple* origin is one that only single-origin reports lead to. Removing it takes away its
      vote and nothing else: the remaining reports still reach exactly what they reached before
      (whatever they pass through keeps all its reports), so the other origins and votes stand.
    * An *involved* origin shares a report with another origin. Removing it can take votes from
      those others too, so the votes of involved origins are recomputed from the reports left,
      over involved origins only (the origin structure itself still stands, as above).
    * A *tainted* origin contains an informant key carried by a retracted report. Once its active
      reports are dropped, that retracted report's relays can lead elsewhere and its key can then
      merge origins that were apart, so any set containing it is recomputed literally.

    With only simple origins (the common case) everything is a function of the stance counts:
    O(origins). Otherwise sets of up to three non-simple origins are searched, each combined with
    the cheapest removal of simple origins (again by counts), within MAX_REMOVAL_SETS.
    """
    stance_of = {vote.origin: vote.stance for vote in votes}
    involved = {origin for report in active if len(origins_of[report]) > 1 for origin in origins_of[report]}
    tainted = {
        origin
        for report in view
        if report.retracted and report.informant_key
        for origin in origins_of[report]
    } & stance_of.keys()
    complex_origins = sorted(involved | tainted)
    simple = [origin for origin in sorted(stance_of) if origin not in involved and origin not in tainted]
    simple_counts = Counter(stance_of[origin] for origin in simple)
    complex_counts = Counter(stance_of[origin] for origin in complex_origins)
    leading_to = {
        origin: sorted(
            (report for report in active if origin in origins_of[report]),
            key=lambda report: report.precedence,
            reverse=True,
        )
        for origin in complex_origins
    }

    def complex_counts_without(removed: frozenset[str]) -> Counter:
        counts = Counter()
        for origin in complex_origins:
            if origin in removed:
                continue
            for report in leading_to[origin]:
                if not origins_of[report] & removed:
                    counts[report.stance] += 1
                    break
        return counts

    def literal_label_without(removed: frozenset[str]) -> str:
        kept = [report for report in view if report.retracted or not origins_of[report] & removed]
        kept_active = [report for report in kept if not report.retracted]
        return _label(_votes(kept_active, _resolve_origins(kept))) if kept_active else UNSOURCED

    def cheapest_simple_removal(fixed: Counter, budget: int) -> int | None:
        """Fewest simple origins (0..budget) to remove, next to `fixed` complex votes, to change the label."""
        for size in range(budget + 1):
            for supporting in range(min(size, simple_counts[SUPPORTS]) + 1):
                for disputing in range(min(size - supporting, simple_counts[DISPUTES]) + 1):
                    qualifying = size - supporting - disputing
                    if qualifying > simple_counts[QUALIFIES]:
                        continue
                    left = Counter(
                        {
                            SUPPORTS: fixed[SUPPORTS] + simple_counts[SUPPORTS] - supporting,
                            DISPUTES: fixed[DISPUTES] + simple_counts[DISPUTES] - disputing,
                            QUALIFIES: fixed[QUALIFIES] + simple_counts[QUALIFIES] - qualifying,
                        }
                    )
                    if _label_from_counts(left) != label:
                        return size
        return None

    effects: dict[str, str] = {}
    for origin in sorted(stance_of):
        removed = frozenset({origin})
        if origin in tainted:
            after = literal_label_without(removed)
        elif origin in involved:
            after = _label_from_counts(complex_counts_without(removed) + simple_counts)
        else:
            left = simple_counts + complex_counts
            left[stance_of[origin]] -= 1
            after = _label_from_counts(left)
        if after != label:
            effects[origin] = after
    if effects:
        return effects, 1

    best = cheapest_simple_removal(complex_counts, MAX_REMOVED_ORIGINS)
    evaluations = 0
    for size in range(1, MAX_REMOVED_ORIGINS + 1):
        for combination in itertools.combinations(complex_origins, size):
            limit = MAX_REMOVED_ORIGINS if best is None else best - 1
            if size > limit:
                return effects, best
            removed = frozenset(combination)
            if removed & tainted:
                for extra_size in range(limit - size + 1):
                    for extra in itertools.combinations(simple, extra_size):
                        evaluations += 1
                        if evaluations > MAX_REMOVAL_SETS:
                            return effects, best
                        if literal_label_without(removed | frozenset(extra)) != label:
                            best = size + extra_size
                            break
                    else:
                        continue
                    break
            else:
                evaluations += 1
                if evaluations > MAX_REMOVAL_SETS:
                    return effects, best
                extra_size = cheapest_simple_removal(complex_counts_without(removed), limit - size)
                if extra_size is not None:
                    best = size + extra_size
    return effects, best


# --- Warnings: possible shared informants -------------------------------------------------------

_UNCOUNTED_WORDS = frozenset("a an the one two three four five several multiple some".split())


def normalise_speaker(speaker: str) -> str:
    """A speaker description reduced so that differently worded mentions of one person compare equal.

    "a senior U.S. official" and "two senior US officials" both become "senior us official".
    Punctuation is deleted rather than turned into spaces ("Ukraine's" → "ukraine"); a word made only
    of digits is dropped ("2 officials"), digits inside a word are kept ("F-16 pilots" stays apart
    from "F-35 pilots").
    """
    text = re.sub(r"\bu\.s\.", "us", (speaker or "").lower())
    text = re.sub(r"[^\w\s]|_", "", text)
    words = [word for word in text.split() if word not in _UNCOUNTED_WORDS and not word.isdigit()]
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words)


def _warnings(active: list[Report]) -> tuple[dict, ...]:
    """Groups of anonymous, ungrouped reports from different sources that may share one informant.

    A group is a maximal clique: every pair is from two sources, at most three days apart, with the
    same normalised speaker. When dates chain (1st, 3rd and 5th of a month) there is no single
    best partition, so every maximal clique is reported: {1st, 3rd} and {3rd, 5th}, the 3rd in both.
    The set of maximal cliques is unique, so the result does not depend on the order of the reports.
    """
    by_speaker: dict[str, list[Report]] = defaultdict(list)
    for report in active:
        # A report with no date cannot be shown to be within three days of another.
        if not report.anonymous or report.informant_key or report.known_on is None:
            continue
        speaker = normalise_speaker(report.speaker)
        if speaker:
            by_speaker[speaker].append(report)

    groups: list[tuple[list[int], list[str]]] = []
    for speaker in sorted(by_speaker):
        candidates = sorted(by_speaker[speaker], key=lambda report: report.id)
        adjacent = [
            {
                j
                for j, other in enumerate(candidates)
                if other.source != report.source
                and abs(other.known_on - report.known_on) <= SHARED_INFORMANT_WINDOW
            }
            for report in candidates
        ]
        for clique in _maximal_cliques(adjacent):
            if len(groups) >= MAX_WARNINGS:
                break
            if len(clique) >= 2:
                members = [candidates[i] for i in clique]
                groups.append(
                    (sorted(report.id for report in members), sorted(report.source for report in members))
                )
    return tuple(
        {"kind": POSSIBLE_SHARED_INFORMANT, "citations": citations, "sources": sources}
        for citations, sources in sorted(groups)
    )


def _maximal_cliques(adjacent: list[set[int]]):
    """Bron–Kerbosch with pivoting, visiting vertices in index order so the output is deterministic."""

    def expand(clique: set[int], candidates: set[int], excluded: set[int]):
        if not candidates and not excluded:
            yield sorted(clique)
            return
        pivot = min(candidates | excluded, key=lambda v: (-len(adjacent[v] & candidates), v))
        for vertex in sorted(candidates - adjacent[pivot]):
            yield from expand(clique | {vertex}, candidates & adjacent[vertex], excluded & adjacent[vertex])
            candidates = candidates - {vertex}
            excluded = excluded | {vertex}

    yield from expand(set(), set(range(len(adjacent))), set())
