"""The REST API as scripts use it: reads, filters, writes, permissions, concurrency and errors."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from claims import pagination
from claims.models import Citation, Claim, Topic
from sources.models import Source
from tests.conftest import MAIN_CLAIM_SLUG, token_client
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


NEW_CLAIM = {
    "statement": "Russian reserves reached Sudzha by 20 August.",
    "status": "published",
    "topics": ["kursk-incursion"],
    "confidence": "moderate",
    "citations": [
        {"source": "isw", "stance": "supports", "confidence": "moderate", "quote": "Reserves arrived."},
        {
            "source": "bbc",
            "stance": "disputes",
            "confidence": "low",
            "relies_on": "isw",
            "published_on": "2024-08-20",
            "url": "https://www.bbc.co.uk/news/articles/example",
        },
    ],
}


class TestReads:
    def test_root_lists_the_resources(self, api):
        data = api.get("/api/").json()
        assert set(data) == {"claims", "citations", "sources", "topics", "confidence-levels", "questions"}

    def test_claim_detail_carries_consensus_citations_and_etag(self, api, demo):
        response = api.get(f"/api/claims/{MAIN_CLAIM_SLUG}/")
        data = response.json()
        claim = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        assert response["ETag"] == f'"{MAIN_CLAIM_SLUG}-v{claim.version}"'
        assert data["consensus"] == {
            "label": "corroborated",
            "score": claim.consensus_score,
            "independent_origins": 4,
            "agree": ["bbc", "cnn", "kursk-roundup"],  # the aggregator relays CNN: no new origin
            "disagree": ["cnn"],
            "qualify": ["politico", "white-house"],
            # By hand: four origins vote CNN supports (its moderate report, 0.6 × B 0.8 = 0.48,
            # outweighs its low one), BBC supports, Politico and the White House qualify. Two
            # supporting origins make it corroborated; without either it is single-source, while
            # dropping a qualifying one changes nothing. So one removal suffices: robustness 1.
            "pivotal": ["bbc", "cnn"],
            "pivotal_effects": {"bbc": "single_source", "cnn": "single_source"},
            "robustness": 1,
            "warnings": [],
        }
        assert {c["source"] for c in data["citations"]} == {
            "cnn",
            "bbc",
            "politico",
            "white-house",
            "kursk-roundup",
        }
        assert all(isinstance(c["id"], int) for c in data["citations"])
        assert data["topics"] == ["kursk-incursion"] and data["confidence"] == "moderate"

    @pytest.mark.parametrize(
        "path, key, value",
        [
            ("/api/sources/cnn/", "reliability", "B"),
            ("/api/topics/kursk-incursion/", "name", "Kursk incursion"),
            ("/api/confidence-levels/high/", "weight", "1.00"),
        ],
    )
    def test_other_resources_by_slug(self, api, demo, path, key, value):
        assert api.get(path).json()[key] == value

    def test_citation_by_id(self, api, demo):
        citation = Citation.objects.filter(claim__slug=MAIN_CLAIM_SLUG).first()
        data = api.get(f"/api/citations/{citation.pk}/").json()
        assert (data["claim"], data["source"], data["stance"]) == (
            MAIN_CLAIM_SLUG,
            citation.source.slug,
            citation.stance,
        )

    def test_pagination_with_page_size_up_to_100(self, api):
        ClaimFactory.create_batch(120)
        page = api.get("/api/claims/", {"page_size": 500}).json()
        assert (page["count"], len(page["results"])) == (120, 100)
        assert set(page) == {"count", "next", "previous", "results"}
        assert len(api.get("/api/claims/").json()["results"]) == 25
        assert api.get("/api/claims/", {"page": 99}).status_code == 404

    def test_counted_as_the_list_pages_count(self, api, monkeypatch):
        """Exact up to EXACT_COUNT_UP_TO; above it (PostgreSQL) the planner's estimate, with no
        count that scans them all; exact again on the last page; past the real end still a 404."""
        monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 5)
        ClaimFactory.create_batch(12)
        with CaptureQueriesContext(connection) as queries:
            first = api.get("/api/claims/", {"page_size": 5}).json()
        assert len(first["results"]) == 5 and first["next"] is not None
        counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
        if connection.vendor == "postgresql":
            estimate = Claim.objects.published().order_by().values("pk").explain(format="json")
            assert first["count"] == max(6, json.loads(estimate)[0]["Plan"]["Plan Rows"])
            assert len(counts) == 1 and "LIMIT 6" in counts[0], counts  # only the bounded count
        else:
            assert first["count"] == 12
        last = api.get("/api/claims/", {"page_size": 5, "page": 3}).json()
        assert (last["count"], len(last["results"]), last["next"]) == (12, 2, None)
        assert api.get("/api/claims/", {"page_size": 5, "page": 4}).status_code == 404
        pages = [api.get("/api/claims/", {"page_size": 5, "page": page}).json() for page in (1, 2, 3)]
        every = [claim["slug"] for page in pages for claim in page["results"]]
        assert every == list(Claim.objects.newest_first().values_list("slug", flat=True))

    def test_anonymous_readers_see_published_claims_only(self, api):
        ClaimFactory(status="draft", slug="secret")
        assert api.get("/api/claims/secret/").status_code == 404
        assert api.get("/api/claims/", {"status": "draft"}).json()["count"] == 0
        draft_citation = CitationFactory(claim=Claim.objects.get(slug="secret"))
        assert api.get(f"/api/citations/{draft_citation.pk}/").status_code == 404

    def test_analysts_see_drafts(self, analyst_api):
        ClaimFactory(status="draft", slug="secret")
        assert analyst_api.get("/api/claims/secret/").status_code == 200
        assert analyst_api.get("/api/claims/", {"status": "draft"}).json()["count"] == 1


class TestFilters:
    def slugs(self, api, **params):
        response = api.get("/api/claims/", params)
        assert response.status_code == 200, response.json()
        return [claim["slug"] for claim in response.json()["results"]]

    def test_search_uses_the_pages_search(self, api, demo):
        assert MAIN_CLAIM_SLUG in self.slugs(api, search="relatively small")
        assert self.slugs(api, search="zeppelins") == []

    def test_topic_consensus_and_confidence(self, api, demo):
        assert set(self.slugs(api, topic="eastern-front")) == set(
            Claim.objects.published().filter(topics__slug="eastern-front").values_list("slug", flat=True)
        )
        assert len(self.slugs(api, consensus="corroborated")) == 2
        assert all(
            Claim.objects.get(slug=s).confidence.slug == "high" for s in self.slugs(api, confidence="high")
        )

    def test_source_with_stance(self, api, demo):
        assert set(self.slugs(api, source="cnn", stance="disputes")) == {
            MAIN_CLAIM_SLUG,
            "a-substantial-movement-of-russian-troops-from-ukraine-to-kursk-has-taken-place",
            "only-a-relatively-small-number-of-russian-troops-moved-from-ukraine-to-kursk",
            "russia-moved-mostly-conscripts-from-inside-russia-to-kursk-not-troops-from-ukraine",
        }
        assert len(self.slugs(api, source="cnn")) == 6

    def test_retracted_citations_do_not_count_for_source(self, api):
        citation = CitationFactory(retracted=True, retraction_reason="Corrected.", source__slug="gone")
        assert self.slugs(api, source="gone") == []
        assert api.get("/api/citations/", {"retracted": "true"}).json()["results"][0]["id"] == citation.pk

    def test_updated_after(self, api):
        old = ClaimFactory()
        Claim.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
        new = ClaimFactory()
        since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
        assert self.slugs(api, updated_after=since) == [new.slug]

    def test_updated_after_with_any_utc_offset_iso_8601_allows(self, api):
        """PostgreSQL refuses offsets beyond 15:59 (a 500 once, found by the schema test)."""
        old = ClaimFactory()
        Claim.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
        new = ClaimFactory()
        far_west = datetime.timezone(-datetime.timedelta(hours=22, minutes=2))
        since = (timezone.now() - datetime.timedelta(days=2)).astimezone(far_west).isoformat()
        assert since.endswith("-22:02")
        assert self.slugs(api, updated_after=since) == [new.slug]

    def test_ordering(self, api, demo):
        scores = [
            c["consensus"]["score"] for c in api.get("/api/claims/", {"ordering": "score"}).json()["results"]
        ]
        assert scores == sorted(scores)
        created = [
            c["created_at"] for c in api.get("/api/claims/", {"ordering": "-created_at"}).json()["results"]
        ]
        assert created == sorted(created, reverse=True)
        updated = [
            c["updated_at"] for c in api.get("/api/claims/", {"ordering": "updated_at"}).json()["results"]
        ]
        assert updated == sorted(updated)

    def test_citation_and_source_filters(self, api, demo):
        citations = api.get(
            "/api/citations/", {"claim": MAIN_CLAIM_SLUG, "source": "cnn", "stance": "disputes"}
        ).json()
        assert citations["count"] == 1
        assert [s["slug"] for s in api.get("/api/sources/", {"kind": "research"}).json()["results"]] == [
            "isw"
        ]
        assert [s["slug"] for s in api.get("/api/sources/", {"reliability": "C"}).json()["results"]] == [
            "white-house"
        ]

    @pytest.mark.parametrize(
        "params, field",
        [
            ({"consensus": "bogus"}, "consensus"),
            ({"topic": "nope"}, "topic"),
            ({"updated_after": "yesterday"}, "updated_after"),
            ({"updated_after": "9999-12-31T23:00:00-22:00"}, "updated_after"),  # past 9999 in UTC
        ],
    )
    def test_bad_filter_values_are_400_naming_the_filter(self, api, params, field):
        response = api.get("/api/claims/", params)
        assert response.status_code == 400
        assert field in response.json()


class TestWrites:
    def test_create_claim_with_citations(self, analyst_api, analyst, demo):
        response = analyst_api.post("/api/claims/", NEW_CLAIM, format="json")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["slug"] == "russian-reserves-reached-sudzha-by-20-august"
        assert response["Location"].endswith(f"/claims/{data['slug']}/")
        assert [c["source"] for c in data["citations"]] == ["isw", "bbc"]
        # bbc only relays isw, which has its own report: one origin.
        assert data["consensus"]["independent_origins"] == 1
        claim = Claim.objects.get(slug=data["slug"])
        assert claim.created_by == analyst
        assert claim.history.earliest().history_user == analyst
        assert {c.history.earliest().history_user for c in claim.citations.all()} == {analyst}

    def test_nested_create_is_all_or_nothing(self, analyst_api, demo):
        claims, citations = Claim.objects.count(), Citation.objects.count()
        bad = {
            **NEW_CLAIM,
            "citations": [
                *NEW_CLAIM["citations"],
                {"source": "cnn", "stance": "supports", "confidence": "nope"},
            ],
        }
        response = analyst_api.post("/api/claims/", bad, format="json")
        assert response.status_code == 400
        assert "confidence" in str(response.json()["citations"])
        assert (Claim.objects.count(), Citation.objects.count()) == (claims, citations)

    def test_failure_while_saving_the_third_citation_leaves_no_rows(self, analyst_api, demo, monkeypatch):
        calls = {"n": 0}
        real = Citation.full_clean

        def failing(citation, *args, **kwargs):
            # The claim is inserted first, then its citations validated one by one: refuse the third.
            calls["n"] += 1
            if calls["n"] == 3:
                from django.core.exceptions import ValidationError

                raise ValidationError({"quote": "Refused on purpose."})
            return real(citation, *args, **kwargs)

        monkeypatch.setattr(Citation, "full_clean", failing)
        claims, citations = Claim.objects.count(), Citation.objects.count()
        three = {
            **NEW_CLAIM,
            "citations": [
                *NEW_CLAIM["citations"],
                {"source": "cnn", "stance": "supports", "confidence": "low", "quote": "Yes."},
            ],
        }
        response = analyst_api.post("/api/claims/", three, format="json")
        assert response.status_code == 400 and response.json() == {"quote": ["Refused on purpose."]}
        assert (Claim.objects.count(), Citation.objects.count()) == (claims, citations)

    def test_patch_and_put_a_claim(self, analyst_api, demo):
        url = f"/api/claims/{MAIN_CLAIM_SLUG}/"
        response = analyst_api.patch(
            url, {"context": "New context.", "topics": ["eastern-front"]}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["topics"] == ["eastern-front"]
        put = {
            "statement": "Russia moved troops to Kursk.",
            "status": "published",
            "topics": [],
            "confidence": None,
        }
        response = analyst_api.put(url, put, format="json")
        assert response.status_code == 200
        assert response.json()["statement"] == "Russia moved troops to Kursk."
        assert response.json()["slug"] == MAIN_CLAIM_SLUG

    def test_citations_cannot_be_rewritten_through_the_claim(self, analyst_api, demo):
        response = analyst_api.patch(f"/api/claims/{MAIN_CLAIM_SLUG}/", {"citations": []}, format="json")
        assert response.status_code == 400 and "citations" in response.json()

    def test_add_change_and_retract_a_citation(self, analyst_api, demo):
        created = analyst_api.post(
            "/api/citations/",
            {
                "claim": MAIN_CLAIM_SLUG,
                "source": "wsj",
                "stance": "disputes",
                "confidence": "low",
                "quote": "Not so.",
            },
            format="json",
        )
        assert created.status_code == 201, created.json()
        assert Claim.objects.get(slug=MAIN_CLAIM_SLUG).consensus_label == "contested"
        url = f"/api/citations/{created.json()['id']}/"
        assert analyst_api.patch(url, {"retracted": True}, format="json").json() == {
            "retraction_reason": ["Say why the citation is retracted."]
        }
        response = analyst_api.patch(
            url, {"retracted": True, "retraction_reason": "WSJ corrected it."}, format="json"
        )
        assert response.status_code == 200 and response.json()["retracted"] is True
        assert Claim.objects.get(slug=MAIN_CLAIM_SLUG).consensus_label == "corroborated"

    def test_sources_and_topics_with_and_without_a_client_slug(self, analyst_api):
        assert analyst_api.post("/api/sources/", {"name": "Meduza"}, format="json").json()["slug"] == "meduza"
        made = analyst_api.post(
            "/api/sources/",
            {"name": "Kyiv Independent", "slug": "kyiv-ind", "reliability": "B"},
            format="json",
        )
        assert made.status_code == 201 and made.json()["slug"] == "kyiv-ind"
        duplicate = analyst_api.post("/api/sources/", {"name": "Other", "slug": "kyiv-ind"}, format="json")
        assert duplicate.status_code == 400 and "slug" in duplicate.json()
        bad = analyst_api.post("/api/topics/", {"name": "Курск", "slug": "курск"}, format="json")
        assert bad.status_code == 400 and "slug" in bad.json()
        assert analyst_api.post("/api/topics/", {"name": "Курск"}, format="json").json()["slug"] == "topic"
        assert (
            analyst_api.patch("/api/sources/kyiv-ind/", {"reliability": "A"}, format="json").json()[
                "reliability"
            ]
            == "A"
        )
        assert (
            analyst_api.patch("/api/topics/topic/", {"name": "Kursk (Russian)"}, format="json").status_code
            == 200
        )

    def test_analysts_cannot_delete_claims_but_superusers_can(self, analyst_api, demo):
        assert analyst_api.delete(f"/api/claims/{MAIN_CLAIM_SLUG}/").status_code == 403
        assert Claim.objects.filter(slug=MAIN_CLAIM_SLUG).exists()
        admin = token_client(UserFactory(is_superuser=True, is_staff=True))
        assert admin.delete(f"/api/claims/{MAIN_CLAIM_SLUG}/").status_code == 204

    def test_deleting_a_cited_source_is_a_409(self, demo):
        admin = token_client(UserFactory(is_superuser=True, is_staff=True))
        response = admin.delete("/api/sources/cnn/")
        assert response.status_code == 409 and "detail" in response.json()
        assert Source.objects.filter(slug="cnn").exists()


class TestConcurrency:
    def test_stale_if_match_is_412_and_changes_nothing(self, analyst_api, demo):
        url = f"/api/claims/{MAIN_CLAIM_SLUG}/"
        etag = analyst_api.get(url)["ETag"]
        first = analyst_api.patch(url, {"context": "First."}, format="json", HTTP_IF_MATCH=etag)
        assert first.status_code == 200 and first["ETag"] != etag
        second = analyst_api.patch(url, {"context": "Second."}, format="json", HTTP_IF_MATCH=etag)
        assert second.status_code == 412 and "detail" in second.json()
        assert Claim.objects.get(slug=MAIN_CLAIM_SLUG).context == "First."
        assert analyst_api.put(url, {"statement": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 412

    def test_a_citation_change_moves_the_etag(self, analyst_api, demo):
        url = f"/api/claims/{MAIN_CLAIM_SLUG}/"
        etag = analyst_api.get(url)["ETag"]
        CitationFactory(claim=Claim.objects.get(slug=MAIN_CLAIM_SLUG))
        assert (
            analyst_api.patch(url, {"context": "Late."}, format="json", HTTP_IF_MATCH=etag).status_code == 412
        )

    def test_without_if_match_the_write_goes_through(self, analyst_api, demo):
        response = analyst_api.patch(f"/api/claims/{MAIN_CLAIM_SLUG}/", {"context": "Blind."}, format="json")
        assert response.status_code == 200


class TestPermissions:
    def test_anonymous_write_is_401_with_www_authenticate(self, api):
        response = api.post("/api/claims/", {"statement": "x"}, format="json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"

    def test_bad_token_is_401(self):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        response = client.get("/api/claims/")
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"

    def test_expired_token_is_401(self, analyst):
        client = token_client(analyst, expiry=datetime.timedelta(seconds=-1))
        assert client.post("/api/claims/", {"statement": "x"}, format="json").status_code == 401

    def test_revoked_token_is_401(self, analyst):
        client = token_client(analyst)
        AuthToken.objects.filter(user=analyst).delete()
        assert client.post("/api/claims/", {"statement": "x"}, format="json").status_code == 401

    def test_user_outside_the_analysts_group_may_read_but_not_write(self):
        client = token_client(UserFactory())
        assert client.get("/api/claims/").status_code == 200
        response = client.post("/api/claims/", {"statement": "x"}, format="json")
        assert response.status_code == 403 and "detail" in response.json()

    def test_session_writes_need_csrf(self, analyst):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(analyst)
        response = client.post("/api/claims/", {"statement": "x"}, format="json")
        assert response.status_code == 403 and "CSRF" in response.json()["detail"]

    def test_analyst_writes(self, analyst_api):
        assert analyst_api.post("/api/claims/", {"statement": "A claim."}, format="json").status_code == 201


class TestErrors:
    @pytest.mark.parametrize(
        "body, field",
        [
            ({"statement": ""}, "statement"),
            ({"statement": "   "}, "statement"),
            ({"statement": "x" * 501}, "statement"),
            ({"statement": "ok", "status": "secret"}, "status"),
            ({"statement": "ok", "topics": ["nope"]}, "topics"),
            ({"statement": "ok", "confidence": "certain"}, "confidence"),
            (
                {"statement": "ok", "citations": [{"source": "cnn", "stance": "maybe", "confidence": "low"}]},
                "citations",
            ),
            (
                {
                    "statement": "ok",
                    "citations": [
                        {"source": "cnn", "stance": "supports", "confidence": "low", "relies_on": "cnn"}
                    ],
                },
                "citations",
            ),
            ({"statement": ["not", "a", "string"]}, "statement"),
            ({"statement": "ok", "topics": "kursk-incursion"}, "topics"),
        ],
    )
    def test_bad_claims_are_400_naming_the_field(self, analyst_api, demo, body, field):
        response = analyst_api.post("/api/claims/", body, format="json")
        assert response.status_code == 400
        assert field in response.json()

    def test_self_relay_names_relies_on(self, analyst_api, demo):
        response = analyst_api.post(
            "/api/citations/",
            {
                "claim": MAIN_CLAIM_SLUG,
                "source": "cnn",
                "stance": "supports",
                "confidence": "low",
                "relies_on": "cnn",
            },
            format="json",
        )
        assert response.status_code == 400
        assert "relies_on" in response.json()

    def test_unknown_slug_and_bad_stance_on_a_citation(self, analyst_api, demo):
        response = analyst_api.post(
            "/api/citations/",
            {"claim": "nope", "source": "cnn", "stance": "maybe", "confidence": "low"},
            format="json",
        )
        assert response.status_code == 400
        assert set(response.json()) == {"claim", "stance"}
        assert "nope" in response.json()["claim"][0]

    def test_malformed_json_is_400(self, analyst_api):
        response = analyst_api.generic(
            "POST", "/api/claims/", '{"statement": ', content_type="application/json"
        )
        assert response.status_code == 400
        assert "JSON parse error" in response.json()["detail"]

    def test_wrong_content_type_is_415(self, analyst_api):
        response = analyst_api.generic(
            "POST", "/api/claims/", "statement=x", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 415 and "detail" in response.json()

    def test_unknown_objects_and_routes_are_json_404s(self, api):
        assert api.get("/api/claims/nope/").json() == {"detail": "No Claim matches the given query."}
        response = api.get("/api/no-such-thing/")
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
        assert api.get("/api/citations/abc/").status_code == 404

    def test_throttling_answers_429_with_retry_after(self, api, monkeypatch):
        monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
        statuses = [api.get("/api/topics/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = api.get("/api/topics/")
        assert int(response["Retry-After"]) > 0 and "throttled" in response.json()["detail"]


class TestTokens:
    def test_create_api_token_prints_the_token_last(self, analyst):
        out = io.StringIO()
        call_command(
            "create_api_token", "analyst", "--expires-in-days", "30", stdout=out, stderr=io.StringIO()
        )
        token = out.getvalue().strip().splitlines()[-1]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.post("/api/topics/", {"name": "Sudzha"}, format="json").status_code == 201
        stored = AuthToken.objects.get(user=analyst)
        assert token not in stored.digest and stored.expiry is not None

    def test_unknown_user_is_a_clear_error(self):
        with pytest.raises(CommandError, match="No user 'ghost'"):
            call_command("create_api_token", "ghost")


def list_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


# Pinned query counts (anonymous reader, response cache off). /api/claims/: the count (1), the
# page of claims (1), their topics (1), their citations with sources, relays and levels (1),
# their relations both ways with the other claims (1): 5; a source filter looks its slug up
# first: 6. Every other list: the count (1) and the page (1): 2.
API_QUERY_COUNTS = {
    "/api/claims/?page_size=100": 5,
    "/api/claims/?search=troop&page_size=100": 5,
    "/api/claims/?source={source}&stance=supports&page_size=100": 6,
    "/api/citations/?page_size=100": 2,
    "/api/sources/?page_size=100": 2,
    "/api/topics/?page_size=100": 2,
    "/api/confidence-levels/": 2,
}


def test_list_endpoint_query_counts_are_pinned_and_do_not_grow(api):
    """Every list above measured at 3 claims and again at 30 (one data set for all of them)."""
    sources = SourceFactory.create_batch(3)

    def add(count):
        for index in range(count):
            claim = ClaimFactory(topics=[TopicFactory()])
            CitationFactory(claim=claim, source=sources[index % 3])
            CitationFactory(claim=claim, source=sources[(index + 1) % 3], relies_on=sources[(index + 2) % 3])

    def counts():
        return {url: list_queries(api, url.format(source=sources[0].slug)) for url in API_QUERY_COUNTS}

    add(3)
    few = counts()
    add(27)
    assert few == API_QUERY_COUNTS, "at 3 claims"
    assert counts() == API_QUERY_COUNTS, "at 30 claims"
    assert Topic.objects.count() == 30
