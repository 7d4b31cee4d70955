"""The analysts' workspace, driven as a member of the Analysts group would."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from claims.models import Citation, Claim, ConfidenceLevel, Topic
from sources.models import Source
from tests.factories import (
    AnalystFactory,
    CitationFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    confidence,
)

pytestmark = pytest.mark.django_db

CITATION_FIELDS = [
    "source",
    "stance",
    "confidence",
    "quote",
    "speaker",
    "relies_on",
    "published_on",
    "url",
    "note",
    "retraction_reason",
]


def claim_form(*, citations=(), initial_citations=(), relations=(), initial_relations=(), **fields):
    """POST data for the claim change form with its citations and relations inline.

    A relation is {"kind", "to_claim": pk} (with "id" for an initial one, "DELETE" to remove it).
    """
    data = {
        "statement": "Russia moved troops to Kursk.",
        "context": "",
        "status": "draft",
        "confidence": "",
        "citations-TOTAL_FORMS": str(len(initial_citations) + len(citations)),
        "citations-INITIAL_FORMS": str(len(initial_citations)),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "relations_from-TOTAL_FORMS": str(len(initial_relations) + len(relations)),
        "relations_from-INITIAL_FORMS": str(len(initial_relations)),
        "relations_from-MIN_NUM_FORMS": "0",
        "relations_from-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, relation in enumerate([*initial_relations, *relations]):
        for name, value in relation.items():
            data[f"relations_from-{index}-{name}"] = value
    for index, citation in enumerate([*initial_citations, *citations]):
        for name in CITATION_FIELDS:
            data[f"citations-{index}-{name}"] = citation.get(name, "")
        for flag in ("anonymous", "retracted"):
            if citation.get(flag):
                data[f"citations-{index}-{flag}"] = "on"
        if "id" in citation:
            data[f"citations-{index}-id"] = citation["id"]
    return data


def inline(source, stance="supports", **extra):
    return {
        "source": source.pk,
        "stance": stance,
        "confidence": confidence().pk,
        "quote": "Units moved.",
        **extra,
    }


class TestAnalystsGroup:
    def test_group_permissions(self):
        codenames = set(Group.objects.get(name="Analysts").permissions.values_list("codename", flat=True))
        for model in ("source", "topic", "claim", "citation"):
            assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
            assert f"delete_{model}" not in codenames
        assert "view_confidencelevel" in codenames
        assert "change_confidencelevel" not in codenames
        assert not {c for c in codenames if c.endswith("_user") or c.endswith("_group")}


class TestAddClaim:
    def test_analyst_adds_a_claim_with_two_citations_and_sees_its_consensus(self, analyst_client, analyst):
        cnn, bbc = SourceFactory(slug="cnn"), SourceFactory(slug="bbc")
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(citations=[inline(cnn), inline(bbc)])
        )
        assert response.status_code == 302, response.context["errors"] if response.context else response
        claim = Claim.objects.get()
        assert claim.created_by == analyst
        assert claim.citations.count() == 2
        assert set(claim.citations.values_list("created_by", flat=True)) == {analyst.pk}
        assert claim.consensus_label == "corroborated"

        changelist = analyst_client.get(reverse("admin:claims_claim_changelist"))
        assert b'data-consensus="corroborated"' in changelist.content
        assert b"Corroborated" in changelist.content

    def test_history_records_the_analyst(self, analyst_client, analyst):
        cnn = SourceFactory()
        analyst_client.post(reverse("admin:claims_claim_add"), claim_form(citations=[inline(cnn)]))
        claim = Claim.objects.get()
        assert claim.history.get().history_user == analyst
        assert claim.citations.get().history.get().history_user == analyst

        data = claim_form(
            statement="Russia moved thousands of troops to Kursk.",
            seen_version=Claim.objects.get().version,
            initial_citations=[{**inline(cnn), "id": claim.citations.get().pk}],
        )
        response = analyst_client.post(reverse("admin:claims_claim_change", args=[claim.pk]), data)
        assert response.status_code == 302
        latest = claim.history.latest()
        assert (latest.history_type, latest.history_user, latest.statement) == (
            "~",
            analyst,
            "Russia moved thousands of troops to Kursk.",
        )
        history_page = analyst_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
        assert history_page.status_code == 200
        assert analyst.username.encode() in history_page.content


class TestBadInput:
    def test_citation_relaying_its_own_source_is_a_form_error(self, analyst_client):
        cnn = SourceFactory()
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(citations=[inline(cnn, relies_on=cnn.pk)])
        )
        assert response.status_code == 200
        assert b"A citation cannot relay its own source" in response.content
        assert not Claim.objects.exists() and not Citation.objects.exists()

    def test_blank_statement_is_a_form_error(self, analyst_client):
        response = analyst_client.post(reverse("admin:claims_claim_add"), claim_form(statement="   "))
        assert response.status_code == 200
        assert "statement" in response.context["adminform"].form.errors
        assert b"This field is required." in response.content
        assert not Claim.objects.exists()

    def test_retraction_without_reason_is_a_form_error(self, analyst_client):
        response = analyst_client.post(
            reverse("admin:claims_claim_add"), claim_form(citations=[inline(SourceFactory(), retracted=True)])
        )
        assert response.status_code == 200
        assert b"Say why the citation is retracted." in response.content
        assert not Claim.objects.exists()

    def test_duplicate_source_slug_is_a_form_error(self, analyst_client):
        SourceFactory(slug="cnn")
        response = analyst_client.post(
            reverse("admin:sources_source_add"),
            {"name": "CNN again", "slug": "cnn", "kind": "outlet", "reliability": "B"},
        )
        assert response.status_code == 200
        assert b"Source with this Slug already exists." in response.content
        assert Source.objects.count() == 1

    def test_duplicate_topic_slug_is_a_form_error(self, analyst_client):
        Topic.objects.create(name="Kursk", slug="kursk")
        response = analyst_client.post(
            reverse("admin:claims_topic_add"), {"name": "Kursk 2", "slug": "kursk"}
        )
        assert response.status_code == 200
        assert b"Topic with this Slug already exists." in response.content

    @pytest.mark.parametrize("weight", ["1.5", "-0.2"])
    def test_weight_outside_zero_to_one_is_a_form_error(self, client, weight):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        response = client.post(
            reverse("admin:claims_confidencelevel_add"),
            {"name": "Odd", "slug": "odd", "rank": "9", "weight": weight, "description": ""},
        )
        assert response.status_code == 200
        assert re.search(rb"Ensure this value is (less|greater) than or equal to", response.content)
        assert not ConfidenceLevel.objects.filter(slug="odd").exists()

    def test_analysts_may_view_but_not_change_confidence_levels(self, analyst_client):
        high = confidence("high")
        assert (
            analyst_client.get(reverse("admin:claims_confidencelevel_change", args=[high.pk])).status_code
            == 200
        )
        response = analyst_client.post(
            reverse("admin:claims_confidencelevel_change", args=[high.pk]),
            {"name": "High", "slug": "high", "rank": "3", "weight": "0.1"},
        )
        assert response.status_code == 403
        assert ConfidenceLevel.objects.get(pk=high.pk).weight == 1


class TestWithdrawAndDelete:
    def test_bulk_publish_and_withdraw(self, analyst_client, analyst):
        claims = ClaimFactory.create_batch(3, status="draft")
        url = reverse("admin:claims_claim_changelist")
        response = analyst_client.post(
            url, {"action": "publish", "_selected_action": [c.pk for c in claims[:2]]}, follow=True
        )
        assert b"Published 2 claim(s)." in response.content
        assert sorted(Claim.objects.values_list("status", flat=True)) == ["draft", "published", "published"]
        analyst_client.post(url, {"action": "withdraw", "_selected_action": [claims[0].pk]})
        claims[0].refresh_from_db()
        assert claims[0].status == "withdrawn"
        assert claims[0].history.latest().history_user == analyst

    def test_analyst_cannot_delete_a_claim(self, analyst_client):
        claim = ClaimFactory()
        response = analyst_client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert Claim.objects.filter(pk=claim.pk).exists()
        changelist = analyst_client.get(reverse("admin:claims_claim_changelist"))
        assert b'value="delete_selected"' not in changelist.content
        assert b'value="withdraw"' in changelist.content

    def test_user_outside_the_group_cannot_open_claims(self, client):
        client.force_login(UserFactory(is_staff=True))
        assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403


class TestNoLostEdits:
    def test_second_of_two_concurrent_saves_is_refused_with_a_way_to_reload(self):
        claim = ClaimFactory(statement="Original.")
        citation = CitationFactory(claim=claim)
        first, second = Client(), Client()
        first.force_login(AnalystFactory(username="first"))
        second.force_login(AnalystFactory(username="second"))
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        # Both open the form and read the same version.
        seen = {c: c.get(url).context["adminform"].form["seen_version"].value() for c in (first, second)}
        assert seen[first] == seen[second]
        existing = [{**inline(citation.source), "id": citation.pk}]

        saved = first.post(
            url, claim_form(statement="First edit.", seen_version=seen[first], initial_citations=existing)
        )
        assert saved.status_code == 302

        refused = second.post(
            url, claim_form(statement="Second edit.", seen_version=seen[second], initial_citations=existing)
        )
        assert refused.status_code == 200
        assert b"Someone else changed this claim" in refused.content
        assert b'<a href="">Reload the page</a>' in refused.content
        assert Claim.objects.get(pk=claim.pk).statement == "First edit."

    def test_inline_citation_edit_conflicts_too(self):
        claim = ClaimFactory()
        citation = CitationFactory(claim=claim, quote="Original quote.")
        first, second = Client(), Client()
        first.force_login(AnalystFactory(username="first"))
        second.force_login(AnalystFactory(username="second"))
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        seen = first.get(url).context["adminform"].form["seen_version"].value()
        second.get(url)
        row = {**inline(citation.source), "id": citation.pk}
        assert (
            first.post(
                url,
                claim_form(
                    statement=claim.statement,
                    seen_version=seen,
                    initial_citations=[{**row, "quote": "First."}],
                ),
            ).status_code
            == 302
        )
        refused = second.post(
            url,
            claim_form(
                statement=claim.statement, seen_version=seen, initial_citations=[{**row, "quote": "Second."}]
            ),
        )
        assert b"Someone else changed this claim" in refused.content
        assert Citation.objects.get(pk=citation.pk).quote == "First."

    def test_citation_edited_on_its_own_page_is_guarded(self, analyst_client):
        citation = CitationFactory()
        url = reverse("admin:claims_citation_change", args=[citation.pk])
        seen = analyst_client.get(url).context["adminform"].form["seen_version"].value()
        CitationFactory(claim=citation.claim)  # someone adds a citation meanwhile
        data = {
            "claim": citation.claim.pk,
            "source": citation.source.pk,
            "stance": "disputes",
            "confidence": citation.confidence.pk,
            "seen_version": seen,
        }
        response = analyst_client.post(url, data)
        assert b"Someone else changed this claim" in response.content
        assert Citation.objects.get(pk=citation.pk).stance == "supports"


class TestChangelistQueries:
    @pytest.mark.parametrize("rows", [3, 30])
    def test_claim_changelist_query_count_does_not_grow(
        self, analyst_client, rows, django_assert_num_queries
    ):
        for _ in range(rows):
            claim = ClaimFactory(confidence=confidence())
            CitationFactory.create_batch(2, claim=claim)
        url = reverse("admin:claims_claim_changelist")
        analyst_client.get(url)  # warm the session and content-type caches
        with django_assert_num_queries(CLAIM_CHANGELIST_QUERIES):
            response = analyst_client.get(url)
        assert response.context["cl"].result_count == rows

    @pytest.mark.parametrize("rows", [3, 30])
    def test_citation_changelist_query_count_does_not_grow(
        self, analyst_client, rows, django_assert_num_queries
    ):
        CitationFactory.create_batch(rows)
        url = reverse("admin:claims_citation_changelist")
        analyst_client.get(url)
        with django_assert_num_queries(CITATION_CHANGELIST_QUERIES):
            analyst_client.get(url)

    def test_changelist_filters_by_consensus_label(self, analyst_client):
        corroborated = ClaimFactory(statement="Corroborated claim.")
        CitationFactory.create_batch(2, claim=corroborated)
        ClaimFactory(statement="Unsourced claim.")
        response = analyst_client.get(
            reverse("admin:claims_claim_changelist"), {"consensus_label": "corroborated"}
        )
        assert list(response.context["cl"].result_list) == [corroborated]


# Session, user, permissions (user and group), count, total, the page with confidence, the topics
# and confidence filters' choices, the status/label filter queries, and the count of pending
# recomputations the page announces: fixed, whatever the rows.
CLAIM_CHANGELIST_QUERIES = 10
CITATION_CHANGELIST_QUERIES = 8
