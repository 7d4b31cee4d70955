"""The consensus rules of DESIGN.md, on plain reports: no database."""

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
)

_ids = itertools.count(1)


def report(
    source,
    stance=SUPPORTS,
    *,
    weight="0.6",
    grade="B",
    relies_on=None,
    on=None,
    retracted=False,
    id=None,
    retracted_on=None,
    entered_on=None,
    informant="",
    anonymous=False,
    speaker="",
):
    return Report(
        id=id or next(_ids),
        source=source,
        stance=stance,
        confidence_weight=Decimal(weight),
        reliability=grade,
        published_on=on,
        relies_on=relies_on,
        retracted=retracted,
        retracted_on=retracted_on,
        entered_on=entered_on,
        informant=informant,
        anonymous=anonymous,
        speaker=speaker,
    )


class TestLabels:
    def test_no_citations_is_unsourced(self):
        result = compute_consensus([])
        assert (result.label, result.score, result.independent_origins) == (UNSOURCED, 0.0, 0)

    def test_only_retracted_citations_is_unsourced(self):
        assert compute_consensus([report("cnn", retracted=True)]).label == UNSOURCED

    def test_two_independent_supporting_reports_corroborate(self):
        result = compute_consensus([report("cnn"), report("bbc")])
        assert result.label == CORROBORATED
        assert result.independent_origins == 2
        assert result.agree == ("bbc", "cnn")
        assert result.score == 1.0

    def test_one_supporting_origin_is_single_source(self):
        assert compute_consensus([report("cnn")]).label == SINGLE_SOURCE

    def test_support_and_dispute_from_different_origins_is_contested(self):
        result = compute_consensus([report("cnn"), report("bbc", DISPUTES)])
        assert result.label == CONTESTED
        assert result.agree == ("cnn",)
        assert result.disagree == ("bbc",)
        assert result.score == 0.0

    def test_dispute_without_support_is_disputed(self):
        result = compute_consensus([report("cnn", DISPUTES), report("bbc", QUALIFIES)])
        assert result.label == DISPUTED
        assert result.score == pytest.approx(-0.5)

    def test_only_qualifying_votes_is_unconfirmed(self):
        result = compute_consensus([report("cnn", QUALIFIES), report("bbc", QUALIFIES)])
        assert result.label == UNCONFIRMED
        assert result.qualify == ("bbc", "cnn")
        assert result.score == 0.0

    def test_contested_is_checked_before_corroborated(self):
        result = compute_consensus([report("cnn"), report("bbc"), report("isw", DISPUTES)])
        assert result.label == CONTESTED

    def test_score_weighs_confidence_and_reliability(self):
        # cnn: 1.0 x A(1.0) = 1.0 supports; bbc: 0.3 x E(0.2) = 0.06 disputes.
        result = compute_consensus(
            [report("cnn", weight="1.0", grade="A"), report("bbc", DISPUTES, weight="0.3", grade="E")]
        )
        assert result.score == pytest.approx((1.0 - 0.06) / 1.06, abs=1e-4)

    def test_zero_total_weight_scores_zero(self):
        result = compute_consensus([report("cnn", weight="0"), report("bbc", weight="0")])
        assert result.label == CORROBORATED
        assert result.score == 0.0

    def test_source_with_mixed_reporting_appears_in_each_list(self):
        result = compute_consensus(
            [report("cnn"), report("cnn", DISPUTES, weight="0.3"), report("bbc", QUALIFIES)]
        )
        assert result.agree == ("cnn",)
        assert result.disagree == ("cnn",)
        assert result.qualify == ("bbc",)
        # cnn is one origin voting with its heaviest citation (supports).
        assert result.independent_origins == 2
        assert result.label == SINGLE_SOURCE


