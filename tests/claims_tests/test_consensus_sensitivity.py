"""What the verdict rests on: `pivotal`, `pivotal_effects` and `robustness` (DESIGN.md, "Sensitivity").

Pure function only, no database. The fast path (stance counts) and the bounded search are checked
against a brute force that removes every set of up to three origins literally and recomputes.
"""

import itertools
import time
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims import consensus
from claims.consensus import (
    CONTESTED,
    CORROBORATED,
    DISPUTED,
    DISPUTES,
    QUALIFIES,
    SINGLE_SOURCE,
    SUPPORTS,
    UNCONFIRMED,
    UNSOURCED,
    Report,
    compute_consensus,
    report_origins,
)
from tests.claims_tests.test_consensus import report, reports_strategy


def brute_force(reports):
    """Pivotal effects and robustness by the definition: drop, recompute, compare labels."""
    base = compute_consensus(reports)
    if base.label == UNSOURCED:
        return {}, None
    leads_to = report_origins(reports)
    origins = [vote.origin for vote in base.votes]

    def label_without(removed):
        kept = [r for r in reports if r.retracted or not set(leads_to[r.id]) & set(removed)]
        return compute_consensus(kept).label

    effects = {origin: label_without({origin}) for origin in origins}
    effects = {origin: label for origin, label in effects.items() if label != base.label}
    robustness = next(
        (
            size
            for size in (1, 2, 3)
            if any(label_without(c) != base.label for c in itertools.combinations(origins, size))
        ),
        None,
    )
    return effects, robustness


def sensitivity(result):
    return result.pivotal, result.pivotal_effects, result.robustness


class TestHandComputed:
    def test_unsourced_rests_on_nothing(self):
        assert sensitivity(compute_consensus([])) == ((), {}, None)
        assert sensitivity(compute_consensus([report("cnn", retracted=True)])) == ((), {}, None)

    def test_single_source_rests_on_its_one_origin(self):
        result = compute_consensus([report("cnn"), report("cnn", weight="0.3")])
        assert sensitivity(result) == (("cnn",), {"cnn": UNSOURCED}, 1)

    def test_corroborated_by_exactly_two_origins_each_pivotal(self):
        result = compute_consensus([report("cnn"), report("bbc")])
        assert result.label == CORROBORATED
        assert sensitivity(result) == (("bbc", "cnn"), {"bbc": SINGLE_SOURCE, "cnn": SINGLE_SOURCE}, 1)

    def test_corroborated_by_three_needs_two_removed(self):
        result = compute_consensus([report("cnn"), report("bbc"), report("isw")])
        # Removing any one leaves two supporters (still corroborated); any two leave one.
        assert sensitivity(result) == ((), {}, 2)

    def test_four_supporters_need_three_removed(self):
        result = compute_consensus([report(s) for s in ("cnn", "bbc", "isw", "wsj")])
        assert sensitivity(result) == ((), {}, 3)

    def test_five_supporters_are_beyond_the_search(self):
        result = compute_consensus([report(s) for s in ("cnn", "bbc", "isw", "wsj", "politico")])
        assert sensitivity(result) == ((), {}, None)

    def test_contested_by_one_dissenter_rests_on_it(self):
        result = compute_consensus([report("cnn"), report("bbc"), report("isw", DISPUTES)])
        assert result.label == CONTESTED
        assert sensitivity(result) == (("isw",), {"isw": CORROBORATED}, 1)

    def test_contested_one_against_one(self):
        result = compute_consensus([report("cnn"), report("isw", DISPUTES)])
        assert sensitivity(result) == (("cnn", "isw"), {"cnn": DISPUTED, "isw": SINGLE_SOURCE}, 1)

    def test_contested_two_against_two_needs_a_whole_side_removed(self):
        result = compute_consensus(
            [report("cnn"), report("bbc"), report("isw", DISPUTES), report("wsj", DISPUTES)]
        )
        assert result.label == CONTESTED
        # One removal leaves both sides; removing both disputers (or both supporters) ends the contest.
        assert sensitivity(result) == ((), {}, 2)

    def test_disputed_with_a_qualifier(self):
        result = compute_consensus([report("isw", DISPUTES), report("bbc", QUALIFIES)])
        assert result.label == DISPUTED
        assert sensitivity(result) == (("isw",), {"isw": UNCONFIRMED}, 1)

    def test_unconfirmed_by_two_qualifiers(self):
        result = compute_consensus([report("isw", QUALIFIES), report("bbc", QUALIFIES)])
        assert sensitivity(result) == ((), {}, 2)

    def test_a_qualifier_never_matters_next_to_two_supporters_and_one_more(self):
        result = compute_consensus([report("cnn"), report("bbc"), report("isw"), report("wsj", QUALIFIES)])
        assert sensitivity(result) == ((), {}, 2)

    def test_relays_count_with_their_origin(self):
        # The Daily Relay relays the wire: removing the wire drops the relay too.
        result = compute_consensus([report("daily", relies_on="wire"), report("wire"), report("bbc")])
        assert result.independent_origins == 2
        assert sensitivity(result) == (("bbc", "wire"), {"bbc": SINGLE_SOURCE, "wire": SINGLE_SOURCE}, 1)

    def test_loop_and_informant_origins_are_named_in_pivotal(self):
        result = compute_consensus(
            [
                report("a", relies_on="b"),
                report("b", relies_on="a"),
                report("cnn", informant="kirby"),
                report("bbc", informant="kirby"),
            ]
        )
        assert result.pivotal == ("informant:kirby", "loop:a+b")
        assert result.pivotal_effects == {"informant:kirby": SINGLE_SOURCE, "loop:a+b": SINGLE_SOURCE}

    def test_as_dict_carries_the_sensitivity(self):
        data = compute_consensus([report("cnn"), report("bbc")]).as_dict()
        assert data["pivotal"] == ["bbc", "cnn"]
        assert data["pivotal_effects"] == {"bbc": SINGLE_SOURCE, "cnn": SINGLE_SOURCE}
        assert data["robustness"] == 1
        assert data["warnings"] == []


