"""A citation moved between claims, by the admin's history Revert or from one loaded object:
both claims' stored consensus stays equal to a fresh computation."""

import pytest

from claims import services
from claims.models import Citation, Claim, ConfidenceLevel
from sources.models import Source
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_KEYS = ("label", "score", "independent_origins", "agree", "disagree", "qualify")


def assert_fresh(*claims):
    for claim in claims:
        claim = Claim.objects.with_citations().get(pk=claim.pk)
        fresh = claim.compute_consensus().as_dict()
        assert {k: claim.consensus[k] for k in PUBLIC_KEYS} == {k: fresh[k] for k in PUBLIC_KEYS}, claim.slug


@pytest.fixture
def setting(db):
    user = UserFactory(username="editor", is_staff=True, is_superuser=True)
    wire = Source.objects.create(name="Wire", slug="wire", kind="outlet", reliability="B")
    level = ConfidenceLevel.objects.get(slug="moderate")
    claims = [
        services.create_claim(statement=f"Claim {name} about the bridge.", status="published", user=user)
        for name in ("first", "second", "third")
    ]
    return user, wire, level, claims


def test_creating_then_moving_twice_from_one_object_leaves_no_stale_claim(setting):
    user, wire, level, (first, second, third) = setting
    citation = services.save_citation(
        citation=Citation(claim=first, source=wire, stance="supports", confidence=level, quote="Seen."),
        user=user,
    )
    citation.claim = second
    services.save_citation(citation=citation, user=user)
    citation.claim = third
    services.save_citation(citation=citation, user=user)
    assert_fresh(first, second, third)
    assert Claim.objects.get(pk=first.pk).consensus["label"] == "unsourced"
    assert Claim.objects.get(pk=third.pk).consensus["label"] == "single_source"


def test_history_revert_to_a_version_on_another_claim_refreshes_both(setting, client):
    user, wire, level, (first, second, _) = setting
    citation = services.save_citation(
        citation=Citation(claim=first, source=wire, stance="supports", confidence=level, quote="Seen."),
        user=user,
    )
    citation = Citation.objects.get(pk=citation.pk)
    citation.claim = second
    services.save_citation(citation=citation, user=user)
    on_first = citation.history.filter(claim_id=first.pk).order_by("history_id").last()

    client.force_login(user)
    url = f"/admin/claims/citation/{citation.pk}/history/{on_first.history_id}/"
    form = client.get(url)
    assert form.status_code == 200
    seen_version = form.context["adminform"].form["seen_version"].value()
    response = client.post(
        url,
        {
            "claim": first.pk,
            "source": wire.pk,
            "stance": "supports",
            "confidence": level.pk,
            "quote": "Seen.",
            "speaker": "",
            "relies_on": "",
            "url": "",
            "published_on": "",
            "note": "",
            "retraction_reason": "",
            "seen_version": seen_version,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert Citation.objects.get(pk=citation.pk).claim_id == first.pk
    assert_fresh(first, second)
    assert Claim.objects.get(pk=second.pk).consensus["label"] == "unsourced"