class TestOrigins:
    def test_relay_of_a_source_with_its_own_report_is_one_origin(self):
        result = compute_consensus([report("daily-relay", relies_on="wire"), report("wire")])
        assert result.independent_origins == 1
        assert result.label == SINGLE_SOURCE

    def test_relay_of_a_silent_source_makes_that_source_an_origin(self):
        # Gazette relays Monitor (no report of its own); a blog supports on its own.
        result = compute_consensus([report("gazette", relies_on="monitor"), report("blog")])
        assert result.independent_origins == 2
        assert {vote.origin for vote in result.votes} == {"monitor", "blog"}
        assert result.label == CORROBORATED

    def test_chain_of_relays_leads_to_the_original(self):
        result = compute_consensus(
            [report("a", relies_on="b"), report("b", relies_on="c"), report("c"), report("d", relies_on="a")]
        )
        assert result.independent_origins == 1
        assert {vote.origin for vote in result.votes} == {"c"}

    def test_relay_follows_every_relay_of_the_relayed_source(self):
        result = compute_consensus(
            [
                report("a", relies_on="b"),
                report("b", relies_on="c"),
                report("b", relies_on="d"),
                report("c"),
                report("d"),
            ]
        )
        assert {vote.origin for vote in result.votes} == {"c", "d"}

    def test_relay_loop_without_an_original_counts_as_one_origin(self):
        result = compute_consensus([report("a", relies_on="b"), report("b", relies_on="a"), report("c")])
        assert result.independent_origins == 2
        assert {vote.origin for vote in result.votes} == {"loop:a+b", "c"}

    def test_loop_with_a_way_out_leads_to_the_original(self):
        result = compute_consensus(
            [report("a", relies_on="b"), report("b", relies_on="a"), report("b", relies_on="w"), report("w")]
        )
        assert {vote.origin for vote in result.votes} == {"w"}

    def test_source_with_an_original_report_is_an_origin_even_when_it_also_relays(self):
        result = compute_consensus(
            [report("x", relies_on="y"), report("y"), report("y", relies_on="z"), report("z")]
        )
        assert {vote.origin for vote in result.votes} == {"y", "z"}

    def test_retracted_original_still_makes_its_source_an_origin(self):
        # y's only original report is retracted, but provenance stays: x's relay still leads to y.
        result = compute_consensus(
            [
                report("x", relies_on="y"),
                report("y", retracted=True),
                report("y", relies_on="z", retracted=True),
            ]
        )
        # Without the retracted original, y would only relay z and the origin would be z.
        assert {vote.origin for vote in result.votes} == {"y"}

    def test_retracted_relay_still_says_whom_it_relayed(self):
        # y's only report relays z and is retracted: x's relay of y still leads on to z.
        result = compute_consensus([report("x", relies_on="y"), report("y", relies_on="z", retracted=True)])
        assert {vote.origin for vote in result.votes} == {"z"}


class TestRetraction:
    def test_retracted_citation_stops_counting(self):
        result = compute_consensus([report("cnn"), report("bbc", retracted=True)])
        assert result.independent_origins == 1
        assert result.label == SINGLE_SOURCE
        assert result.agree == ("cnn",)

    def test_retracted_dispute_no_longer_contests(self):
        result = compute_consensus([report("cnn"), report("bbc"), report("isw", DISPUTES, retracted=True)])
        assert result.label == CORROBORATED
        assert result.disagree == ()


class TestTieRule:
    def test_heaviest_citation_decides_the_origins_vote(self):
        result = compute_consensus(
            [report("cnn", DISPUTES, weight="0.3"), report("cnn", SUPPORTS, weight="1.0")]
        )
        assert [vote.stance for vote in result.votes] == [SUPPORTS]

    def test_equal_weights_go_to_the_later_report(self):
        result = compute_consensus(
            [
                report("cnn", SUPPORTS, on=datetime.date(2024, 8, 16), id=1),
                report("cnn", DISPUTES, on=datetime.date(2024, 8, 12), id=2),
            ]
        )
        assert [vote.stance for vote in result.votes] == [SUPPORTS]

    def test_missing_date_counts_as_oldest(self):
        result = compute_consensus(
            [
                report("cnn", SUPPORTS, on=None, id=5),
                report("cnn", DISPUTES, on=datetime.date(2000, 1, 1), id=4),
            ]
        )
        assert [vote.stance for vote in result.votes] == [DISPUTES]

    def test_same_weight_and_date_go_to_the_citation_entered_last(self):
        day = datetime.date(2024, 8, 15)
        result = compute_consensus(
            [report("cnn", DISPUTES, on=day, id=8), report("cnn", SUPPORTS, on=day, id=3)]
        )
        assert [vote.stance for vote in result.votes] == [DISPUTES]

    def test_weights_compare_exactly(self):
        # 0.6 x F(0.5) and 0.3 x A(1.0) are both exactly 0.3: the date must decide, not float noise.
        result = compute_consensus(
            [
                report("cnn", SUPPORTS, weight="0.6", grade="F", on=datetime.date(2024, 8, 1)),
                report("cnn", DISPUTES, weight="0.3", grade="A", on=datetime.date(2024, 8, 2)),
            ]
        )
        assert [vote.stance for vote in result.votes] == [DISPUTES]


