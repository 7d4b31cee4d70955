"""The API's hand-built output (claim_representation, citation_representation) is a fast path
beside the serializers' declared fields: these tests fail when the two differ, in keys or values,
so a field added to a serializer cannot be forgotten in the fast path (or the reverse)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.api.serializers import CitationSerializer, ClaimSerializer
from claims.models import Citation, Claim
from claims.services import save_claim
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def api_request():
    request = Request(APIRequestFactory().get("/api/claims/"))
    request.user = AnonymousUser()
    return request


def field_by_field(serializer, instance, *, hand_built=()):
    """What DRF's own Serializer.to_representation gives: each readable field in turn. Fields
    with no model attribute behind them (`hand_built`) are left to the fast path."""
    data = {}
    for field in serializer._readable_fields:
        if field.field_name in hand_built:
            continue
        attribute = field.get_attribute(instance)
        data[field.field_name] = None if attribute is None else field.to_representation(attribute)
    return data


@pytest.fixture
def cited_claim():
    relay = SourceFactory()
    claim = ClaimFactory(topics=[TopicFactory()])
    CitationFactory(claim=claim, note="Seen on the ground.", url="https://example.org/report")
    CitationFactory(
        claim=claim,
        stance=Citation.Stance.DISPUTES,
        relies_on=relay,
        retracted=True,
        retraction_reason="The outlet withdrew it.",
        published_on=None,
    )
    other = ClaimFactory()
    save_claim(claim=claim, fields=[], relations=[("contradicts", other)])
    return Claim.objects.with_citations().get(pk=claim.pk), other


def test_a_claim_reads_the_same_fast_and_field_by_field(cited_claim):
    cited_claim, other = cited_claim
    serializer = ClaimSerializer(context={"request": api_request()})
    fast = serializer.to_representation(cited_claim)
    slow = field_by_field(serializer, cited_claim, hand_built={"relations"})
    assert list(fast) == [field.field_name for field in serializer._readable_fields]
    assert {name: value for name, value in fast.items() if name != "relations"} == slow
    assert fast["relations"] == [{"kind": "contradicts", "claim": other.slug}]


def test_a_citation_reads_the_same_fast_and_field_by_field(cited_claim):
    cited_claim, _ = cited_claim
    serializer = CitationSerializer(context={"request": api_request()})
    citations = Citation.objects.select_related("claim", "source", "relies_on", "confidence")
    assert citations.filter(claim=cited_claim).count() == 2
    for citation in citations.filter(claim=cited_claim):
        fast = serializer.to_representation(citation)
        assert fast == field_by_field(serializer, citation)
        assert list(fast) == [field.field_name for field in serializer._readable_fields]
