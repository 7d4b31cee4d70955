"""Shared informants: grouped citations are one origin; possible groups are warned about (DESIGN.md).

Pure function only, no database.
"""

import dataclasses
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.consensus import (
    CORROBORATED,
    DISPUTES,
    POSSIBLE_SHARED_INFORMANT,
    SINGLE_SOURCE,
    compute_consensus,
    normalise_speaker,
)
from tests.claims_tests.test_consensus import INFORMANTS, report, reports_strategy

AUG = {day: datetime.date(2024, 8, day) for day in range(1, 32)}


def origins(result):
    return {vote.origin for vote in result.votes}


def ungrouped(reports):
    return [dataclasses.replace(r, informant="") for r in reports]


class TestGroupedCitationsAreOneOrigin:
    def test_two_outlets_quoting_one_briefing_are_one_origin(self):
        result = compute_consensus([report("cnn", informant="kirby"), report("politico", informant="kirby")])
        assert origins(result) == {"informant:kirby"}
        assert result.independent_origins == 1
        assert result.label == SINGLE_SOURCE
        # Who agrees is still about sources, not origins.
        assert result.agree == ("cnn", "politico")

    def test_the_group_votes_with_its_heaviest_citation(self):
        cnn = report("cnn", weight="1.0", grade="A", informant="kirby")
        politico = report("politico", DISPUTES, weight="0.3", informant="kirby")
        result = compute_consensus([cnn, politico])
        assert [(v.origin, v.stance, v.report_id) for v in result.votes] == [
            ("informant:kirby", "supports", cnn.id)
        ]

    def test_different_keys_stay_apart(self):
        result = compute_consensus([report("cnn", informant="kirby"), report("bbc", informant="austin")])
        assert origins(result) == {"informant:kirby", "informant:austin"}
        assert result.label == CORROBORATED

    def test_blank_and_whitespace_keys_group_nothing(self):
        result = compute_consensus([report("cnn", informant=" "), report("bbc", informant="")])
        assert origins(result) == {"bbc", "cnn"}

    def test_group_absorbs_the_origins_its_relays_lead_to(self):
        # CNN relays ISW; BBC reports on its own; both rest on one informant. WSJ relays ISW with no
        # key, but ISW's origin is now part of the group, so WSJ leads to the group too.
        result = compute_consensus(
            [
                report("cnn", relies_on="isw", informant="k"),
                report("bbc", informant="k"),
                report("wsj", relies_on="isw"),
            ]
        )
        assert origins(result) == {"informant:k"}

    def test_other_reports_of_a_grouped_source_join_the_group(self):
        # The key merges the origin cnn, so CNN's other, unkeyed report leads to the group too.
        result = compute_consensus(
            [report("cnn", informant="k"), report("cnn", weight="0.3"), report("bbc", informant="k")]
        )
        assert origins(result) == {"informant:k"}

    def test_overlapping_groups_merge_into_one_origin(self):
        # k1 joins cnn and bbc, k2 joins bbc and politico: bbc's origin is in both, so all three are
        # one origin, named after both keys, sorted.
        result = compute_consensus(
            [
                report("cnn", informant="k2"),
                report("bbc", informant="k1"),
                report("bbc", informant="k2"),
                report("politico", informant="k1"),
                report("isw"),
            ]
        )
        assert origins(result) == {"informant:k1+k2", "isw"}
        assert result.independent_origins == 2

    def test_two_keys_on_one_source_merge(self):
        result = compute_consensus([report("cnn", informant="b"), report("cnn", informant="a")])
        assert origins(result) == {"informant:a+b"}

    def test_group_absorbs_a_relay_loop(self):
        result = compute_consensus(
            [
                report("a", relies_on="b", informant="k"),
                report("b", relies_on="a"),
                report("c", informant="k"),
                report("d"),
            ]
        )
        assert origins(result) == {"informant:k", "d"}

    def test_a_relay_leading_to_two_origins_merges_them(self):
        # o relays h, which relayed r1 and r2 (silent): o's report leads to both; a key on it makes
        # them one origin.
        base = [report("h", relies_on="r1", retracted=True), report("h", relies_on="r2", retracted=True)]
        assert compute_consensus([*base, report("o", relies_on="h")]).independent_origins == 2
        result = compute_consensus([*base, report("o", relies_on="h", informant="k")])
        assert origins(result) == {"informant:k"}

    def test_retracted_citation_still_merges_with_its_key(self):
        # BBC's keyed citation is retracted, but keys are provenance: BBC's origin stays in the group.
        reports = [report("cnn", informant="k"), report("bbc", informant="k", retracted=True), report("bbc")]
        result = compute_consensus(reports)
        assert origins(result) == {"informant:k"}
        assert result.agree == ("bbc", "cnn")

    def test_retracting_a_grouped_citation_never_adds_an_origin(self):
        cnn = report("cnn", informant="k")
        reports = [
            cnn,
            report("bbc", informant="k"),
            report("cnn", weight="0.3"),
            report("bbc", weight="0.3"),
        ]
        before = compute_consensus(reports)
        after = compute_consensus([dataclasses.replace(cnn, retracted=True), *reports[1:]])
        assert before.independent_origins == after.independent_origins == 1

    def test_a_key_on_retracted_citations_only_still_merges(self):
        result = compute_consensus(
            [
                report("cnn", informant="k", retracted=True),
                report("bbc", informant="k", retracted=True),
                report("cnn"),
                report("bbc"),
            ]
        )
        assert origins(result) == {"informant:k"}
        assert result.label == SINGLE_SOURCE