# --- Properties ---------------------------------------------------------------------------------

SOURCES = ["a", "b", "c", "d", "e"]
# A narrow date range and a few speaker descriptions, so that as_of cuts and informant warnings happen.
DATES = st.one_of(st.none(), st.dates(datetime.date(2024, 8, 1), datetime.date(2024, 8, 20)))
SPEAKERS = ["", "a senior U.S. official", "two senior US officials", "Ukrainian soldiers", "the ministry"]
INFORMANTS = ["", "", "", "briefing", "kirby"]
report_strategy = st.builds(
    Report,
    id=st.integers(min_value=1, max_value=10_000),
    source=st.sampled_from(SOURCES),
    stance=st.sampled_from([SUPPORTS, DISPUTES, QUALIFIES]),
    confidence_weight=st.sampled_from([Decimal("0"), Decimal("0.3"), Decimal("0.6"), Decimal("1.0")]),
    reliability=st.sampled_from(list("ABCDEF")),
    published_on=DATES,
    relies_on=st.one_of(st.none(), st.sampled_from(SOURCES)),
    retracted=st.booleans(),
    retracted_on=DATES,
    entered_on=DATES,
    informant=st.sampled_from(INFORMANTS),
    anonymous=st.booleans(),
    speaker=st.sampled_from(SPEAKERS),
).filter(lambda r: r.relies_on != r.source)
reports_strategy = st.lists(report_strategy, max_size=10, unique_by=lambda r: r.id)


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=300, deadline=None)
@given(reports_strategy, st.data())
def test_retracting_a_citation_never_raises_the_number_of_origins(reports, data):
    active = [i for i, r in enumerate(reports) if not r.retracted]
    if not active:
        return
    index = data.draw(st.sampled_from(active))
    retracted = list(reports)
    retracted[index] = Report(**{**reports[index].__dict__, "retracted": True})
    assert compute_consensus(retracted).independent_origins <= compute_consensus(reports).independent_origins


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=300, deadline=None)
@given(
    reports_strategy,
    st.sampled_from(SOURCES),
    st.sampled_from(SOURCES),
    st.sampled_from([SUPPORTS, DISPUTES, QUALIFIES]),
)
def test_relaying_a_source_with_an_active_original_never_adds_an_origin(reports, relayer, relayed, stance):
    if relayer == relayed or not any(
        r.source == relayed and r.relies_on is None and not r.retracted for r in reports
    ):
        return
    relay = report(relayer, stance, relies_on=relayed, id=20_000)
    before = compute_consensus(reports).independent_origins
    assert compute_consensus([*reports, relay]).independent_origins <= before


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=300, deadline=None)
@given(reports_strategy, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_order(reports, random):
    shuffled = list(reports)
    random.shuffle(shuffled)
    first, second = compute_consensus(reports), compute_consensus(shuffled)
    assert first == second
    assert first.votes == second.votes
    assert first.as_dict() == second.as_dict()


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=300, deadline=None)
@given(reports_strategy)
def test_score_stays_between_minus_one_and_one(reports):
    assert -1.0 <= compute_consensus(reports).score <= 1.0
