"""The reads behind the list pages and the matrix: a page of claims, however it is found, is the
slice of the whole list it stands for."""

import pytest

from claims import pagination, services
from claims.models import Citation, Claim
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    """Nine claims, six of them in one topic (one a draft), with citations that give them
    different consensus ranks, and a search word in some."""
    topic, other = TopicFactory(), TopicFactory()
    sources = SourceFactory.create_batch(3)
    for index in range(9):
        claim = ClaimFactory(
            topics=[topic if index % 3 else other],
            status=Claim.Status.DRAFT if index == 4 else Claim.Status.PUBLISHED,
            statement=f"Claim {index} about {'bridges' if index % 2 else 'troops'}.",
        )
        for source in sources[: index % 4]:
            CitationFactory(claim=claim, source=source, stance="disputes" if index == 5 else "supports")
    return topic


def orders(topic):
    published = Claim.objects.published()
    return {
        "newest": published.newest_first(),
        "consensus": published.by_consensus(),
        "topic newest": published.filter(topics=topic).newest_first(),
        "topic consensus": published.filter(topics=topic).by_consensus().for_matrix(),
        "listed": published.newest_first().for_list(),
        "search": published.search("troops"),
    }


@pytest.mark.parametrize("bottom, top", [(0, 3), (2, 5), (3, 20), (0, 100), (8, 10), (20, 25)])
def test_page_window_is_the_slice_in_order(claims, bottom, top):
    for name, ordered in orders(claims).items():
        expected = [claim.pk for claim in ordered[bottom:top]]
        assert [claim.pk for claim in ordered.page_window(bottom, top)] == expected, name


def test_reader_pages_put_together_are_the_whole_list(claims):
    for name, ordered in orders(claims).items():
        paginator = pagination.ReaderPaginator(ordered, 3)
        pages = [paginator.page(number) for number in paginator.page_range]
        assert [claim.pk for page in pages for claim in page] == [claim.pk for claim in ordered], name


def test_estimated_pages_are_the_slices_too(claims, postgresql, monkeypatch):
    """Above the exact count the planner's estimate stands in; the pages are still the slices."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 2)
    ordered = Claim.objects.published().newest_first().for_list()
    everything = [claim.pk for claim in ordered]
    for number in (1, 2, 3):
        paginator = pagination.ReaderPaginator(ordered, 3)
        page = paginator.page(number)
        assert [claim.pk for claim in page] == everything[(number - 1) * 3 : number * 3]


def cell_facts(citation):
    return (
        citation.pk,
        citation.claim_id,
        citation.source_id,
        citation.stance,
        citation.quote,
        citation.retracted,
        citation.published_on,
        citation.source.slug,
        citation.source.name,
        citation.source.reliability,
        citation.confidence.weight,
    )


def test_for_matrix_reads_what_decides_each_cell_in_two_queries(claims, django_assert_num_queries):
    cited = Claim.objects.filter(citations__isnull=False).first()
    services.retract_citation(citation=cited.citations.first(), reason="Withdrawn by the outlet.")
    expected = {
        claim.pk: [cell_facts(c) for c in claim.citations.order_by("pk")] for claim in Claim.objects.all()
    }
    with django_assert_num_queries(2):  # the claims, then their citations with sources and levels
        matrix_claims = list(Claim.objects.by_consensus().for_matrix())
        read = {claim.pk: [cell_facts(c) for c in claim.citations.all()] for claim in matrix_claims}
    assert read == expected


def test_for_matrix_in_chunks_and_as_values(claims, django_assert_num_queries):
    ordered = Claim.objects.newest_first().for_matrix()
    with django_assert_num_queries(1 + 3):  # the claims, then the citations of each chunk of 4
        chunked = {claim.pk: len(claim.citations.all()) for claim in ordered.iterator(chunk_size=4)}
    assert chunked == {claim.pk: claim.citations.count() for claim in Claim.objects.all()}
    assert list(ordered.values_list("pk", flat=True)) == list(chunked)
    with django_assert_num_queries(1):  # no claims: nothing more to read
        assert list(ordered.filter(statement="No such claim.")) == []


def display_facts(citation):
    every_field = tuple(getattr(citation, field.attname) for field in Citation._meta.concrete_fields)
    relay = citation.relies_on
    return (
        *every_field,
        citation.claim.pk,
        (citation.source.pk, citation.source.slug, citation.source.name, citation.source.reliability),
        (relay.pk, relay.slug, relay.name) if relay else None,
        (citation.confidence.pk, citation.confidence.slug, citation.confidence.weight),
    )


def test_with_citations_reads_what_for_display_does_in_three_queries(claims, django_assert_num_queries):
    relayed = Claim.objects.filter(citations__isnull=False).first()
    CitationFactory(claim=relayed, relies_on=SourceFactory(), published_on=None)  # undated: shown first
    expected = {
        claim.pk: [display_facts(c) for c in claim.citations.for_display()] for claim in Claim.objects.all()
    }
    assert any(facts[-2] for page in expected.values() for facts in page)  # a relay among them
    with django_assert_num_queries(3):  # the claims, their topics, their citations with the rest
        read = {
            claim.pk: [display_facts(c) for c in claim.citations.all()]
            for claim in Claim.objects.newest_first().with_citations()
        }
    assert read == expected


def test_for_list_reads_every_claims_topics_by_name_in_two_queries(claims, django_assert_num_queries):
    ClaimFactory(topics=[TopicFactory(name="Zaporizhzhia"), claims, TopicFactory(name="Azov Sea")])
    ClaimFactory(topics=[])
    expected = {
        claim.pk: [(t.pk, t.slug, t.name, t.description) for t in claim.topics.all()]
        for claim in Claim.objects.all()
    }
    assert any(len(topics) == 3 for topics in expected.values()) and any(not t for t in expected.values())
    with django_assert_num_queries(2):  # the claims, then their topics
        read = {
            claim.pk: [(t.pk, t.slug, t.name, t.description) for t in claim.topics.all()]
            for claim in Claim.objects.newest_first().for_list()
        }
    assert read == expected
    names = [name for _, _, name, _ in max(read.values(), key=len)]
    assert names == sorted(["Zaporizhzhia", claims.name, "Azov Sea"])
