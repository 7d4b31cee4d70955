"""Questions and their analysis-of-competing-hypotheses board: scores by hand, drafts, writes, costs."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from claims import ach, services
from claims.consensus import compute_consensus
from claims.models import Claim, Question
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    QuestionFactory,
    SourceFactory,
    TopicFactory,
    confidence,
)

pytestmark = pytest.mark.django_db

AUG = lambda day: datetime.date(2024, 8, day)  # noqa: E731


@pytest.fixture
def by_hand():
    """Three hypotheses whose inconsistency is worked out by hand.

    Weights are confidence × source grade: high 1.0, moderate 0.6, low 0.3; A 1.0, B 0.8, C 0.6,
    D 0.4, F 0.5. Each origin votes with its heaviest active report.

    H1 "one":   Bulletin (A) supports, high: 1.0.  Courier (B) disputes, moderate: 0.48.
                Echo (D) relays Bulletin and disputes, high: 0.4 — Bulletin has its own report, so
                Echo adds no origin; it leads to Bulletin, whose heavier report (1.0) votes supports.
                Agency (F) supports, low: 0.15.
                Inconsistency = Courier 0.48                              = 0.48
    H2 "two":   Bulletin disputes, low: 0.3.  Courier disputes, high: 0.8, but retracted, so it does
                not vote; Courier's supports, low: 0.24 votes instead.  Dispatch (C) disputes,
                moderate: 0.36.  Agency supports, low: 0.15.
                Inconsistency = Bulletin 0.3 + Dispatch 0.36              = 0.66
    H3 "three": Bulletin supports, moderate: 0.6.  Courier supports, moderate: 0.48.  Dispatch
                qualifies, high: 0.6.  Agency supports, low: 0.15.
                Inconsistency = nobody disputes                           = 0
    Ranks, least inconsistent first: H3 (0) 1st, H1 (0.48) 2nd, H2 (0.66) 3rd.
    Agency supports all three: its row is non-diagnostic.
    """
    agency = SourceFactory(slug="agency", name="Agency Wire", reliability="F")
    bulletin = SourceFactory(slug="bulletin", name="The Bulletin", reliability="A")
    courier = SourceFactory(slug="courier", name="Courier", reliability="B")
    dispatch = SourceFactory(slug="dispatch", name="Dispatch", reliability="C")
    echo = SourceFactory(slug="echo", name="Echo", reliability="D")
    one, two, three = (
        ClaimFactory(slug=slug, statement=f"Hypothesis {slug}.") for slug in ("one", "two", "three")
    )

    def cite(claim, source, stance, level, **extra):
        return CitationFactory(
            claim=claim, source=source, stance=stance, confidence=confidence(level), **extra
        )

    cite(one, bulletin, "supports", "high")
    cite(one, courier, "disputes", "moderate")
    cite(one, echo, "disputes", "high", relies_on=bulletin)
    cite(two, bulletin, "disputes", "low")
    retracted = cite(two, courier, "disputes", "high")
    services.retract_citation(citation=retracted, reason="The outlet corrected its report.")
    cite(two, courier, "supports", "low")
    cite(two, dispatch, "disputes", "moderate")
    cite(three, bulletin, "supports", "moderate")
    cite(three, courier, "supports", "moderate")
    cite(three, dispatch, "qualifies", "high")
    for claim in (one, two, three):
        cite(claim, agency, "supports", "low")
    return QuestionFactory(slug="by-hand", text="Which hypothesis holds?", hypotheses=[one, two, three])


EXPECTED_HYPOTHESES = [
    {"claim": "one", "inconsistency": 0.48, "rank": 2},
    {"claim": "two", "inconsistency": 0.66, "rank": 3},
    {"claim": "three", "inconsistency": 0.0, "rank": 1},
]
EXPECTED_MATRIX = [
    {
        "origin": "agency",
        "diagnostic": False,
        "cells": {"one": "supports", "two": "supports", "three": "supports"},
    },
    {
        "origin": "bulletin",
        "diagnostic": True,
        "cells": {"one": "supports", "two": "disputes", "three": "supports"},
    },
    {
        "origin": "courier",
        "diagnostic": True,
        "cells": {"one": "disputes", "two": "supports", "three": "supports"},
    },
    {
        "origin": "dispatch",
        "diagnostic": True,
        "cells": {"one": None, "two": "disputes", "three": "qualifies"},
    },
]


def cells(html):
    """(data-source, data-stance, data-hypothesis) of every board cell, in document order."""
    return re.findall(
        r'<td class="board__cell[^"]*" data-source="([^"]*)" data-stance="([^"]*)" data-hypothesis="([^"]*)"',
        html,
    )


def ranking(html):
    return re.findall(r'data-hypothesis="([^"]+)" data-rank="(\d+)" data-inconsistency="([^"]+)"', html)


class TestHandComputedBoard:
    def test_the_api_agrees_with_the_hand_computation(self, client, by_hand):
        data = client.get("/api/questions/by-hand/").json()
        assert data == {
            "slug": "by-hand",
            "text": "Which hypothesis holds?",
            "topics": [],
            "hypotheses": EXPECTED_HYPOTHESES,
            "matrix": EXPECTED_MATRIX,
        }
        assert client.get("/api/questions/").json()["results"] == [data]

    def test_the_board_page_agrees_with_the_hand_computation(self, client, by_hand):
        html = client.get("/questions/by-hand/").content.decode()
        # Ranked least inconsistent first.
        assert ranking(html) == [("three", "1", "0"), ("one", "2", "0.48"), ("two", "3", "0.66")]
        expected = [
            (row["origin"], stance or "", hypothesis)
            for row in EXPECTED_MATRIX
            for hypothesis, stance in row["cells"].items()
        ]
        assert cells(html) == expected
        assert "echo" not in cells_sources(html)  # the relay is no origin of its own
        assert '<th scope="row" class="board__origin">The Bulletin</th>' in html  # names, not slugs
        assert 'class="board__row board__row--nondiagnostic" data-origin="agency"' in html
        assert 'href="/claims/three/"' in html
        assert '<td data-hypothesis="two">0.66</td>' in html

    def test_sorting_by_diagnostic_puts_the_non_diagnostic_row_last(self, client, by_hand):
        default = client.get("/questions/by-hand/").content.decode()
        assert re.findall(r'data-origin="([^"]+)"', default) == ["agency", "bulletin", "courier", "dispatch"]
        html = client.get("/questions/by-hand/?sort=diagnostic").content.decode()
        assert re.findall(r'data-origin="([^"]+)"', html) == ["bulletin", "courier", "dispatch", "agency"]

    def test_the_pure_board_takes_each_claims_consensus(self, by_hand):
        hypotheses = [Claim.objects.with_citations().get(slug=slug) for slug in ("one", "two", "three")]
        board = ach.build_board([(claim.slug, claim.compute_consensus()) for claim in hypotheses])
        assert [(h.key, h.inconsistency, h.rank) for h in board.hypotheses] == [
            (e["claim"], e["inconsistency"], e["rank"]) for e in EXPECTED_HYPOTHESES
        ]
        # The stored stance weights give the same score (the claim page ranks from them).
        assert [ach.inconsistency_from_stance_weights(c.stance_weights) for c in hypotheses] == [
            0.48,
            0.66,
            0.0,
        ]

    def test_the_claim_page_says_where_the_claim_ranks(self, client, by_hand):
        html = client.get("/claims/three/").content.decode()
        assert (
            'Hypothesis 3 of 3 — ranked 1st, least inconsistent, in: <a href="/questions/by-hand/">'
            "Which hypothesis holds?</a>" in html
        )
        assert (
            "Hypothesis 2 of 3 — ranked 3rd, most inconsistent" in client.get("/claims/two/").content.decode()
        )
        assert "Hypothesis 1 of 3 — ranked 2nd, in" in client.get("/claims/one/").content.decode()

    def test_as_of_scores_the_reports_known_then(self, client, by_hand):
        # Only the reports of 1–3 August: every later one is left out, the board as it stood.
        dated = {
            c.pk: c.published_on for claim in Claim.objects.with_citations() for c in claim.citations.all()
        }
        as_of = AUG(3)
        data = client.get("/api/questions/by-hand/", {"as_of": as_of.isoformat()}).json()
        expected = {}
        for claim in Claim.objects.with_citations().filter(slug__in=["one", "two", "three"]):
            reports = [c.as_report() for c in claim.citations.all()]
            expected[claim.slug] = ach.inconsistency(compute_consensus(reports, as_of=as_of))
        assert {h["claim"]: h["inconsistency"] for h in data["hypotheses"]} == expected
        assert any(date > as_of for date in dated.values())
        page = client.get("/questions/by-hand/", {"as_of": as_of.isoformat()}).content.decode()
        assert "As known on" in page
        assert {slug: float(score) for slug, _, score in ranking(page)} == expected
        assert (
            f"/questions/by-hand/?as_of={as_of.isoformat()}"
            in client.get("/claims/one/", {"as_of": as_of.isoformat()}).content.decode()
        )

    def test_a_malformed_date_is_a_400_on_page_and_api(self, client, by_hand):
        response = client.get("/questions/by-hand/?as_of=16/08/2024")
        assert response.status_code == 400 and "is not a date" in response.content.decode()
        response = client.get("/api/questions/by-hand/?as_of=16/08/2024")
        assert response.status_code == 400 and "as_of" in response.json()
        assert client.get("/api/questions/?as_of=yesterday").status_code == 400


def cells_sources(html):
    return {source for source, _, _ in cells(html)}


class TestDraftHypotheses:
    @pytest.fixture
    def with_draft(self):
        public = ClaimFactory(slug="public-hypothesis", statement="The public hypothesis.")
        draft = ClaimFactory(slug="secret-hypothesis", statement="The secret hypothesis.", status="draft")
        CitationFactory(claim=public, source=SourceFactory(slug="open-source"))
        CitationFactory(claim=draft, source=SourceFactory(slug="hidden-source"), stance="disputes")
        return QuestionFactory(slug="mixed", hypotheses=[draft, public])

    def test_readers_never_see_a_draft_hypothesis(self, with_draft):
        reader = APIClient()
        data = reader.get("/api/questions/mixed/").json()
        assert data["hypotheses"] == [{"claim": "public-hypothesis", "inconsistency": 0.0, "rank": 1}]
        assert [row["origin"] for row in data["matrix"]] == ["open-source"]
        assert all(set(row["cells"]) == {"public-hypothesis"} for row in data["matrix"])
        listed = reader.get("/api/questions/").content.decode()
        for leak in (
            reader.get("/questions/mixed/").content.decode(),
            listed,
            reader.get("/questions/").content.decode(),
        ):
            assert "secret-hypothesis" not in leak and "The secret hypothesis." not in leak
            assert "hidden-source" not in leak
        page = reader.get("/claims/public-hypothesis/").content.decode()
        assert "Hypothesis 1 of 1 — the only hypothesis" in page

    def test_analysts_see_it_marked_as_a_draft(self, analyst_api, analyst_client, with_draft):
        data = analyst_api.get("/api/questions/mixed/").json()
        assert [h["claim"] for h in data["hypotheses"]] == ["secret-hypothesis", "public-hypothesis"]
        assert [h["rank"] for h in data["hypotheses"]] == [2, 1]
        page = analyst_client.get("/questions/mixed/").content.decode()
        assert "secret-hypothesis" in page and '<span class="status">draft</span>' in page
        assert "Hypothesis 2 of 2" in analyst_client.get("/claims/public-hypothesis/").content.decode()

    def test_a_question_with_only_drafts_shows_readers_an_empty_board(self, client):
        QuestionFactory(slug="hidden", hypotheses=[ClaimFactory(status="draft")])
        response = client.get("/questions/hidden/")
        assert response.status_code == 200 and b"No hypotheses to weigh" in response.content
        assert client.get("/api/questions/hidden/").json()["hypotheses"] == []


class TestWrites:
    def test_an_analyst_creates_a_question_with_a_draft_hypothesis(self, analyst_api):
        topic = TopicFactory(slug="kursk")
        ClaimFactory(slug="h1")
        ClaimFactory(slug="h2", status="draft")
        body = {"text": "  How many   moved? ", "topics": ["kursk"], "hypotheses": ["h2", "h1"]}
        response = analyst_api.post("/api/questions/", body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["slug"] == "how-many-moved"
        assert response["Location"].endswith("/questions/how-many-moved/")
        question = Question.objects.get()
        assert question.text == "How many moved?" and list(question.topics.all()) == [topic]
        assert [e.claim.slug for e in question.entries.order_by("position")] == ["h2", "h1"]

    def test_patch_reorders_and_put_replaces(self, analyst_api):
        a, b, c = ClaimFactory(slug="a"), ClaimFactory(slug="b"), ClaimFactory(slug="c")
        QuestionFactory(slug="q", hypotheses=[a, b])
        response = analyst_api.patch("/api/questions/q/", {"hypotheses": ["c", "b", "a"]}, format="json")
        assert [h["claim"] for h in response.json()["hypotheses"]] == ["c", "b", "a"]
        response = analyst_api.put(
            "/api/questions/q/", {"text": "Renamed?", "slug": "renamed", "hypotheses": ["b"]}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert (response.json()["slug"], response.json()["text"]) == ("renamed", "Renamed?")
        assert [h["claim"] for h in response.json()["hypotheses"]] == ["b"]
        assert c.pk and analyst_api.get("/api/questions/q/").status_code == 404

    @pytest.mark.parametrize(
        "body, field, message",
        [
            (
                {"text": "Q?", "hypotheses": ["no-such-claim"]},
                "hypotheses",
                "No claim has the slug “no-such-claim”",
            ),
            ({"text": "Q?", "topics": ["no-such-topic"]}, "topics", "No topic has the slug"),
            ({"text": "Q?", "hypotheses": ["h1", "h1"]}, "hypotheses", "listed twice"),
            ({"text": "Q?", "hypotheses": ["h1"] * 13}, "hypotheses", "at most 12"),
            ({"text": "   "}, "text", "blank"),
            ({"hypotheses": ["h1"]}, "text", "required"),
            ({"text": "Q?", "slug": "taken"}, "slug", "already exists"),
            ({"text": "Q?", "hypotheses": "h1"}, "hypotheses", ""),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, analyst_api, body, field, message):
        ClaimFactory(slug="h1")
        QuestionFactory(slug="taken")
        response = analyst_api.post("/api/questions/", body, format="json")
        assert response.status_code == 400
        assert message in str(response.json()[field])
        assert Question.objects.count() == 1

    def test_anonymous_writes_are_401_and_delete_is_not_offered(self, analyst_api):
        QuestionFactory(slug="q")
        assert APIClient().post("/api/questions/", {"text": "Q?"}, format="json").status_code == 401
        assert APIClient().patch("/api/questions/q/", {"text": "Q?"}, format="json").status_code == 401
        # Analysts do not delete questions (the permission check answers before the method one).
        assert analyst_api.delete("/api/questions/q/").status_code == 403
        assert Question.objects.filter(slug="q").exists()

    def test_filter_by_topic(self, client):
        topic = TopicFactory(slug="kursk")
        QuestionFactory(slug="on-topic", topics=[topic])
        QuestionFactory(slug="off-topic")
        assert [q["slug"] for q in client.get("/api/questions/", {"topic": "kursk"}).json()["results"]] == [
            "on-topic"
        ]
        assert "topic" in client.get("/api/questions/", {"topic": "nope"}).json()
        html = client.get("/questions/", {"topic": "kursk"}).content.decode()
        assert "/questions/on-topic/" in html and "/questions/off-topic/" not in html
        assert client.get("/questions/", {"topic": "nope"}).status_code == 400

    def test_the_admin_saves_a_question_with_its_hypotheses_in_order(self, analyst_client):
        first, second = ClaimFactory(slug="first"), ClaimFactory(slug="second")
        data = {
            "text": "Which came first?",
            "entries-TOTAL_FORMS": "3",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "1000",
            "entries-0-position": "2",
            "entries-0-claim": str(first.pk),
            "entries-1-position": "1",
            "entries-1-claim": str(second.pk),
            "entries-2-position": "1",
        }
        response = analyst_client.post(reverse("admin:claims_question_add"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        question = Question.objects.get()
        assert [e.claim.slug for e in question.entries.order_by("position")] == ["second", "first"]
        assert question.slug == "which-came-first"
        change = reverse("admin:claims_question_change", args=[question.pk])
        assert analyst_client.get(change).status_code == 200
        assert analyst_client.get(reverse("admin:claims_question_changelist")).status_code == 200


class TestDemo:
    def test_the_kursk_question_ranks_its_hypotheses(self, client, demo):
        data = client.get(
            "/api/questions/how-many-russian-troops-moved-from-ukraine-to-kursk-in-august-2024/"
        ).json()
        # By hand (weights: moderate 0.6 × B 0.8 = 0.48; Kirby high 1.0 × C 0.6 = 0.6):
        # thousands — no origin disputes: CNN's officials (0.48) outweigh its low-graded intelligence
        #   source (0.24), BBC supports, Politico and the White House qualify: 0;
        # a relatively small number — CNN's officials dispute it (0.48 over the supporting 0.24): 0.48;
        # mostly conscripts, not troops from Ukraine — CNN and BBC dispute it: 0.96.
        assert data["hypotheses"] == [
            {
                "claim": "russia-moved-thousands-of-troops-from-its-ukraine-front-lines-to-defend-kursk",
                "inconsistency": 0.0,
                "rank": 1,
            },
            {
                "claim": "only-a-relatively-small-number-of-russian-troops-moved-from-ukraine-to-kursk",
                "inconsistency": 0.48,
                "rank": 2,
            },
            {
                "claim": "russia-moved-mostly-conscripts-from-inside-russia-to-kursk-not-troops-from-ukraine",
                "inconsistency": 0.96,
                "rank": 3,
            },
        ]
        assert [row["origin"] for row in data["matrix"]] == ["bbc", "cnn", "politico", "white-house"]
        assert client.get("/questions/").status_code == 200

    def test_the_demo_relations(self, client, demo):
        relations = client.get(
            "/api/claims/only-a-relatively-small-number-of-russian-troops-moved-from-ukraine-to-kursk/"
        ).json()["relations"]
        assert relations == [
            {
                "kind": "contradicts",
                "claim": "a-substantial-movement-of-russian-troops-from-ukraine-to-kursk-has-taken-place",
            },
            {
                "kind": "refines",
                "claim": "russian-troops-were-shifted-from-zaporizhzhia-and-kherson-to-kursk",
            },
        ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def add_questions(count, topic, sources):
    """Questions of three hypotheses, each claim with citations, relays and a relation."""
    for _ in range(count):
        claims = [ClaimFactory(topics=[topic]) for _ in range(3)]
        for index, claim in enumerate(claims):
            CitationFactory(claim=claim, source=sources[index % 4], stance="disputes")
            CitationFactory(claim=claim, source=sources[(index + 1) % 4])
            CitationFactory(claim=claim, source=sources[(index + 2) % 4], relies_on=sources[(index + 3) % 4])
        services.set_relations(
            claim=claims[0], relations=[("contradicts", claims[1]), ("refines", claims[2])]
        )
        QuestionFactory(topics=[topic], hypotheses=claims)


# Pinned query counts (response cache off, as in every test; anonymous reader):
# - /questions/: the paginator's count (1), the page of questions (1), their topics (1), their
#   hypotheses with their claims' stored consensus (1), the topic filter's options (1): 5.
# - /questions/<slug>/: the question (1), its topics (1), its hypotheses with their claims (1), the
#   hypotheses' citations with sources and levels, as plain rows (1): 4 (?sort= changes nothing).
# - /api/questions/: count (1), questions (1), topics (1), hypotheses (1), every board's
#   citations in one read (1): 5; with ?topic= the topic's slug is looked up first: 6.
# - /api/questions/<slug>/: as the page: 4.
# - /claims/<slug>/ with questions and relations: the claim with its topics and citations (3),
#   related claims, candidates and ranking in one (1), its relations both ways (1), its questions
#   with every hypothesis's stored consensus (1): 6.
QUERY_COUNTS = {
    "/questions/": 5,
    "/questions/{question}/": 4,
    "/questions/{question}/?sort=diagnostic": 4,
    "/api/questions/": 5,
    "/api/questions/?topic={topic}": 6,
    "/api/questions/{question}/": 4,
    "/claims/{claim}/": 6,
}


def test_query_counts_are_pinned_and_do_not_grow_with_rows(client):
    """Every URL above measured on 2 questions, then on 10 with more citations, relations and
    questions on the first question's first claim (one data set for all of them)."""
    topic = TopicFactory()
    sources = SourceFactory.create_batch(4)
    add_questions(2, topic, sources)
    question = Question.objects.order_by("id").first()
    claim = question.entries.order_by("position").first().claim

    def counts():
        return {
            url: count_queries(client, url.format(question=question.slug, topic=topic.slug, claim=claim.slug))
            for url in QUERY_COUNTS
        }

    few = counts()
    add_questions(8, topic, sources)
    for other in Claim.objects.exclude(pk=claim.pk)[:10]:
        CitationFactory(claim=claim, source=sources[0])
        QuestionFactory(hypotheses=[claim, other])
    services.set_relations(
        claim=claim, relations=[("contradicts", c) for c in Claim.objects.exclude(pk=claim.pk)[:8]]
    )
    assert few == QUERY_COUNTS, "on 2 questions"
    assert counts() == QUERY_COUNTS, "on 10 questions"