# --- Warnings -----------------------------------------------------------------------------------


class TestSpeakerNormalisation:
    @pytest.mark.parametrize(
        ("speaker", "normalised"),
        [
            ("a senior U.S. official", "senior us official"),
            ("two senior US officials", "senior us official"),
            ("Two Senior U.S. Officials,", "senior us official"),
            ("3 senior US officials", "senior us official"),
            ("several sources familiar with the matter", "source familiar with matter"),
            ("Ukrainian soldiers", "ukrainian soldier"),
            ("a source familiar with US intelligence", "source familiar with us intelligence"),
            ("Ukraine's defence ministry", "ukraine defence ministry"),
            ("the gas company", "gas company"),
            ("F-16 pilots", "f16 pilot"),
            ("the two", ""),
            ("", ""),
        ],
    )
    def test_normalise(self, speaker, normalised):
        assert normalise_speaker(speaker) == normalised


def anonymous(source, speaker, day, **kwargs):
    return report(source, anonymous=True, speaker=speaker, on=AUG[day], **kwargs)


class TestWarnings:
    def test_two_senior_us_officials_from_two_outlets_are_warned_about(self):
        cnn = anonymous("cnn", "a senior U.S. official", 13)
        politico = anonymous("politico", "two senior US officials", 14)
        result = compute_consensus([politico, cnn])
        assert result.warnings == (
            {
                "kind": POSSIBLE_SHARED_INFORMANT,
                "citations": sorted([cnn.id, politico.id]),
                "sources": ["cnn", "politico"],
            },
        )
        assert result.as_dict()["warnings"] == [dict(result.warnings[0])]

    def test_different_speakers_are_not_warned_about(self):
        result = compute_consensus(
            [
                anonymous("cnn", "Ukrainian soldiers", 13),
                anonymous("politico", "a source familiar with US intelligence", 14),
            ]
        )
        assert result.warnings == ()

    def test_grouping_the_pair_removes_an_origin_and_the_warning(self):
        reports = [
            anonymous("cnn", "a senior U.S. official", 13),
            anonymous("politico", "two senior US officials", 14),
            anonymous("cnn", "Ukrainian soldiers", 13),
            anonymous("isw", "a source familiar with US intelligence", 14),
        ]
        before = compute_consensus(reports)
        grouped = [dataclasses.replace(r, informant="us-official") for r in reports[:2]] + reports[2:]
        after = compute_consensus(grouped)
        assert len(before.warnings) == 1
        assert before.independent_origins == 3  # cnn, politico, isw
        assert after.independent_origins == before.independent_origins - 1
        assert after.warnings == ()
        assert origins(after) == {"informant:us-official", "isw"}

    def test_one_source_is_never_a_group(self):
        result = compute_consensus(
            [anonymous("cnn", "a senior U.S. official", 13), anonymous("cnn", "two senior US officials", 14)]
        )
        assert result.warnings == ()

    def test_named_speakers_are_not_warned_about(self):
        result = compute_consensus(
            [
                report("cnn", speaker="John Kirby", on=AUG[13]),
                report("politico", speaker="John Kirby", on=AUG[13]),
            ]
        )
        assert result.warnings == ()

    def test_three_days_apart_match_four_do_not(self):
        three = [anonymous("cnn", "a senior U.S. official", 10), anonymous("bbc", "senior US officials", 13)]
        four = [anonymous("cnn", "a senior U.S. official", 10), anonymous("bbc", "senior US officials", 14)]
        assert len(compute_consensus(three).warnings) == 1
        assert compute_consensus(four).warnings == ()

    def test_entered_on_stands_in_for_a_missing_publication_date(self):
        cnn = anonymous("cnn", "a senior U.S. official", 10)
        bbc = report("bbc", anonymous=True, speaker="senior US officials", entered_on=AUG[12])
        late = report("isw", anonymous=True, speaker="senior US officials", entered_on=AUG[20])
        assert compute_consensus([cnn, bbc, late]).warnings[0]["sources"] == ["bbc", "cnn"]
        assert len(compute_consensus([cnn, bbc, late]).warnings) == 1

    def test_retracted_and_grouped_citations_are_left_out(self):
        result = compute_consensus(
            [
                anonymous("cnn", "a senior U.S. official", 13),
                anonymous("bbc", "a senior U.S. official", 13, retracted=True),
                anonymous("politico", "a senior U.S. official", 13, informant="k"),
            ]
        )
        assert result.warnings == ()

    def test_an_empty_description_never_matches(self):
        result = compute_consensus([anonymous("cnn", "the two", 13), anonymous("bbc", "", 13)])
        assert result.warnings == ()

    def test_a_group_of_three(self):
        reports = [
            anonymous("cnn", "a senior U.S. official", 13),
            anonymous("bbc", "senior US officials", 14),
            anonymous("politico", "two senior U.S. officials", 15),
        ]
        (warning,) = compute_consensus(reports).warnings
        assert warning["citations"] == sorted(r.id for r in reports)
        assert warning["sources"] == ["bbc", "cnn", "politico"]

    def test_chained_dates_give_every_maximal_group(self):
        # 1st-3rd and 3rd-5th are within three days, 1st-5th is not: both maximal groups are warned
        # about, and the 3rd is in each.
        first = anonymous("cnn", "a senior U.S. official", 1)
        third = anonymous("bbc", "a senior U.S. official", 3)
        fifth = anonymous("politico", "a senior U.S. official", 5)
        result = compute_consensus([fifth, first, third])
        assert [w["citations"] for w in result.warnings] == sorted(
            [sorted([first.id, third.id]), sorted([third.id, fifth.id])]
        )

    def test_two_reports_from_one_source_make_two_groups(self):
        cnn_a = anonymous("cnn", "a senior U.S. official", 13)
        cnn_b = anonymous("cnn", "senior US officials", 14)
        politico = anonymous("politico", "senior US officials", 14)
        result = compute_consensus([cnn_a, cnn_b, politico])
        assert sorted(w["citations"] for w in result.warnings) == sorted(
            [sorted([cnn_a.id, politico.id]), sorted([cnn_b.id, politico.id])]
        )

    def test_warnings_do_not_change_the_count(self):
        reports = [
            anonymous("cnn", "a senior U.S. official", 13),
            anonymous("politico", "two senior US officials", 14),
        ]
        result = compute_consensus(reports)
        assert result.independent_origins == 2
        assert result.label == CORROBORATED


