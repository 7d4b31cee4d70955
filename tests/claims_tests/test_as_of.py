"""What was known when, what the verdict rests on, and reports that may share one informant:
through the API, the pages and the admin (the rules themselves: test_consensus_*.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Citation, Claim
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

AUG = lambda day: datetime.date(2024, 8, day)  # noqa: E731


@pytest.fixture
def retracted_story():
    """CNN (13 Aug, supports), BBC (15 Aug, supports); the CNN report retracted on 20 Aug."""
    cnn, bbc = SourceFactory(slug="cnn", name="CNN"), SourceFactory(slug="bbc", name="BBC News")
    claim = ClaimFactory(slug="bridge-claim")
    first = CitationFactory(claim=claim, source=cnn, published_on=AUG(13), anonymous=False, speaker="")
    CitationFactory(claim=claim, source=bbc, published_on=AUG(15), anonymous=False, speaker="")
    first.retracted, first.retracted_on, first.retraction_reason = True, AUG(20), "CNN withdrew it."
    services.save_citation(citation=first, fields=["retracted", "retracted_on", "retraction_reason"])
    return claim


@pytest.mark.parametrize(
    "as_of, label, origins",
    [
        ("2024-08-12", "unsourced", 0),
        ("2024-08-14", "single_source", 1),
        ("2024-08-16", "corroborated", 2),
        ("2024-08-19", "corroborated", 2),
        ("2024-08-20", "single_source", 1),
        (None, "single_source", 1),
    ],
)
def test_the_api_detail_as_of_a_date(client, retracted_story, as_of, label, origins):
    query = f"?as_of={as_of}" if as_of else ""
    data = client.get(f"/api/claims/bridge-claim/{query}").json()
    assert (data["consensus"]["label"], data["consensus"]["independent_origins"]) == (label, origins)
    if as_of == "2024-08-16":
        # Known by then, and not yet retracted on that date.
        assert [(c["source"], c["retracted"]) for c in data["citations"]] == [("cnn", False), ("bbc", False)]
        assert data["consensus"]["pivotal"] == ["bbc", "cnn"]
    if as_of == "2024-08-14":
        assert [c["source"] for c in data["citations"]] == ["cnn"]


def test_the_timeline_has_a_point_per_report_and_retraction_in_order(client, retracted_story):
    points = client.get("/api/claims/bridge-claim/timeline/").json()["points"]
    assert [(p["date"], p["event"], p["source"], p["label"], p["independent_origins"]) for p in points] == [
        ("2024-08-13", "report", "cnn", "single_source", 1),
        ("2024-08-15", "report", "bbc", "corroborated", 2),
        ("2024-08-20", "retraction", "cnn", "single_source", 1),
    ]
    cnn = retracted_story.citations.get(source__slug="cnn")
    assert points[0]["citation"] == points[2]["citation"] == cnn.pk


def test_a_report_without_a_date_counts_from_its_entry_day(client):
    claim = ClaimFactory(slug="undated")
    citation = CitationFactory(claim=claim, published_on=None)
    points = client.get("/api/claims/undated/timeline/").json()["points"]
    assert points == [
        {
            "date": citation.created_at.date().isoformat(),
            "label": "single_source",
            "score": 1.0,
            "independent_origins": 1,
            "event": "report",
            "citation": citation.pk,
            "source": citation.source.slug,
            "stance": "supports",
        }
    ]


@pytest.mark.parametrize(
    "url", ["/api/claims/bridge-claim/?as_of=14-08-2024", "/api/claims/?as_of=yesterday"]
)
def test_a_malformed_date_is_a_400_naming_as_of(client, retracted_story, url):
    response = client.get(url)
    assert response.status_code == 400 and "as_of" in response.json()


def test_lists_as_of_show_claims_known_by_then_with_their_date_values(client, retracted_story):
    later = ClaimFactory(slug="later-claim")
    CitationFactory(claim=later, published_on=AUG(25))
    assert [c["slug"] for c in client.get("/api/claims/?as_of=2024-08-14").json()["results"]] == [
        "bridge-claim"
    ]
    found = client.get("/api/claims/?as_of=2024-08-16&consensus=corroborated").json()
    assert [(c["slug"], c["consensus"]["label"]) for c in found["results"]] == [
        ("bridge-claim", "corroborated")
    ]
    assert client.get("/api/claims/?consensus=corroborated").json()["count"] == 0  # today's label
    ranked = client.get("/api/claims/?as_of=2024-08-30&ordering=score").json()["results"]
    assert [c["slug"] for c in ranked] == ["bridge-claim", "later-claim"] or all(
        c["consensus"]["score"] == 1.0 for c in ranked
    )


def test_robustness_filters_verdicts_resting_on_a_single_origin(client, retracted_story):
    sturdy = ClaimFactory(slug="sturdy")
    for _ in range(4):
        CitationFactory(claim=sturdy)
    assert Claim.objects.get(slug="sturdy").consensus_robustness == 3
    assert [c["slug"] for c in client.get("/api/claims/?robustness=1").json()["results"]] == ["bridge-claim"]
    assert [c["slug"] for c in client.get("/api/claims/?robustness=3").json()["results"]] == ["sturdy"]
    assert client.get("/api/claims/?robustness=7").status_code == 400


def test_the_claim_page_as_of_shows_a_banner_and_the_dates_view(client, retracted_story):
    page = client.get("/claims/bridge-claim/?as_of=2024-08-16").content.decode()
    assert 'As known on <strong><time datetime="2024-08-16">16 Aug 2024</time></strong>' in page
    assert 'data-consensus="corroborated"' in page
    assert 'href="/claims/bridge-claim/">See today’s view' in page
    today = client.get("/claims/bridge-claim/").content.decode()
    assert 'data-consensus="single_source"' in today and "As known on <strong>" not in today
    assert "Without BBC News’ reporting this claim would be unsourced." in today


def test_the_claim_page_with_a_malformed_date_is_a_400_page_that_says_why(client, retracted_story):
    response = client.get("/claims/bridge-claim/?as_of=16/08/2024")
    assert response.status_code == 400
    assert "is not a date: give as_of as YYYY-MM-DD" in response.content.decode()


def test_the_claim_page_draws_the_step_chart_and_its_table(client, retracted_story):
    page = client.get("/claims/bridge-claim/").content.decode()
    assert 'class="score-chart__line"' in page
    assert page.count('class="score-chart__step"') == 3  # one step per date
    assert page.count('class="score-chart__mark') == 3  # one mark per report and retraction
    assert '<a href="?as_of=2024-08-20">' in page


@pytest.mark.parametrize("base", ["/claims/{slug}/", "/api/claims/{slug}/"])
def test_as_of_and_the_timeline_add_at_most_two_queries(client, demo, base):
    url = base.format(slug=MAIN_CLAIM_SLUG)
    client.get(url)
    with CaptureQueriesContext(connection) as today:
        client.get(url)
    with CaptureQueriesContext(connection) as then:
        assert client.get(f"{url}?as_of=2024-08-15").status_code == 200
    assert len(then) <= len(today) + 2
    if base.startswith("/api/"):
        with CaptureQueriesContext(connection) as timeline:
            assert client.get(f"{url}timeline/").status_code == 200
        assert len(timeline) <= len(today) + 2


@pytest.fixture
def possibly_one_informant():
    cnn, politico = SourceFactory(slug="cnn", name="CNN"), SourceFactory(slug="politico", name="Politico")
    claim = ClaimFactory(slug="officials-claim")
    one = CitationFactory(claim=claim, source=cnn, speaker="a senior U.S. official", published_on=AUG(13))
    two = CitationFactory(
        claim=claim, source=politico, speaker="two senior US officials", published_on=AUG(14)
    )
    CitationFactory(claim=claim, speaker="Ukrainian soldiers", published_on=AUG(14))
    CitationFactory(claim=claim, speaker="a source familiar with US intelligence", published_on=AUG(14))
    return claim, one, two


def test_possible_shared_informants_are_flagged_and_grouping_them_merges_their_origins(
    client, analyst_client, possibly_one_informant
):
    claim, one, two = possibly_one_informant
    data = client.get("/api/claims/officials-claim/").json()["consensus"]
    assert data["warnings"] == [
        {"kind": "possible_shared_informant", "citations": [one.pk, two.pk], "sources": ["cnn", "politico"]}
    ]
    assert data["independent_origins"] == 4
    page = client.get("/claims/officials-claim/").content.decode()
    assert 'data-warning="possible_shared_informant"' in page
    assert "CNN’s “a senior U.S. official” and Politico’s “two senior US officials” may be the same" in page

    response = analyst_client.post(
        reverse("admin:claims_citation_changelist"),
        {"action": "share_informant", "_selected_action": [one.pk, two.pk]},
    )
    assert response.status_code == 302
    assert set(Citation.objects.filter(pk__in=[one.pk, two.pk]).values_list("informant", flat=True)) == {
        f"a-senior-us-official-{one.pk}"
    }
    data = client.get("/api/claims/officials-claim/").json()["consensus"]
    assert data["independent_origins"] == 3 and data["warnings"] == []
    assert (
        'data-warning="possible_shared_informant"'
        not in client.get("/claims/officials-claim/").content.decode()
    )


def test_the_matrix_as_of_a_date(client, retracted_story):
    page = client.get("/matrix/?as_of=2024-08-16").content.decode()
    assert 'data-consensus="corroborated"' in page and "As known on" in page
    assert client.get("/matrix/?as_of=2024-08-10").content.decode().count("data-consensus=") == 0
    assert client.get("/matrix/?as_of=tomorrow").status_code == 400


def test_the_csv_carries_pivotal_origins_and_robustness(client, retracted_story):
    rows = b"".join(client.get("/claims.csv").streaming_content).decode("utf-8-sig").splitlines()
    header = rows[0].split(",")
    values = dict(zip(header, rows[1].split(","), strict=False))
    assert (values["pivotal"], values["robustness"]) == ("bbc", "1")
