"""Readers' pages and the hot API reads come from a cache keyed on the data version: fast, and
never stale after an edit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from claims import services
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, SourceFactory, confidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.RESPONSE_CACHE_ENABLED = True


URL = f"/claims/{MAIN_CLAIM_SLUG}/"
API_URL = f"/api/claims/{MAIN_CLAIM_SLUG}/"


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, len(context)


def test_second_request_is_served_from_the_cache_with_one_query(client, demo):
    first, cold = queries(client, URL)
    second, warm = queries(client, URL)
    assert second.content == first.content
    assert warm == 1 < cold  # only the data version is read
    assert second["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.parametrize(
    "edit",
    [
        "add a citation",
        "retract a citation",
        "regrade a source",
        "reweigh a confidence level",
        "edit the claim",
        "rename a source",
    ],
)
def test_every_kind_of_edit_shows_at_once(client, demo, edit, django_capture_on_commit_callbacks):
    from claims.models import Claim

    claim = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
    for url in (URL, "/", API_URL, "/api/claims/"):
        client.get(url)
    # The cache epochs move when the write commits, as in a request.
    with django_capture_on_commit_callbacks(execute=True):
        if edit == "add a citation":
            CitationFactory(claim=claim, source=SourceFactory(slug="tass"), stance="disputes")
        elif edit == "retract a citation":
            services.retract_citation(citation=claim.citations.get(source__slug="bbc"), reason="Corrected.")
        elif edit == "regrade a source":
            source = claim.citations.get(source__slug="bbc").source
            source.reliability = "E"
            services.save_source(source=source, fields=["reliability"])
        elif edit == "reweigh a confidence level":
            level = confidence("moderate")
            level.weight = "0.10"
            services.save_confidence_level(level=level, fields=["weight"])
        elif edit == "rename a source":
            source = claim.citations.get(source__slug="bbc").source
            source.slug = "bbc-news"
            services.save_source(source=source, fields=["slug"])
        else:
            claim.statement = "Russia moved some troops to Kursk."
            services.save_claim(claim=claim, fields=["statement"])
    fresh = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
    page = client.get(URL).content.decode()
    assert f'data-consensus="{fresh.consensus_label}"' in page
    assert f"score {fresh.consensus_score:+.2f}" in page
    assert fresh.statement in page
    assert fresh.statement in client.get("/").content.decode()
    sources = sorted(citation.source.slug for citation in fresh.citations.all())
    detail = client.get(API_URL).json()
    listed = next(item for item in client.get("/api/claims/").json()["results"] if item["slug"] == fresh.slug)
    for data in (detail, listed):
        assert (data["consensus"]["label"], data["consensus"]["score"]) == (
            fresh.consensus_label,
            float(fresh.consensus_score),
        )
        assert data["statement"] == fresh.statement and data["version"] == fresh.version
        assert sorted(citation["source"] for citation in data["citations"]) == sources


def test_signed_in_analysts_are_never_served_from_the_cache(client, analyst, demo):
    client.get(URL)
    client.force_login(analyst)
    _, count = queries(client, URL)
    assert count > 1


def test_repeated_api_reads_come_from_the_cache(client, demo):
    for url in ("/api/claims/", API_URL):
        first, cold = queries(client, url)
        second, warm = queries(client, url)
        assert second.json() == first.json() and second.get("ETag") == first.get("ETag")
        assert warm == 1 < cold  # only the data version is read


def test_throttling_still_sees_every_cached_api_call(client, demo, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    assert [client.get("/api/claims/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_readers_and_analysts_never_share_cached_api_answers(client, analyst, demo):
    from claims.models import Claim

    draft = Claim.objects.exclude(slug=MAIN_CLAIM_SLUG).first()
    draft.status = "draft"
    services.save_claim(claim=draft, fields=["status"])
    public = {item["slug"] for item in client.get("/api/claims/").json()["results"]}
    client.force_login(analyst)
    everything = {item["slug"] for item in client.get("/api/claims/").json()["results"]}
    client.logout()
    assert draft.slug in everything and draft.slug not in public
    assert {item["slug"] for item in client.get("/api/claims/").json()["results"]} == public


def test_a_recycled_worker_serves_from_the_shared_redis_layer(client, demo, settings):
    """With REDIS_URL, a worker with an empty cache of its own still serves without rendering."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "responses_shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": "test-responses",
        },
    }
    caches["responses_shared"].clear()
    for url in (URL, API_URL):
        first, cold = queries(client, url)
        caches["responses"].clear()  # what a freshly forked worker has of its own
        second, warm = queries(client, url)
        assert second.content == first.content
        assert warm == 1 < cold
    caches["responses_shared"].clear()
