import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Claim
from tests.conftest import MAIN_CLAIM_SLUG

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row of every project table, history included."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"claims", "sources"}:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_loading_twice_leaves_exactly_the_same_rows():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first


def test_demo_matches_the_article(demo):
    claims = Claim.objects.all()
    assert claims.count() >= 8
    assert all(
        c.topics.filter(name="Kursk incursion").exists() or c.slug.startswith("russian-forces-have")
        for c in claims
    )
    citations = [c for claim in claims.with_citations() for c in claim.citations.all()]
    assert len(citations) >= 14
    assert {c.source.slug for c in citations} >= {"cnn", "bbc", "politico", "isw", "wsj", "white-house"}
    for citation in citations:
        # Every speaker in the article's own words; ISW and the aggregator speak for themselves.
        assert citation.quote and citation.published_on
        # Each report links to its outlet, except the aggregator's own (it names no publisher).
        assert bool(citation.url) is (citation.source.slug != "kursk-roundup")
        assert bool(citation.speaker) is (citation.source.slug not in ("isw", "kursk-roundup"))
        assert citation.published_on.year == 2024 and citation.published_on.month == 8
        assert "approximate" in citation.note


def test_main_claim_carries_every_report_that_speaks_to_it(demo):
    claim = Claim.objects.with_citations().get(slug=MAIN_CLAIM_SLUG)
    by_speaker = {c.speaker: c for c in claim.citations.all()}
    assert by_speaker["Two unnamed senior US officials"].source.slug == "cnn"
    assert by_speaker["Ukrainian soldiers"].source.slug == "bbc"
    intelligence = by_speaker["A source familiar with US intelligence"]
    assert (intelligence.source.slug, intelligence.stance, intelligence.anonymous) == (
        "cnn",
        "disputes",
        True,
    )
    assert '"substantial"' in intelligence.quote
    kirby = by_speaker["national security spokesperson John Kirby"]
    assert (kirby.source.slug, kirby.stance, kirby.anonymous) == ("white-house", "qualifies", False)
    politico = by_speaker["A Ukrainian military spokesperson"]
    assert politico.stance == "qualifies" and '"relatively small"' in politico.quote
    assert claim.consensus == {
        "label": "corroborated",
        # (0.48 BBC + 0.48 CNN) / (0.48 + 0.48 + 0.48 Politico + 0.60 White House): a qualifying
        # vote weighs in the denominator only; the aggregator's vote is CNN's.
        "score": 0.4706,
        "independent_origins": 4,
        # The aggregator relays CNN: it is listed, but its vote is CNN's (still four origins).
        "agree": ["bbc", "cnn", "kursk-roundup"],
        "disagree": ["cnn"],
        "qualify": ["politico", "white-house"],
        "pivotal": ["bbc", "cnn"],
        "pivotal_effects": {"bbc": "single_source", "cnn": "single_source"},
        "robustness": 1,
        "warnings": [],
    }


def test_demo_draft_claim_is_not_published(demo):
    assert Claim.objects.filter(status="draft").exists()
    assert not Claim.objects.published().filter(status="draft").exists()


def test_create_analyst_makes_a_staff_member_of_the_group(client):
    out = io.StringIO()
    call_command("create_analyst", "alice", stdout=out)
    password = out.getvalue().strip().splitlines()[-1].removeprefix("Password: ")
    user = User.objects.get(username="alice")
    assert user.is_staff and user.groups.filter(name="Analysts").exists()
    assert user.check_password(password)


def test_create_analyst_refuses_a_weak_password():
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_analyst", "bob", password="123")
    assert not User.objects.filter(username="bob").exists()
