"""POST /api/intake/: analysts only, every bad input a 400 naming its field, nothing saved, and
the seed article proposes the demo's citations (source, anonymous, speaker in the article's words)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from claims.intake import MAX_INPUT_CHARS
from claims.models import Citation, Claim
from sources.models import Source
from tests.conftest import token_client
from tests.factories import AnalystFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "intake_tests" / "articles" / "kursk-seed.txt"
URL = "/api/intake/"


@pytest.fixture
def api(db):
    return token_client(AnalystFactory(username="intake-script"))


def words(text):
    """The same words once case and a leading article are ignored."""
    found = text.casefold().split()
    while found and found[0] in ("a", "an", "the"):
        found = found[1:]
    return found


class TestAccess:
    def test_anonymous_callers_get_401_with_the_token_challenge(self, client):
        response = client.post(URL, {"text": "Troops moved, CNN reported."}, content_type="application/json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"

    def test_a_bad_token_is_401(self):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        response = client.post(URL, {"text": "Troops moved, CNN reported."}, format="json")
        assert response.status_code == 401

    def test_a_reader_without_the_permission_to_add_citations_gets_403(self):
        reader = token_client(UserFactory(username="reader"))
        response = reader.post(URL, {"text": "Troops moved, CNN reported."}, format="json")
        assert response.status_code == 403
        assert "analysts" in response.json()["detail"]

    def test_the_add_citation_permission_alone_is_enough(self):
        user = UserFactory(username="helper")
        user.user_permissions.add(Permission.objects.get(codename="add_citation"))
        response = token_client(user).post(URL, {"text": "Troops moved, CNN reported."}, format="json")
        assert response.status_code == 200

    def test_an_analyst_in_the_browser_needs_the_csrf_token(self, analyst):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(analyst)
        response = client.post(URL, {"text": "Troops moved, CNN reported."}, format="json")
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]

    def test_throttled_like_the_rest(self, api, monkeypatch):
        monkeypatch.setattr(UserRateThrottle, "rate", "2/minute", raising=False)
        statuses = [api.post(URL, {"text": "CNN reported it."}, format="json").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]

    def test_only_post(self, api):
        assert api.get(URL).status_code == 405


class TestSeedArticle:
    @pytest.fixture
    def proposals(self, api, demo):
        response = api.post(URL, {"text": SEED.read_text(encoding="utf-8"), "published_on": "2024-08-16"})
        assert response.status_code == 200, response.json()
        return response.json()

    def test_every_demo_citation_is_proposed_with_its_source_anonymity_and_speaker(self, proposals):
        attributions = proposals["attributions"]
        # The aggregator's own citations are the article's: it attributes them to nobody else.
        for citation in Citation.objects.select_related("source").exclude(source__slug="kursk-roundup"):
            matching = [
                a
                for a in attributions
                if a["source"] == citation.source.slug
                and words(a["speaker"]) == words(citation.speaker)
                and a["anonymous"] is citation.anonymous
                and citation.quote.casefold().rstrip(".") in a["quote"].casefold()
            ]
            assert len(matching) == 1, (citation.source.slug, citation.speaker, citation.quote)

    def test_the_shape_and_offsets(self, proposals):
        assert set(proposals) == {"text", "attributions", "unknown_sources"}
        assert proposals["unknown_sources"] == []
        for attribution in proposals["attributions"]:
            assert set(attribution) == {
                "sentence",
                "start",
                "end",
                "source",
                "source_name",
                "speaker",
                "anonymous",
                "quote",
                "relies_on",
                "relies_on_name",
                "published_on",
                "date_hint",
            }
            assert proposals["text"][attribution["start"] : attribution["end"]] == attribution["sentence"]

    def test_dates_are_resolved_from_the_article_date(self, proposals):
        by_source = {a["source"]: a for a in proposals["attributions"] if a["date_hint"]}
        assert (by_source["politico"]["date_hint"], by_source["politico"]["published_on"]) == (
            "On Tuesday",
            "2024-08-13",
        )
        assert by_source["white-house"]["published_on"] == "2024-08-15"

    def test_nothing_is_saved(self, api, demo):
        before = (Source.objects.count(), Claim.objects.count(), Citation.objects.count())
        text = "Troops moved, Reuters reported, citing the Kyiv Independent."
        response = api.post(URL, {"text": text})
        assert response.status_code == 200
        assert response.json()["unknown_sources"] == ["Kyiv Independent", "Reuters"]
        assert (Source.objects.count(), Claim.objects.count(), Citation.objects.count()) == before


class TestInput:
    def test_html_is_read_for_its_main_text(self, api, demo):
        html = (
            "<html><head><title>Kursk</title><script>var x = 1;</script></head><body><nav>Menu</nav>"
            "<article><h1>Troops move</h1><p>Two unnamed senior US officials told CNN that multiple "
            "groups had apparently been diverted to Kursk.</p><p>Russia has made confirmed advances "
            "nearby, the Institute for the Study of War reported.</p></article></body></html>"
        )
        body = api.post(URL, {"html": html}).json()
        assert "var x" not in body["text"]
        assert [a["source"] for a in body["attributions"]] == ["cnn", "isw"]

    def test_aliases_match(self, api):
        SourceFactory(name="The Wall Street Journal", slug="wsj", aliases=["WSJ", "the Journal"])
        body = api.post(URL, {"text": "Prices rose, the Journal reported."}).json()
        assert [a["source"] for a in body["attributions"]] == ["wsj"]

    @pytest.mark.parametrize("publisher", ["cnn", "CNN", "Some Local Gazette", None])
    def test_publisher_by_slug_or_name_or_unknown(self, api, demo, publisher):
        body = {"text": "The mayor told CNN that the bridge would reopen.", "publisher": publisher}
        response = api.post(URL, body)
        assert response.status_code == 200
        assert [a["source"] for a in response.json()["attributions"]] == ["cnn"]

    def test_text_at_the_limit_is_fine(self, api):
        assert api.post(URL, {"text": "x" * MAX_INPUT_CHARS}).status_code == 200

    @pytest.mark.parametrize(
        "body, field, words_in_message",
        [
            ({}, "text", "exactly one of text"),
            ({"text": "CNN said so.", "html": "<p>CNN said so.</p>"}, "html", "exactly one of text"),
            ({"text": ""}, "text", "empty"),
            ({"text": " \n\t "}, "text", "empty"),
            ({"html": "   "}, "html", "empty"),
            ({"html": "<script>only()</script>"}, "html", "No article text"),
            ({"text": "x" * (MAX_INPUT_CHARS + 1)}, "text", "the limit is 100,000"),
            ({"html": "<p>" + "x" * MAX_INPUT_CHARS + "</p>"}, "html", "the limit is 100,000"),
            ({"text": 42}, "text", "string"),
            ({"text": ["CNN said so."]}, "text", "string"),
            ({"text": None}, "text", "null"),
            ({"html": {"p": "x"}}, "html", "string"),
            ({"text": "CNN said so.", "publisher": 7}, "publisher", "string"),
            ({"text": "CNN said so.", "publisher": "x" * 201}, "publisher", "200 characters"),
            ({"text": "CNN said so.", "published_on": "16 August 2024"}, "published_on", "YYYY-MM-DD"),
            ({"text": "CNN said so.", "published_on": "2024-02-30"}, "published_on", "YYYY-MM-DD"),
            ({"text": "CNN said so.", "published_on": 20240816}, "published_on", "YYYY-MM-DD"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, api, body, field, words_in_message):
        response = api.post(URL, body, format="json")
        assert response.status_code == 400, response.content
        messages = " ".join(response.json()[field])
        assert words_in_message.casefold() in messages.casefold()

    def test_a_lone_surrogate_is_a_400_not_an_unencodable_answer(self, api):
        response = api.post(URL, '{"text": "\\ud800 CNN said so."}', content_type="application/json")
        assert response.status_code == 400
        assert "surrogate" in response.json()["text"][0]

    def test_a_body_that_is_not_an_object_is_a_400(self, api):
        assert api.post(URL, ["text"], format="json").status_code == 400
        assert api.post(URL, "{not json", content_type="application/json").status_code == 400

    def test_form_posts_are_415(self, api):
        assert api.post(URL, {"text": "CNN said so."}, format="multipart").status_code == 415

    def test_nul_characters_are_read_not_refused(self, api, demo):
        response = api.post(URL, {"text": "Troops moved\x00, CNN reported."})
        assert response.status_code == 200


class TestCost:
    @pytest.mark.parametrize("sources", [6, 60])
    def test_query_count_is_constant(self, api, demo, django_assert_num_queries, sources):
        SourceFactory.create_batch(sources - 6)
        text = SEED.read_text(encoding="utf-8")
        # Knox's two (the token with its user, then the user's other tokens, to drop expired ones), the
        # user's and the group's permissions, the known sources: the same however many sources there are.
        with django_assert_num_queries(5):
            response = api.post(URL, {"text": text})
        assert response.status_code == 200


TEXT = st.text(st.characters(codec="utf-8"), max_size=400)
WORDS = st.lists(
    st.sampled_from(
        [
            "CNN",
            "told",
            "the BBC",
            "said",
            "according to",
            "citing",
            "ISW",
            "Reuters",
            "he",
            '"',
            "“",
            "”",
            ".",
            ",",
            "\n",
            "<p>",
            "</p>",
            "<script>",
            "<!--",
            "&amp;",
            "on Tuesday",
            "officials",
            "Kirby",
        ]
    ),
    max_size=60,
).map(" ".join)


@pytest.fixture
def fuzz_api(db, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "100000/minute", raising=False)
    SourceFactory(name="CNN", slug="cnn")
    SourceFactory(name="Institute for the Study of War", slug="isw", aliases=["ISW"], kind="research")
    return token_client(AnalystFactory(username="intake-fuzzer"))


@pytest.mark.slow  # a long property search: CI runs it, -m "not slow" skips it
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    field=st.sampled_from(["text", "html"]),
    article=st.one_of(TEXT, WORDS, st.text(max_size=50)),
    publisher=st.one_of(st.none(), st.sampled_from(["cnn", "CNN", "Nobody"]), st.text(max_size=20)),
    published_on=st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)),
)
def test_any_article_is_answered_never_a_server_error(fuzz_api, field, article, publisher, published_on):
    body = {field: article, "publisher": publisher, "published_on": published_on}
    response = fuzz_api.post(URL, body, format="json")
    assert response.status_code in (200, 400), response.content
    data = response.json()
    if response.status_code == 200:
        for a in data["attributions"]:
            assert data["text"][a["start"] : a["end"]] == a["sentence"]
            assert a["source"] in (None, "cnn", "isw")
    else:
        assert set(data) <= {"text", "html", "publisher", "published_on"}
