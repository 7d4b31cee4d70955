"""What analysts and scripts cannot get away with, through the API and the admin alike."""

import datetime

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.models import Citation, Claim
from tests.claims_tests.test_admin import claim_form, inline
from tests.factories import AnalystFactory, CitationFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def tomorrow():
    # Worked out when the test runs, not when the module is collected: a run that crosses
    # midnight would otherwise post today's date as tomorrow's.
    return (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def api():
    _, token = AuthToken.objects.create(user=AnalystFactory(username="script"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def wire():
    return SourceFactory(slug="wire", name="Wire")


def new_claim(statement="Ferries resumed on the river.", **extra):
    return {"statement": statement, "status": "published", **extra}


def citation(**extra):
    return {"source": "wire", "stance": "supports", "confidence": "moderate", "quote": "Seen.", **extra}


class TestReportDates:
    def test_a_report_dated_in_the_future_is_refused(self, api, wire):
        response = api.post(
            "/api/claims/", new_claim(citations=[citation(published_on=tomorrow())]), format="json"
        )
        assert response.status_code == 400
        assert "future" in str(response.json()["citations"])
        assert not Claim.objects.exists()

    def test_in_the_admin_too(self, analyst_client, wire):
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(citations=[inline(wire, published_on=tomorrow())])
        )
        assert (
            response.status_code == 200
            and "A report cannot be dated in the future." in response.content.decode()
        )


class TestQuoteOrUrl:
    def test_a_citation_needs_a_quote_or_a_url(self, api, wire):
        claim = ClaimFactory(slug="claim")
        response = api.post("/api/citations/", {**citation(quote=""), "claim": "claim"}, format="json")
        assert response.status_code == 400 and "quote" in response.json()
        response = api.post(
            "/api/citations/",
            {**citation(quote="", url="https://example.org/a"), "claim": "claim"},
            format="json",
        )
        assert response.status_code == 201
        assert claim.citations.count() == 1

    def test_in_the_admin_too(self, analyst_client, wire):
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(citations=[inline(wire, quote="")])
        )
        assert "Give the quote, or the report" in response.content.decode()


class TestDuplicates:
    def test_the_same_statement_twice_is_a_400_naming_the_existing_claim(self, api):
        first = api.post("/api/claims/", new_claim(), format="json").json()
        response = api.post("/api/claims/", new_claim("  ferries RESUMED on the   river. "), format="json")
        assert response.status_code == 400
        assert first["slug"] in response.json()["statement"][0]
        again = api.post(
            "/api/claims/", new_claim("Ferries resumed on the river.", allow_duplicate=True), format="json"
        )
        assert again.status_code == 201 and Claim.objects.count() == 2

    def test_renaming_to_an_existing_statement_is_refused_too(self, api):
        api.post("/api/claims/", new_claim(), format="json")
        other = api.post("/api/claims/", new_claim("The dam held."), format="json").json()
        response = api.patch(
            f"/api/claims/{other['slug']}/", {"statement": "Ferries resumed on the river."}, format="json"
        )
        assert response.status_code == 400 and "statement" in response.json()

    def test_the_admin_links_to_the_existing_claim_and_offers_to_save_anyway(self, analyst_client):
        existing = ClaimFactory(statement="Russia moved troops to Kursk.")
        response = analyst_client.post(reverse("admin:claims_claim_add"), claim_form())
        page = response.content.decode()
        assert "Another claim already makes this statement" in page
        assert reverse("admin:claims_claim_change", args=[existing.pk]) in page
        response = analyst_client.post(reverse("admin:claims_claim_add"), claim_form(allow_duplicate="on"))
        assert response.status_code == 302 and Claim.objects.count() == 2

    def test_the_same_report_twice_on_a_claim_is_refused(self, api, wire):
        response = api.post("/api/claims/", new_claim(citations=[citation(), citation()]), format="json")
        assert response.status_code == 400 and "repeats citation 1" in str(response.json())
        claim = ClaimFactory(slug="claim")
        CitationFactory(claim=claim, source=wire, stance="supports", quote="Seen.")
        response = api.post("/api/citations/", {**citation(), "claim": "claim"}, format="json")
        assert (
            response.status_code == 400
            and "repeats a citation already on this claim" in response.json()["quote"][0]
        )
        assert (
            api.post(
                "/api/citations/", {**citation(stance="disputes"), "claim": "claim"}, format="json"
            ).status_code
            == 201
        )

    def test_in_the_admin_the_repeated_inline_is_marked(self, analyst_client, wire):
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(citations=[inline(wire), inline(wire)])
        )
        assert "This repeats another citation of this claim" in response.content.decode()
        assert not Claim.objects.exists()


class TestText:
    @pytest.mark.parametrize("statement", ["\u200b\u200b\u200b", "\x07\x08", "\u202e\u202d", "\ufeff \u2060"])
    def test_a_statement_with_no_visible_text_is_refused(self, api, statement):
        response = api.post("/api/claims/", new_claim(statement), format="json")
        assert response.status_code == 400 and "statement" in response.json()
        assert not Claim.objects.exists()

    def test_control_characters_and_bidi_overrides_are_removed_on_save(self, api, wire):
        response = api.post(
            "/api/claims/",
            new_claim(
                "Units\x07 crossed \u202ethe\u202c bridge.",
                context="Line one\r\nline two\x01",
                citations=[citation(quote="Seen\x1b[31m.")],
            ),
            format="json",
        )
        assert response.status_code == 201, response.content
        claim = Claim.objects.get()
        assert claim.statement == "Units crossed the bridge."
        assert claim.context == "Line one\nline two"
        assert Citation.objects.get().quote == "Seen[31m."

    def test_in_the_admin_too(self, analyst_client):
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(statement="\u200b\u200c")
        )
        assert "This has no visible text." in response.content.decode()
        assert not Claim.objects.exists()