def test_the_admin_question_changelist_does_not_grow_with_rows(analyst_client):
    topic = TopicFactory()
    sources = SourceFactory.create_batch(4)
    url = reverse("admin:claims_question_changelist")
    add_questions(2, topic, sources)
    analyst_client.get(url)
    few = count_queries(analyst_client, url)
    add_questions(10, topic, sources)
    assert count_queries(analyst_client, url) == few


def test_loop_and_informant_origins_are_rows_named_as_readers_read_them(client):
    x, y = SourceFactory(slug="x-wire", name="X Wire"), SourceFactory(slug="y-post", name="Y Post")
    a, b = SourceFactory(slug="a-times", name="A Times"), SourceFactory(slug="b-herald", name="B Herald")
    looped, briefed = ClaimFactory(slug="looped"), ClaimFactory(slug="briefed")
    # X and Y only relay each other: one origin, the loop.
    CitationFactory(claim=looped, source=x, relies_on=y)
    CitationFactory(claim=looped, source=y, relies_on=x, stance="disputes", confidence=confidence("high"))
    # Two outlets quoting one briefing official: one origin, the shared informant.
    CitationFactory(claim=briefed, source=a, informant="briefing")
    CitationFactory(claim=briefed, source=b, informant="briefing")
    QuestionFactory(slug="origins", hypotheses=[looped, briefed])
    data = client.get("/api/questions/origins/").json()
    assert [row["origin"] for row in data["matrix"]] == ["informant:briefing", "loop:x-wire+y-post"]
    html = client.get("/questions/origins/").content.decode()
    assert cells(html) == [
        ("informant:briefing", "", "looped"),
        ("informant:briefing", "supports", "briefed"),
        ("loop:x-wire+y-post", "disputes", "looped"),
        ("loop:x-wire+y-post", "", "briefed"),
    ]
    assert ">the shared informant “briefing”</th>" in html and ">X Wire and Y Post</th>" in html
