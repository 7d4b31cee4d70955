"""What was known when: `compute_consensus(reports, as_of=...)` (DESIGN.md, "Time").

Pure function only, no database.
"""

import dataclasses
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.consensus import (
    CORROBORATED,
    SINGLE_SOURCE,
    UNSOURCED,
    compute_consensus,
)
from tests.claims_tests.test_consensus import report, reports_strategy

AUG = {day: datetime.date(2024, 8, day) for day in range(1, 32)}


class TestIssueExample:
    """CNN (13 Aug, supports), BBC (15 Aug, supports); the CNN citation is retracted on 20 Aug."""

    def reports(self):
        return [
            report("cnn", on=AUG[13], retracted=True, retracted_on=AUG[20], id=1),
            report("bbc", on=AUG[15], id=2),
        ]

    def test_before_any_report_it_is_unsourced(self):
        assert compute_consensus(self.reports(), as_of=AUG[12]).label == UNSOURCED

    def test_on_14_august_cnn_alone(self):
        result = compute_consensus(self.reports(), as_of=AUG[14])
        assert (result.label, result.independent_origins, result.agree) == (SINGLE_SOURCE, 1, ("cnn",))
        assert result.pivotal_effects == {"cnn": UNSOURCED}

    def test_on_16_august_corroborated(self):
        result = compute_consensus(self.reports(), as_of=AUG[16])
        assert (result.label, result.independent_origins, result.agree) == (CORROBORATED, 2, ("bbc", "cnn"))
        # Each of the two is pivotal: without either the claim would be single-source.
        assert result.pivotal_effects == {"bbc": SINGLE_SOURCE, "cnn": SINGLE_SOURCE}
        assert result.robustness == 1

    def test_the_day_before_the_retraction_it_still_counts(self):
        assert compute_consensus(self.reports(), as_of=AUG[19]).label == CORROBORATED

    def test_from_20_august_the_retraction_is_reflected(self):
        for as_of in (AUG[20], AUG[31], None):
            result = compute_consensus(self.reports(), as_of=as_of)
            assert (result.label, result.agree) == (SINGLE_SOURCE, ("bbc",)), as_of

    def test_second_cnn_report_retracted_later(self):
        # The brief's variant: CNN also has a heavier 12 Aug report, retracted on 20 Aug. Until then
        # it casts CNN's vote; from 20 Aug CNN's 13 Aug report does, and CNN is still an origin.
        reports = [
            report("cnn", on=AUG[12], weight="1.0", retracted=True, retracted_on=AUG[20], id=11),
            report("cnn", on=AUG[13], id=12),
            report("bbc", on=AUG[15], id=13),
        ]
        assert compute_consensus(reports, as_of=AUG[14]).label == SINGLE_SOURCE
        on_16 = compute_consensus(reports, as_of=AUG[16])
        assert on_16.label == CORROBORATED
        assert on_16.votes_by_origin()["cnn"].report_id == 11
        on_20 = compute_consensus(reports, as_of=AUG[20])
        assert on_20.label == CORROBORATED
        assert on_20.votes_by_origin()["cnn"].report_id == 12
        assert on_20.score == on_16.score == 1.0


