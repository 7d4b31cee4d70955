"""What a write costs: queries pinned to numbers that do not grow with the rows written, and one
consensus computation per write however many citations it carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import consensus, services
from claims.models import Citation, Claim
from tests.claims_tests.test_admin import claim_form, inline
from tests.conftest import token_client
from tests.factories import AnalystFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consensus_computations(monkeypatch):
    calls = []
    real = consensus.compute_consensus

    def counting(reports, **options):
        calls.append(1)
        return real(reports, **options)

    monkeypatch.setattr(consensus, "compute_consensus", counting)
    return calls


def test_admin_add_claim_with_four_inline_citations(analyst_client, consensus_computations):
    sources = [SourceFactory() for _ in range(4)]
    url = reverse("admin:claims_claim_add")
    analyst_client.get(url)  # session, content types and the form's own lookups warmed up
    data = claim_form(citations=[inline(source) for source in sources])
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.post(url, data)
    assert response.status_code == 302
    assert Claim.objects.get().citations.count() == 4
    # Session, user and permissions (4); each inline form's source and level (8); the claim's
    # slug, its insert and history; the four citations in one insert and their history in one;
    # the recomputation (its reads, with shared locks on the sources and levels on PostgreSQL)
    # and one update; the admin log; savepoints; the duplicate-statement check in the form and
    # again in the service (under an advisory lock on PostgreSQL). The bar is 40.
    assert len(queries) <= 40, "\n".join(q["sql"] for q in queries.captured_queries)
    assert len(queries) == ADMIN_ADD_QUERIES[connection.vendor]
    assert len(consensus_computations) == 1


ADMIN_ADD_QUERIES = {"sqlite": 29, "postgresql": 33}


def writer_client():
    return token_client(AnalystFactory(username="writer"))


@pytest.mark.parametrize("count", [10, 200])
def test_nested_create_costs_the_same_queries_for_10_or_200_citations(count, consensus_computations):
    api = writer_client()
    sources = [SourceFactory(slug=f"outlet-{i}") for i in range(5)]
    body = {
        "statement": f"Convoys crossed at {count} points.",
        "status": "published",
        "citations": [
            {
                "source": sources[i % 5].slug,
                "stance": "supports",
                "confidence": "moderate",
                "quote": f"Crossing {i}.",
            }
            for i in range(count)
        ],
    }
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/api/claims/", body, format="json")
    assert response.status_code == 201, response.content
    assert len(response.json()["citations"]) == count
    assert len(consensus_computations) == 1
    # Each source and level is looked up once, however many citations name it; the duplicate
    # statement check (with its advisory lock on PostgreSQL); the citations inserted in one
    # statement and their history in another: a fixed number of queries.
    assert len(queries) == NESTED_CREATE_QUERIES[connection.vendor][count], "\n".join(
        q["sql"][:120] for q in queries.captured_queries
    )


# SQLite splits a bulk insert into batches that fit its limit of bound variables (200 citations
# and their history: 7 more statements); PostgreSQL inserts each in one. The answer reads the new
# claim's relations (both ways) in one more query.
NESTED_CREATE_QUERIES = {"sqlite": {10: 29, 200: 36}, "postgresql": {10: 33, 200: 33}}


def test_more_than_200_citations_is_a_400_naming_the_limit():
    api = writer_client()
    SourceFactory(slug="outlet")
    citation = {"source": "outlet", "stance": "supports", "confidence": "low", "quote": "Seen."}
    response = api.post(
        "/api/claims/", {"statement": "Too many at once.", "citations": [citation] * 201}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["citations"][0].startswith("At most 200 citations")
    assert not Claim.objects.exists() and not Citation.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_bulk_publish_costs_the_same_for_3_or_30_claims(analyst_client, rows):
    claims = [ClaimFactory(status="draft") for _ in range(rows)]
    url = reverse("admin:claims_claim_changelist")
    analyst_client.get(url)
    data = {"action": "publish", "_selected_action": [claim.pk for claim in claims]}
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.post(url, data)
    assert response.status_code == 302
    assert Claim.objects.filter(status="published").count() == rows
    # Session, user, permissions (2), the changelist's queryset and filters (6), then the claim
    # ids, their locks, those changing, one UPDATE, the version bump, the rows read back and
    # their history, in a savepoint: the same for 3 claims as for 30.
    assert len(queries) == BULK_PUBLISH_QUERIES[connection.vendor], "\n".join(
        q["sql"] for q in queries.captured_queries
    )
    versions = set(Claim.objects.values_list("version", flat=True))
    assert versions == {2}
    assert all(claim.history.count() == 2 for claim in Claim.objects.all())


BULK_PUBLISH_QUERIES = {"sqlite": 19, "postgresql": 19}


def test_a_status_change_recomputes_nothing(consensus_computations):
    claim = ClaimFactory(status="draft")
    consensus_computations.clear()
    claim.status = "published"
    services.save_claim(claim=claim, fields=["status"])
    assert consensus_computations == []
