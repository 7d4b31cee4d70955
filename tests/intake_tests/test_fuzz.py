"""Fuzzing the extractor: it never raises on any string (except the two ValueErrors), offsets
always match the text, and every source is a known slug or None."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import intake
from claims.intake import MAX_INPUT_CHARS, KnownSource, extract

SOURCES = (
    KnownSource("cnn", ("CNN",), "outlet"),
    KnownSource("bbc", ("BBC News", "BBC"), "outlet"),
    KnownSource("isw", ("Institute for the Study of War", "ISW"), "research"),
    KnownSource("wsj", ("The Wall Street Journal", "WSJ", "the Journal"), "outlet"),
    KnownSource("white-house", ("The White House", "White House", "National Security Council"), "government"),
    KnownSource("zelensky", ("Volodymyr Zelensky", "Zelensky"), "individual"),
    KnownSource("odd", ("", "   ", "'s", "The", "U.N.", "—"), "other"),
)
SLUGS = {s.slug for s in SOURCES}

FRAGMENTS = [
    "said",
    "told",
    "CNN",
    "the BBC",
    "according to",
    "citing",
    "quoting",
    "per",
    "Reuters",
    "reported",
    "he",
    "she",
    "they",
    "it",
    "the company",
    "the companies",
    "the outlet",
    "Mr.",
    "Dr.",
    "U.S.",
    "Gen.",
    "J.",
    "3.5",
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    ",",
    ".",
    "?",
    "!",
    "…",
    ";",
    ":",
    "—",
    "–",
    "-",
    "(",
    ")",
    "\n",
    "\n\n",
    "- ",
    "• ",
    "1. ",
    "\t",
    "\x00",
    "\x0b",
    "\u200b",
    "\u2028",
    "On Tuesday",
    "last week",
    "Kirby",
    "John Kirby",
    "spokesperson",
    "national security",
    "Institute for the Study of War",
    "White House",
    "The Journal's",
    "CNN's State of the Union",
    "in an interview with",
    "in a statement to",
    "Speaking at a",
    "press briefing",
    "KYIV, Ukraine (AP) —",
    "(CNN) —",
    "Nov 4 (Reuters) -",
    "that",
    "who",
    "and",
    "Zelensky",
    "12",
    "1,000",
    "&",
    "'s",
    "’s",
    "put the toll at",
    "the three-member panel",
    "Analysts believe",
    "officials",
    "a",
    "the",
    "The",
    "ÉLYSÉE",
    "ß",
    "İstanbul",
    "🙂",
    "日本",
    "مرحبا",
]


def joined(parts: list[str]) -> str:
    return " ".join(parts)


article_like = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=120).map(joined)
any_text = st.text(min_size=0, max_size=400)
mixed = st.one_of(
    article_like,
    any_text,
    st.tuples(article_like, any_text, article_like).map(lambda t: "".join(t)),
    st.builds(
        lambda c, n, tail: c * n + tail,
        st.sampled_from(['"', "“", "”", "'", "’", ".", "-", "\n", " ,"]),
        st.integers(1, 3000),
        article_like,
    ),
)


def check(text: str, publisher=None, published_on=None):
    if not text.strip() or len(text) > MAX_INPUT_CHARS:
        with pytest.raises(ValueError):
            extract(text, sources=SOURCES, publisher=publisher, published_on=published_on)
        return
    result = extract(text, sources=SOURCES, publisher=publisher, published_on=published_on)
    for a in result.attributions:
        assert result.text[a.start : a.end] == a.sentence
        assert a.sentence and a.sentence == a.sentence.strip()
        assert a.source is None or a.source in SLUGS
        assert a.relies_on is None or a.relies_on in SLUGS
        assert a.source is not None or a.source_name
        assert isinstance(a.anonymous, bool)
        if a.anonymous:
            assert a.speaker
    assert list(result.unknown_sources) == sorted(result.unknown_sources, key=lambda n: (intake._fold(n), n))
    keys = [intake.normalize_name(n) or n for n in result.unknown_sources]
    assert len(keys) == len(set(keys))
    json.dumps(result.as_dict())


@pytest.fixture(params=[True, False], ids=["strict", "lenient"])
def strictness(request, monkeypatch):
    monkeypatch.setattr(intake, "STRICT", request.param)
    return request.param


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=mixed,
    publisher=st.one_of(
        st.none(), st.sampled_from(["cnn", "CNN", "The Valley Post", "", "  "]), st.text(max_size=20)
    ),
    published_on=st.one_of(st.none(), st.dates(min_value=datetime.date(1, 1, 8))),
)
def test_extract_never_fails(strictness, text, publisher, published_on):
    check(text, publisher, published_on)


@pytest.mark.parametrize(
    "text",
    [
        '"' * 99_999,
        "“" * 50_000 + "”" * 49_999,
        "said " * 19_999,
        "CNN told CNN " * 7_000,
        "a" * 99_999,
        ("Mr. " * 20_000),
        ("He said, " + "and " * 5_000 + "CNN reported.\n") * 4,
        ("The " + "Big " * 10_000 + "Institute said it.") * 2,
        "\n" * 50_000 + "x",
        ". " * 49_000,
    ],
    ids=[
        "quotes",
        "curly",
        "said",
        "told",
        "letters",
        "titles",
        "long-clause",
        "long-name",
        "newlines",
        "stops",
    ],
)
@pytest.mark.slow  # each input is long on purpose
def test_pathological_inputs_finish_quickly(text, monkeypatch):
    monkeypatch.setattr(intake, "STRICT", True)
    started = time.perf_counter()
    check(text)
    assert time.perf_counter() - started < 10


def test_the_limit_is_exact():
    check("x" * MAX_INPUT_CHARS)
    check("x" * (MAX_INPUT_CHARS + 1))
    check(" \n\t\r\x0b\x0c\u3000")
