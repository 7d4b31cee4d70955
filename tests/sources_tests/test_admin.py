import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_analyst_adds_a_source_and_history_records_them(analyst_client, analyst):
    response = analyst_client.post(
        reverse("admin:sources_source_add"),
        {"name": "Institute for the Study of War", "slug": "", "kind": "research", "reliability": "B"},
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.slug == "institute-for-the-study-of-war"
    assert source.history.get().history_user == analyst


def test_changelist_shows_claim_counts_and_filters(analyst_client):
    cnn = SourceFactory(name="CNN", kind="outlet", reliability="B")
    SourceFactory(name="TASS", kind="government", reliability="E")
    CitationFactory.create_batch(2, source=cnn)
    response = analyst_client.get(reverse("admin:sources_source_changelist"), {"kind": "outlet"})
    assert [(s.name, s.claim_count) for s in response.context["cl"].result_list] == [("CNN", 2)]
    response = analyst_client.get(
        reverse("admin:sources_source_changelist"), {"reliability": "E", "q": "tas"}
    )
    assert [s.name for s in response.context["cl"].result_list] == ["TASS"]


@pytest.mark.parametrize("rows", [3, 30])
def test_changelist_query_count_does_not_grow(analyst_client, rows, django_assert_num_queries):
    for source in SourceFactory.create_batch(rows):
        CitationFactory(source=source)
    url = reverse("admin:sources_source_changelist")
    analyst_client.get(url)
    # Session, user, permissions (user and group), count, total, the annotated page: fixed.
    with django_assert_num_queries(7):
        analyst_client.get(url)


def test_source_autocomplete_for_the_citation_inline(analyst_client):
    SourceFactory(name="BBC News")
    response = analyst_client.get(
        reverse("admin:autocomplete"),
        {"term": "bbc", "app_label": "claims", "model_name": "citation", "field_name": "source"},
    )
    assert [row["text"] for row in response.json()["results"]] == ["BBC News"]


def test_analyst_cannot_delete_a_source(analyst_client):
    source = SourceFactory()
    response = analyst_client.post(reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"})
    assert response.status_code == 403