# --- Properties ---------------------------------------------------------------------------------


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy, st.data())
def test_grouping_never_raises_the_number_of_origins(reports, data):
    plain = ungrouped(reports)
    keys = data.draw(st.lists(st.sampled_from(INFORMANTS), min_size=len(plain), max_size=len(plain)))
    grouped = [dataclasses.replace(r, informant=key) for r, key in zip(plain, keys, strict=True)]
    before, after = compute_consensus(plain), compute_consensus(grouped)
    assert after.independent_origins <= before.independent_origins
    assert (after.agree, after.disagree, after.qualify) == (before.agree, before.disagree, before.qualify)


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy, st.data())
def test_adding_a_key_never_raises_the_number_of_origins(reports, data):
    # Keying an ungrouped citation (moving a citation from one group to another can split a group).
    blank = [i for i, r in enumerate(reports) if not r.informant]
    if not blank:
        return
    index = data.draw(st.sampled_from(blank))
    key = data.draw(st.sampled_from(["briefing", "kirby", "new"]))
    keyed = list(reports)
    keyed[index] = dataclasses.replace(reports[index], informant=key)
    assert compute_consensus(keyed).independent_origins <= compute_consensus(reports).independent_origins


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy, st.data())
def test_ungrouping_restores_the_ungrouped_result(reports, data):
    plain = ungrouped(reports)
    keys = data.draw(st.lists(st.sampled_from(INFORMANTS), min_size=len(plain), max_size=len(plain)))
    grouped = [dataclasses.replace(r, informant=key) for r, key in zip(plain, keys, strict=True)]
    expected, restored = compute_consensus(plain), compute_consensus(ungrouped(grouped))
    assert restored == expected
    assert restored.votes == expected.votes
    assert restored.as_dict() == expected.as_dict()


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=200, deadline=None)
@given(reports_strategy)
def test_warnings_are_maximal_groups_by_the_matching_rule(reports):
    result = compute_consensus(reports)
    candidates = [
        r
        for r in reports
        if not r.retracted and r.anonymous and not r.informant and normalise_speaker(r.speaker) and r.known_on
    ]
    by_id = {r.id: r for r in candidates}

    def match(a, b):
        return (
            a.source != b.source
            and normalise_speaker(a.speaker) == normalise_speaker(b.speaker)
            and abs((a.known_on - b.known_on).days) <= 3
        )

    groups = [w["citations"] for w in result.warnings]
    assert groups == sorted(groups)
    assert len(set(map(tuple, groups))) == len(groups)
    for warning in result.warnings:
        assert warning["kind"] == POSSIBLE_SHARED_INFORMANT
        members = [by_id[i] for i in warning["citations"]]
        assert warning["citations"] == sorted(warning["citations"]) and len(members) >= 2
        assert warning["sources"] == sorted(r.source for r in members)
        assert all(match(a, b) for a in members for b in members if a is not b)
        # Maximal: no other candidate matches every member.
        assert not any(
            all(match(other, m) for m in members)
            for other in candidates
            if other.id not in warning["citations"]
        )
    # Every matching pair is covered by some group.
    for a in candidates:
        for b in candidates:
            if a.id < b.id and match(a, b):
                assert any({a.id, b.id} <= set(group) for group in groups)
