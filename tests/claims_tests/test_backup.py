"""export_data / import_data: a full round trip, and refusal of files that are not exports."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import services
from claims.models import Citation, Claim, ConfidenceLevel, Question, Topic
from sources.models import Source
from tests.factories import (
    AnalystFactory,
    CitationFactory,
    SourceFactory,
    TopicFactory,
    confidence,
)

pytestmark = pytest.mark.django_db


def every_claim_through_the_api(client):
    return {
        slug: client.get(f"/api/claims/{slug}/").json()
        for slug in Claim.objects.values_list("slug", flat=True)
    }


def history_snapshot():
    return sorted(
        (model.__name__, row.id, row.history_type, row.history_user.username if row.history_user else None)
        for model in (Claim, Citation, Source)
        for row in model.history.select_related("history_user")
    )


def empty_the_database():
    Question.objects.all().delete()
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    Topic.objects.all().delete()
    Source.objects.all().delete()
    for model in (Claim, Citation, Source, ConfidenceLevel):
        model.history.all().delete()


@pytest.fixture
def rich_data(demo):
    """The demo plus generated claims with relays, retractions, drafts and analysts' history."""
    analyst = AnalystFactory(username="restorer")
    topic = TopicFactory()
    for index in range(6):
        claim = services.create_claim(
            statement=f"Generated claim {index} about units moving toward Sudzha.",
            topics=[topic],
            status="published" if index % 3 else "draft",
            confidence=confidence("high"),
            user=analyst,
            citations=[
                {
                    "source": SourceFactory(reliability="C"),
                    "stance": "supports",
                    "confidence": confidence(),
                    "quote": "Units were seen.",
                },
                {
                    "source": SourceFactory(),
                    "stance": "disputes",
                    "confidence": confidence("low"),
                    "url": "https://example.org/report",
                },
            ],
        )
        wire = SourceFactory()
        CitationFactory(claim=claim, source=wire, stance="qualifies")
        relay = CitationFactory(claim=claim, relies_on=wire)
        services.retract_citation(citation=relay, reason="Relayed a corrected wire story.", user=analyst)


def test_round_trip_restores_every_claim_exactly(rich_data, analyst_client, tmp_path):
    before = every_claim_through_the_api(analyst_client)
    questions_before = analyst_client.get("/api/questions/").json()["results"]
    assert questions_before and any(claim["relations"] for claim in before.values())
    assert len(before) >= 17 and all("consensus" in claim for claim in before.values())
    history_before = history_snapshot()
    path = tmp_path / "export.json"
    call_command("export_data", str(path), stderr=open("/dev/null", "w"))

    empty_the_database()
    assert not Claim.objects.exists()
    call_command("import_data", str(path), stdout=open("/dev/null", "w"))

    after = every_claim_through_the_api(analyst_client)
    for slug, claim in before.items():
        for key in claim:
            assert after[slug][key] == claim[key], (slug, key)
    assert history_snapshot() == history_before
    assert analyst_client.get("/api/questions/").json()["results"] == questions_before
    # New rows after a restore get fresh ids, not ones the restore already used.
    assert CitationFactory().pk > max(c["id"] for claim in before.values() for c in claim["citations"])


def test_import_into_a_database_with_data_is_refused(demo, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_data", str(path), stderr=open("/dev/null", "w"))
    with pytest.raises(CommandError, match="already holds claims"):
        call_command("import_data", str(path))


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "is not a JSON export"),
        (
            '{"format": "corroborate-export", "format_version": 1, "models": {"claims.cla',
            "is not a JSON export",
        ),
        ('[{"model": "auth.user", "pk": 1, "fields": {}}]', "not a Corroborate export"),
        (
            '{"format": "corroborate-export", "format_version": 99, "models": {}}',
            "version 99 is not supported",
        ),
        (
            '{"format": "corroborate-export", "format_version": 1, "models": {"auth.user": []}}',
            "unknown models",
        ),
        (
            '{"format": "corroborate-export", "format_version": 1, "models": {"claims.claim": [1, 2]}}',
            "malformed",
        ),
    ],
)
def test_corrupt_or_foreign_files_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_data", str(path))
    assert ConfidenceLevel.objects.count() == 3


def test_a_broken_reference_writes_nothing(demo, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_data", str(path), stderr=open("/dev/null", "w"))
    document = json.loads(path.read_text())
    document["models"]["claims.citation"][0]["fields"]["source"] = 999_999
    path.write_text(json.dumps(document))
    empty_the_database()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_data", str(path))
    assert not Claim.objects.exists() and not Source.objects.exists()
    assert ConfidenceLevel.objects.count() == 3


def test_unreadable_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_data", str(tmp_path / "missing.json"))
