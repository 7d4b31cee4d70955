"""Per-claim invalidation, host-aware keys and HTTP validators (DESIGN.md "Caches and HTTP")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    return response, len(context)


@pytest.fixture
def two_claims():
    first, second = ClaimFactory(slug="first"), ClaimFactory(slug="second")
    CitationFactory(claim=first)
    CitationFactory(claim=second)
    return first, second


def test_editing_one_claim_leaves_anothers_cached_page_valid(
    client, two_claims, django_capture_on_commit_callbacks
):
    first, second = two_claims
    for url in ("/claims/first/", "/claims/second/", "/api/claims/second/", "/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        first.context = "Edited."
        services.save_claim(claim=first, fields=["context"])
    _, count = queries(client, "/claims/second/")
    assert count == 1  # still the cached page: one query reads its version
    with CaptureQueriesContext(connection) as context:
        client.get("/api/claims/second/")
    assert len(context) == 1, [q["sql"][:100] for q in context.captured_queries]
    response, count = queries(client, "/claims/first/")
    assert count > 1 and "Edited." in response.content.decode()
    _, count = queries(client, "/")
    assert count > 1  # lists move with every reader-visible write


def test_a_source_rename_moves_every_claim_page(client, two_claims, django_capture_on_commit_callbacks):
    first, _ = two_claims
    client.get("/claims/second/")
    source = first.citations.get().source
    with django_capture_on_commit_callbacks(execute=True):
        source.name = "Renamed Wire"
        services.save_source(source=source, fields=["name"])
    assert "Renamed Wire" in client.get("/claims/first/").content.decode()


def test_keys_hold_the_host_so_json_ld_names_the_right_site(client, demo):
    url = f"/claims/{MAIN_CLAIM_SLUG}/"
    client.get(url, HTTP_HOST="localhost")
    page = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
    assert f'"url": "http://127.0.0.1{url}"' in page
    assert "http://localhost" not in page


def test_anonymous_pages_are_public_with_an_etag_and_a_match_is_a_304(client, demo):
    url = f"/claims/{MAIN_CLAIM_SLUG}/"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    again, count = queries(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and count == 1 and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_etag_changes_when_the_claim_does(client, demo, django_capture_on_commit_callbacks):
    url = f"/claims/{MAIN_CLAIM_SLUG}/"
    before = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        claim = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        claim.context = "New context."
        services.save_claim(claim=claim, fields=["context"])
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_signed_in_pages_are_private(client, analyst, demo):
    client.force_login(analyst)
    response = client.get(f"/claims/{MAIN_CLAIM_SLUG}/")
    assert response["Cache-Control"].startswith("private")
    assert "ETag" not in response or response.status_code == 200


@pytest.mark.parametrize("url", ["/api/claims/", f"/api/claims/{MAIN_CLAIM_SLUG}/"])
def test_api_reads_carry_validators_and_answer_304(client, demo, url):
    first = client.get(url)
    assert first["Cache-Control"].startswith("public") and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_api_reads_with_a_token_are_private(analyst, demo):
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    _, token = AuthToken.objects.create(user=analyst)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/claims/")["Cache-Control"].startswith("private")