class TestReportsLeadingToSeveralOrigins:
    """The slow path: removing one origin can take another origin's votes with it."""

    def two_origin_report(self, **kwargs):
        # Gazette relays the hub, which (retracted, as provenance) relayed both c and d; neither c nor
        # d has a report, so each is an origin and the gazette's one report leads to both.
        return [
            report("gazette", relies_on="hub", **kwargs),
            report("hub", relies_on="c", retracted=True),
            report("hub", relies_on="d", retracted=True),
        ]

    def test_one_report_leading_to_two_origins(self):
        result = compute_consensus(self.two_origin_report())
        assert {vote.origin for vote in result.votes} == {"c", "d"}
        assert result.label == CORROBORATED
        # Counting would say "remove one, one is left": but removing c drops the gazette's report.
        assert sensitivity(result) == (("c", "d"), {"c": UNSOURCED, "d": UNSOURCED}, 1)

    def test_shared_report_makes_both_its_origins_pivotal(self):
        result = compute_consensus([*self.two_origin_report(), report("isw")])
        assert result.independent_origins == 3
        # Counts alone (three supporters) would give no pivotal origin and robustness 2.
        assert sensitivity(result) == (("c", "d"), {"c": SINGLE_SOURCE, "d": SINGLE_SOURCE}, 1)

    def test_other_reports_keep_an_origin_alive(self):
        # c also has its own original: removing d drops the gazette, but c still has a vote.
        result = compute_consensus([*self.two_origin_report(), report("c"), report("isw")])
        assert {vote.origin for vote in result.votes} == {"c", "d", "isw"}
        assert result.pivotal == ("c",)
        assert result.pivotal_effects == {"c": SINGLE_SOURCE}
        assert result.robustness == 1

    def test_slow_path_robustness_two(self):
        # The gazette (c+d) and two independent supporters: removing c or d leaves isw and wsj.
        reports = [*self.two_origin_report(), report("isw"), report("wsj")]
        result = compute_consensus(reports)
        assert result.independent_origins == 4
        # Removing c (or d) also silences the other, but isw and wsj still corroborate; removing c
        # and isw leaves wsj alone.
        assert sensitivity(result) == ((), {}, 2)
        assert brute_force(reports) == ({}, 2)

    def test_vote_moves_to_the_next_heaviest_report(self):
        # d's heaviest report is the shared one; without c, d falls back to its own dispute. Removing
        # d drops both of d's reports, and c goes with the shared one: isw is left alone.
        reports = [
            *self.two_origin_report(weight="1.0", grade="A"),
            report("d", DISPUTES, weight="0.3"),
            report("isw"),
        ]
        result = compute_consensus(reports)
        assert result.label == CORROBORATED
        assert result.pivotal_effects == {"c": CONTESTED, "d": SINGLE_SOURCE}
        assert brute_force(reports) == (result.pivotal_effects, result.robustness)

    def test_retracted_informant_can_reroute_after_a_removal(self):
        # A retracted report keyed "k" relays s, which has an original and (retracted) relayed p and q.
        # Today s's original makes s an origin, merged with the key. Remove it and the retracted
        # relay leads on through s to p and q, and its key merges p and q into one origin.
        reports = [
            report("s"),
            report("s", relies_on="p", retracted=True),
            report("s", relies_on="q", retracted=True),
            report("x", relies_on="s", retracted=True, informant="k"),
            report("p"),
            report("q"),
        ]
        result = compute_consensus(reports)
        assert {vote.origin for vote in result.votes} == {"informant:k", "p", "q"}
        assert result.label == CORROBORATED
        assert sensitivity(result) == (("informant:k",), {"informant:k": SINGLE_SOURCE}, 1)
        assert brute_force(reports) == ({"informant:k": SINGLE_SOURCE}, 1)

    def test_past_the_search_budget_robustness_is_the_best_found(self, monkeypatch):
        reports = [*self.two_origin_report(), report("isw"), report("wsj")]
        monkeypatch.setattr(consensus, "MAX_REMOVAL_SETS", 0)
        # Singletons are always searched; pairs among c and d are not, and counting the simple
        # origins (isw, wsj) alone finds no set of up to three that changes the label.
        result = compute_consensus(reports)
        assert (result.pivotal, result.robustness) == ((), None)

    def test_search_stays_bounded_on_a_tangled_claim(self):
        # 60 gazettes, each relaying a hub that relays two of 40 silent sources: 40 involved origins.
        reports = []
        for i in range(40):
            reports.append(report(f"hub{i}", relies_on=f"s{i}", retracted=True))
            reports.append(report(f"hub{i}", relies_on=f"s{(i + 1) % 40}", retracted=True))
        for i in range(60):
            reports.append(report(f"gazette{i}", relies_on=f"hub{i % 40}"))
        started = time.perf_counter()
        result = compute_consensus(reports)
        elapsed = time.perf_counter() - started
        assert result.independent_origins == 40
        assert result.robustness in (None, 1, 2, 3)
        assert elapsed < 10


