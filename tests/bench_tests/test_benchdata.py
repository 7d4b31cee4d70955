import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from claims.models import Citation, Claim, Topic
from claims.services import recompute_consensus
from tests.factories import ClaimFactory

# Each generates a few thousand rows: CI runs them, -m "not slow" skips them.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def generate(**options):
    call_command(
        "generate_bench_data", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"), **options
    )


def snapshot():
    return {
        c.slug: (c.consensus, c.votes, c.last_reported_on, c.search_document)
        for c in Claim.objects.order_by("pk")
    }


def test_generated_data_has_a_realistic_shape():
    generate(claims=400, sources=40, seed=3)
    citations_per_claim = list(Claim.objects.annotate(n=Count("citations")).values_list("n", flat=True))
    assert min(citations_per_claim) >= 1 and max(citations_per_claim) <= 8
    total = Citation.objects.count()
    assert 0.05 < Citation.objects.filter(relies_on__isnull=False).count() / total < 0.15
    assert 0.005 < Citation.objects.filter(retracted=True).count() / total < 0.06
    assert set(Citation.objects.values_list("stance", flat=True)) == {"supports", "disputes", "qualifies"}
    sizes = list(Topic.objects.annotate(n=Count("claims")).values_list("n", flat=True))
    assert sum(sizes) == 400 and min(sizes) >= 20 and max(sizes) <= 2000
    assert Claim.objects.search("troops").exists()


def test_stored_consensus_equals_a_fresh_computation():
    generate(claims=300, sources=30, seed=5)
    generated = snapshot()
    assert recompute_consensus(check=True) == 0
    assert recompute_consensus() == 0
    assert snapshot() == generated


def test_same_seed_gives_the_same_data():
    def content():
        # Slugs name the run; everything else must repeat.
        return [
            (c.statement, c.context, c.consensus_label, c.consensus_score, c.consensus["independent_origins"])
            for c in Claim.objects.order_by("pk")
        ]

    generate(claims=50, sources=10, seed=9)
    first = content()
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    generate(claims=50, sources=10, seed=9)
    assert content() == first


def test_refuses_beside_real_claims_unless_forced():
    ClaimFactory(slug="a-real-claim")
    with pytest.raises(CommandError, match="--force"):
        generate(claims=10, sources=5, seed=1)
    assert Claim.objects.count() == 1
    generate(claims=10, sources=5, seed=1, force=True)
    assert Claim.objects.count() == 11


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="at least"):
        generate(claims=0, sources=5, seed=1)
