"""Acceptance: the seed article yields every citation of the Kursk demo data that it
attributes to a named outlet or organisation.

DEMO_ALIASES are the aliases this test assumes for the demo sources. The project's demo data
(claims/demo/kursk.json) can copy them into each source's ``aliases``.

Expected speakers are in the article's own words. Where the demo data paraphrases a speaker
("John Kirby, national security spokesperson"; "Two sources familiar with Western
intelligence"; "Institute for the Study of War assessment"), the article's wording is what
this test expects. The demo should be corrected to match.

Unnamed attributions ("according to US sources", "reports suggest", "Analysts believe",
"Russia is reported to have moved") give no attribution at all: the extractor skips an
attribution entirely unless it names its source.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from claims import intake
from claims.intake import KnownSource, extract

# A copy kept in the repository (not part of the evaluation set: labels.json does not list
# it), checked against the shared original whenever that is present.
SEED = Path(__file__).parent / "articles" / "kursk-seed.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "kursk-article.txt"

DEMO_NAMES = {
    "cnn": ("CNN", "outlet"),
    "bbc": ("BBC News", "outlet"),
    "politico": ("Politico", "outlet"),
    "isw": ("Institute for the Study of War", "research"),
    "wsj": ("The Wall Street Journal", "outlet"),
    "white-house": ("The White House", "government"),
}
DEMO_ALIASES = {
    "cnn": ["Cable News Network"],
    "bbc": ["BBC", "British Broadcasting Corporation"],
    "politico": [],
    "isw": ["ISW"],
    "wsj": ["WSJ", "Wall Street Journal", "the Journal"],
    "white-house": ["White House", "National Security Council", "NSC"],
}
SOURCES = tuple(
    KnownSource(slug, (name, *DEMO_ALIASES[slug]), kind) for slug, (name, kind) in DEMO_NAMES.items()
)
# The article's date: the Friday of the week of 12 August 2024, the week the demo data uses.
PUBLISHED_ON = datetime.date(2024, 8, 16)

# (a substring of the sentence, source, speaker, anonymous, date_hint or None)
EXPECTED = [
    ("Two unnamed senior US officials told CNN", "cnn", "Two unnamed senior US officials", True, None),
    ("Ukrainian soldiers told the BBC", "bbc", "Ukrainian soldiers", True, None),
    ("also told Politico", "politico", "a Ukrainian military spokesperson", True, "On Tuesday"),
    (
        "two further sources familiar with Western intelligence told CNN",
        "cnn",
        "two further sources familiar with Western intelligence",
        True,
        None,
    ),
    (
        '"We have seen some Russian units',
        "white-house",
        "national security spokesperson John Kirby",
        False,
        "on Thursday",
    ),
    (
        "A source familiar with US intelligence told CNN",
        "cnn",
        "A source familiar with US intelligence",
        True,
        None,
    ),
    ("Russia has made confirmed advances nearby", "isw", "", False, None),
    (
        "one commander fighting in the Donetsk region told",
        "wsj",
        "one commander fighting in the Donetsk region",
        True,
        "this week",
    ),
]
UNATTRIBUTED = [
    "according to US sources",
    "Analysts believe",
    "reports suggest",
    "Russia is reported to have moved",
    "It remains to be seen",
    "Ukrainian forces first spilled",
]


def words(s: str) -> list[str]:
    w = s.casefold().split()
    while w and w[0] in ("a", "an", "the"):
        w = w[1:]
    return w


@pytest.fixture(scope="module")
def result():
    intake.STRICT = True
    try:
        return extract(SEED.read_text(encoding="utf-8"), sources=SOURCES, published_on=PUBLISHED_ON)
    finally:
        intake.STRICT = False


@pytest.mark.parametrize("needle, source, speaker, anonymous, hint", EXPECTED)
def test_demo_citation_is_proposed(result, needle, source, speaker, anonymous, hint):
    found = [a for a in result.attributions if needle in a.sentence and a.source == source]
    assert len(found) == 1, [(a.source, a.sentence[:60]) for a in result.attributions]
    (a,) = found
    assert words(a.speaker) == words(speaker)
    assert a.anonymous is anonymous
    assert result.text[a.start : a.end] == a.sentence
    if hint is not None:
        assert (a.date_hint or "").casefold() == hint.casefold()


def test_dates(result):
    by_source = {a.source: a for a in result.attributions if a.date_hint}
    assert by_source["politico"].published_on == datetime.date(2024, 8, 13)  # "On Tuesday"
    assert by_source["white-house"].published_on == datetime.date(2024, 8, 15)  # "on Thursday"
    assert by_source["wsj"].published_on == PUBLISHED_ON  # "this week" stays the article's date


def test_quotes(result):
    kirby = next(a for a in result.attributions if a.source == "white-house")
    assert kirby.quote == (
        "We have seen some Russian units being redirected from operations in and around Ukraine to the "
        "Kursk area. It's not clear right now how many are eventually going to go."
    )
    politico = next(a for a in result.attributions if a.source == "politico")
    assert politico.quote.startswith('a "relatively small" number of Russian troops had been shifted')
    isw = next(a for a in result.attributions if a.source == "isw")
    assert isw.quote == "Russia has made confirmed advances nearby"


@pytest.mark.parametrize("needle", UNATTRIBUTED)
def test_unattributed_sentences_give_nothing(result, needle):
    assert not [a for a in result.attributions if needle in a.sentence]


def test_nothing_else_and_no_unknown_sources(result):
    assert len(result.attributions) == len(EXPECTED)
    assert result.unknown_sources == ()
    assert {a.source for a in result.attributions} == set(DEMO_NAMES)


def test_the_copy_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared/seed is not next to this checkout")
    assert SEED.read_text(encoding="utf-8") == SHARED_SEED.read_text(encoding="utf-8")


def test_publisher_cnn_changes_nothing_for_the_seed():
    text = SEED.read_text(encoding="utf-8")
    plain = extract(text, sources=SOURCES, published_on=PUBLISHED_ON)
    as_cnn = extract(text, sources=SOURCES, published_on=PUBLISHED_ON, publisher="cnn")
    assert [a.as_dict() for a in as_cnn.attributions] == [a.as_dict() for a in plain.attributions]