def test_fast_path_on_a_large_common_claim_is_quick():
    reports = [report(f"outlet{i}", DISPUTES if i % 7 == 0 else "supports") for i in range(200)]
    started = time.perf_counter()
    for _ in range(20):
        result = compute_consensus(reports)
    assert (time.perf_counter() - started) / 20 < 0.05
    assert result.label == CONTESTED
    assert result.robustness is None


# --- Properties ---------------------------------------------------------------------------------


def is_fast_path(reports):
    """Every active report leads to one origin and no retracted report carries an informant key."""
    leads_to = report_origins(reports)
    return all(len(leads_to[r.id]) == 1 for r in reports if not r.retracted) and not any(
        r.retracted and r.informant.strip() for r in reports
    )


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None)
@given(reports_strategy)
def test_fast_path_agrees_with_brute_force(reports):
    assume(is_fast_path(reports))
    result = compute_consensus(reports)
    assert (result.pivotal_effects, result.robustness) == brute_force(reports)


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None)
@given(reports_strategy)
def test_any_path_agrees_with_brute_force(reports):
    result = compute_consensus(reports)
    assert (result.pivotal_effects, result.robustness) == brute_force(reports)


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy)
def test_robustness_is_one_exactly_when_something_is_pivotal(reports):
    result = compute_consensus(reports)
    assert result.robustness in (None, 1, 2, 3)
    assert (result.robustness == 1) == bool(result.pivotal)
    assert result.pivotal == tuple(sorted(result.pivotal_effects))
    assert set(result.pivotal) <= {vote.origin for vote in result.votes}
    assert all(label != result.label for label in result.pivotal_effects.values())
    if result.label == UNSOURCED:
        assert result.robustness is None


def _layered(source, relies_on):
    return st.builds(
        Report,
        id=st.integers(min_value=1, max_value=10_000),
        source=source,
        stance=st.sampled_from([SUPPORTS, SUPPORTS, DISPUTES, QUALIFIES]),
        confidence_weight=st.sampled_from([Decimal("0.3"), Decimal("1.0")]),
        reliability=st.sampled_from(["A", "F"]),
        relies_on=relies_on,
        retracted=st.booleans(),
        informant=st.sampled_from([""] * 6 + ["k", "j"]),
    ).filter(lambda r: r.relies_on != r.source)


HUBS = ["h1", "h2", "h3"]
ROOTS = ["r1", "r2", "r3", "r4"]
# Outlets relay hubs, hubs relay roots (or each other), roots report on their own: hubs with several
# relays make reports that lead to several origins, the case the counts cannot answer.
tangled_strategy = st.lists(
    st.one_of(
        _layered(st.sampled_from(["o1", "o2", "o3"]), st.one_of(st.none(), st.sampled_from(HUBS))),
        _layered(st.sampled_from(HUBS), st.sampled_from(ROOTS + HUBS)),
        _layered(st.sampled_from(ROOTS), st.none()),
    ),
    max_size=12,
    unique_by=lambda r: r.id,
)
# Always at least one report leading to two origins: o9 relays h9, which relayed r8 and r9.
SHARED = [
    report("o9", relies_on="h9", id=20_001),
    report("h9", relies_on="r8", retracted=True, id=20_002),
    report("h9", relies_on="r9", retracted=True, id=20_003),
]


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None)
@given(tangled_strategy)
def test_slow_path_agrees_with_brute_force(reports):
    reports = [*reports, *SHARED]
    result = compute_consensus(reports)
    assert (result.pivotal_effects, result.robustness) == brute_force(reports)
