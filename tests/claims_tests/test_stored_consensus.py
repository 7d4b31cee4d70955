"""The consensus stored on each claim equals the freshly computed one after every kind of edit."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Claim
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, confidence

pytestmark = pytest.mark.django_db


def assert_fresh(claim):
    stored = Claim.objects.get(pk=claim.pk)
    fresh = Claim.objects.with_citations().get(pk=claim.pk).compute_consensus()
    assert stored.consensus == fresh.as_dict()
    return stored


@pytest.fixture
def claim():
    claim = ClaimFactory()
    CitationFactory(claim=claim, source__slug="cnn")
    return claim


def test_adding_a_citation(claim):
    assert assert_fresh(claim).consensus_label == "single_source"
    CitationFactory(claim=claim, source__slug="bbc")
    assert assert_fresh(claim).consensus_label == "corroborated"


def test_changing_a_citation_stance(claim):
    citation = CitationFactory(claim=claim, source__slug="bbc")
    citation.stance = "disputes"
    services.save_citation(citation=citation)
    assert assert_fresh(claim).consensus_label == "contested"


def test_retracting_a_citation(claim):
    citation = CitationFactory(claim=claim, source__slug="bbc")
    services.retract_citation(citation=citation, reason="The report was corrected.")
    stored = assert_fresh(claim)
    assert stored.consensus["agree"] == ["cnn"]


def test_deleting_a_citation(claim):
    citation = CitationFactory(claim=claim, source__slug="bbc")
    services.delete_citations(citations=[citation])
    assert assert_fresh(claim).consensus_label == "single_source"


def test_changing_a_source_reliability(claim):
    CitationFactory(claim=claim, stance="disputes", source__slug="tass", source__reliability="B")
    before = assert_fresh(claim).consensus_score
    tass = claim.citations.get(source__slug="tass").source
    tass.reliability = "E"
    services.save_source(source=tass, fields=["reliability"])
    assert assert_fresh(claim).consensus_score > before


def test_changing_a_confidence_weight(claim):
    CitationFactory(claim=claim, stance="disputes", confidence=confidence("low"))
    before = assert_fresh(claim).consensus_score
    low = confidence("low")
    low.weight = Decimal("0.05")
    services.save_confidence_level(level=low, fields=["weight"])
    assert assert_fresh(claim).consensus_score > before


def test_changing_a_relay(claim):
    relay = CitationFactory(claim=claim, source__slug="daily")
    assert assert_fresh(claim).consensus["independent_origins"] == 2
    relay.relies_on = claim.citations.get(source__slug="cnn").source
    services.save_citation(citation=relay)
    assert assert_fresh(claim).consensus["independent_origins"] == 1


def test_renaming_a_source_slug_updates_the_stored_lists(claim):
    cnn = claim.citations.get().source
    cnn.slug = "cnn-international"
    services.save_source(source=cnn, fields=["slug"])
    assert assert_fresh(claim).consensus["agree"] == ["cnn-international"]


def test_moving_a_citation_to_another_claim_refreshes_both(claim):
    other = ClaimFactory()
    citation = claim.citations.get()
    citation.claim = other
    services.save_citation(citation=citation, fields=["claim"])
    assert assert_fresh(claim).consensus_label == "unsourced"
    assert assert_fresh(other).consensus_label == "single_source"


def test_citation_changes_bump_the_claim_version(claim):
    version = Claim.objects.get(pk=claim.pk).version
    CitationFactory(claim=claim)
    assert Claim.objects.get(pk=claim.pk).version == version + 1


def test_create_claim_with_citations_is_all_or_nothing():
    source = SourceFactory()
    with pytest.raises(ValidationError, match="relay its own source"):
        services.create_claim(
            statement="Troops moved.",
            citations=[
                {"source": source, "stance": "supports", "confidence": confidence(), "quote": "One."},
                {
                    "source": source,
                    "stance": "supports",
                    "confidence": confidence(),
                    "relies_on": source,
                    "quote": "Two.",
                },
            ],
        )
    assert not Claim.objects.exists()


def test_stale_version_is_refused(claim):
    stored = Claim.objects.get(pk=claim.pk)
    stored.statement = "Edited by someone else."
    services.save_claim(claim=stored)
    mine = Claim.objects.get(pk=claim.pk)
    mine.statement = "My edit."
    with pytest.raises(services.StaleVersion):
        services.save_claim(claim=mine, expected_version=stored.version - 1)
    assert Claim.objects.get(pk=claim.pk).statement == "Edited by someone else."


def test_regrading_a_source_bumps_the_version_only_where_the_consensus_moved(claim):
    unaffected = ClaimFactory()
    CitationFactory(claim=unaffected)
    CitationFactory(claim=claim, stance="disputes", source__slug="tass")
    tass = claim.citations.get(source__slug="tass").source
    versions = dict(Claim.objects.values_list("pk", "version"))
    tass.description = "A state news agency."
    services.save_source(source=tass, fields=["description"])
    assert dict(Claim.objects.values_list("pk", "version")) == versions
    tass.reliability = "E"
    services.save_source(source=tass, fields=["reliability"])
    after = dict(Claim.objects.values_list("pk", "version"))
    assert after[claim.pk] == versions[claim.pk] + 1
    assert after[unaffected.pk] == versions[unaffected.pk]


def test_a_plain_save_recomputes_nothing_and_the_repair_command_finds_it(claim):
    """Only the services recompute; after a shell's save() or update(), recompute_consensus repairs."""
    from django.core.management import call_command

    citation = claim.citations.get()
    citation.stance = "disputes"
    citation.save()
    assert Claim.objects.get(pk=claim.pk).consensus_label == "single_source"
    out = io.StringIO()
    call_command("recompute_consensus", "--check", stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 stale"
    assert Claim.objects.get(pk=claim.pk).consensus_label == "single_source"
    call_command("recompute_consensus", claim.slug, stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 stale"
    assert assert_fresh(claim).consensus_label == "disputed"
    out = io.StringIO()
    call_command("recompute_consensus", "--all", stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 stale"


def test_the_repair_command_refuses_an_unknown_slug(claim):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no-such-claim"):
        call_command("recompute_consensus", "no-such-claim", stdout=io.StringIO())
