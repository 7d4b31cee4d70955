"""Readers' pages come from a cache keyed on the data version: fast, and never stale after an edit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, SourceFactory, confidence

pytestmark = pytest.mark.django_db

URL = f"/claims/{MAIN_CLAIM_SLUG}/"


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
    ],
)
def test_every_kind_of_edit_shows_at_once(client, demo, edit):
    from claims.models import Claim

    claim = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
    client.get(URL)
    client.get("/")
    if edit == "add a citation":
        CitationFactory(claim=claim, source=SourceFactory(slug="tass"), stance="disputes")
    elif edit == "retract a citation":
        services.retract_citation(citation=claim.citations.get(source__slug="bbc"), reason="Corrected.")
    elif edit == "regrade a source":
        source = claim.citations.get(source__slug="bbc").source
        source.reliability = "E"
        source.save()
    elif edit == "reweigh a confidence level":
        level = confidence("moderate")
        level.weight = "0.10"
        level.save()
    else:
        claim.statement = "Russia moved some troops to Kursk."
        services.save_claim(claim=claim)
    fresh = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
    page = client.get(URL).content.decode()
    assert f'data-consensus="{fresh.consensus_label}"' in page
    assert f"score {fresh.consensus_score:+.2f}" in page
    assert fresh.statement in page
    assert fresh.statement in client.get("/").content.decode()


def test_signed_in_analysts_are_never_served_from_the_cache(client, analyst, demo):
    client.get(URL)
    client.force_login(analyst)
    _, count = queries(client, URL)
    assert count > 1


def test_api_is_not_cached_so_throttling_sees_every_call(client, demo):
    client.get("/api/claims/")
    _, count = queries(client, "/api/claims/")
    assert count > 1