class TestKnownOn:
    def test_known_on_is_the_publication_date_else_the_entry_date(self):
        assert report("cnn", on=AUG[3], entered_on=AUG[9]).known_on == AUG[3]
        assert report("cnn", entered_on=AUG[9]).known_on == AUG[9]
        assert report("cnn").known_on is None

    def test_a_report_without_publication_date_counts_from_its_entry(self):
        reports = [report("cnn", on=AUG[1]), report("bbc", entered_on=AUG[10])]
        assert compute_consensus(reports, as_of=AUG[9]).label == SINGLE_SOURCE
        assert compute_consensus(reports, as_of=AUG[10]).label == CORROBORATED

    def test_a_report_with_no_date_is_always_known(self):
        reports = [report("cnn", on=AUG[10]), report("bbc")]
        assert compute_consensus(reports, as_of=AUG[1]).independent_origins == 1
        assert compute_consensus(reports, as_of=AUG[1]).agree == ("bbc",)

    def test_a_retraction_without_a_date_counts_whenever_the_report_is_known(self):
        reports = [report("cnn", on=AUG[10], retracted=True), report("bbc", on=AUG[10])]
        assert compute_consensus(reports, as_of=AUG[11]).agree == ("bbc",)

    def test_a_retraction_date_on_an_active_report_is_ignored(self):
        reports = [report("cnn", on=AUG[10], retracted_on=AUG[11]), report("bbc", on=AUG[10])]
        assert compute_consensus(reports, as_of=AUG[12]).label == CORROBORATED

    def test_unknown_reports_are_not_even_provenance(self):
        # Gazette relays the wire; the wire's relay of ISW comes later. Before it, the wire has no
        # report and so is an origin itself; the as-of view does not see the later relay link.
        reports = [report("gazette", relies_on="wire", on=AUG[5]), report("wire", relies_on="isw", on=AUG[9])]
        assert {v.origin for v in compute_consensus(reports, as_of=AUG[6]).votes} == {"wire"}
        assert {v.origin for v in compute_consensus(reports, as_of=AUG[9]).votes} == {"isw"}

    def test_a_retraction_not_yet_made_is_active_and_warned_about(self):
        cnn = report("cnn", anonymous=True, speaker="a senior U.S. official", on=AUG[13])
        politico = report(
            "politico",
            anonymous=True,
            speaker="two senior US officials",
            on=AUG[14],
            retracted=True,
            retracted_on=AUG[18],
        )
        assert len(compute_consensus([cnn, politico], as_of=AUG[17]).warnings) == 1
        assert compute_consensus([cnn, politico], as_of=AUG[18]).warnings == ()
        assert compute_consensus([cnn, politico], as_of=AUG[13]).warnings == ()

    def test_a_retracted_informant_key_is_provenance_as_of_then(self):
        reports = [
            report("cnn", on=AUG[1], informant="k"),
            report("bbc", on=AUG[2], informant="k", retracted=True, retracted_on=AUG[5]),
            report("bbc", on=AUG[3]),
        ]
        for as_of in (AUG[3], AUG[6]):
            assert compute_consensus(reports, as_of=as_of).independent_origins == 1


# --- Properties ---------------------------------------------------------------------------------


def all_dates(reports):
    return [d for r in reports for d in (r.published_on, r.entered_on, r.retracted_on) if d is not None]


def by_hand(reports, as_of):
    """The as-of view spelled out: later reports unknown, later retractions not yet made."""
    view = []
    for r in reports:
        if r.known_on is not None and r.known_on > as_of:
            continue
        retracted = r.retracted and (r.retracted_on is None or r.retracted_on <= as_of)
        view.append(dataclasses.replace(r, retracted=retracted))
    return view


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy, st.integers(min_value=0, max_value=30))
def test_as_of_on_or_after_every_date_is_todays_view(reports, days_after):
    latest = max(all_dates(reports), default=AUG[1])
    as_of = latest + datetime.timedelta(days=days_after)
    today, then = compute_consensus(reports), compute_consensus(reports, as_of=as_of)
    assert then == today
    assert then.votes == today.votes
    assert then.as_dict() == today.as_dict()


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy, st.dates(datetime.date(2024, 7, 30), datetime.date(2024, 8, 22)))
def test_as_of_is_todays_rules_on_the_reports_known_then(reports, as_of):
    expected = compute_consensus(by_hand(reports, as_of))
    result = compute_consensus(reports, as_of=as_of)
    assert result == expected
    assert result.votes == expected.votes
    assert result.as_dict() == expected.as_dict()


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None)
@given(
    reports_strategy,
    st.dates(datetime.date(2024, 7, 30), datetime.date(2024, 8, 22)),
    st.randoms(use_true_random=False),
)
def test_as_of_does_not_depend_on_order(reports, as_of, random):
    shuffled = list(reports)
    random.shuffle(shuffled)
    first, second = compute_consensus(reports, as_of=as_of), compute_consensus(shuffled, as_of=as_of)
    assert first == second
    assert first.as_dict() == second.as_dict()


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None)
@given(reports_strategy, st.dates(datetime.date(2024, 7, 30), datetime.date(2024, 8, 22)), st.data())
def test_retracting_never_raises_the_number_of_origins_as_of_any_date(reports, as_of, data):
    active = [i for i, r in enumerate(by_hand(reports, as_of)) if not r.retracted]
    if not active:
        return
    known = by_hand(reports, as_of)
    index = data.draw(st.sampled_from(active))
    retracted = list(known)
    retracted[index] = dataclasses.replace(known[index], retracted=True, retracted_on=None)
    before = compute_consensus(known, as_of=as_of).independent_origins
    assert compute_consensus(retracted, as_of=as_of).independent_origins <= before


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None)
@given(reports_strategy, st.dates(datetime.date(2024, 7, 30), datetime.date(2024, 8, 22)))
def test_reports_from_after_as_of_change_nothing(reports, as_of):
    known = [r for r in reports if r.known_on is None or r.known_on <= as_of]
    assert (
        compute_consensus(known, as_of=as_of).as_dict() == compute_consensus(reports, as_of=as_of).as_dict()
    )
