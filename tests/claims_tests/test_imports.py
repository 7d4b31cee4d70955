"""claims.services.import_citations: new sources, new claims and citations from an article, all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Citation, Claim
from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory, confidence

pytestmark = pytest.mark.django_db


def row(**fields):
    return {
        "stance": "supports",
        "confidence": confidence("moderate"),
        "quote": "Troops moved north.",
        "speaker": "a senior official",
        "anonymous": True,
        "published_on": datetime.date(2024, 8, 13),
        **fields,
    }


def counts():
    return (Source.objects.count(), Claim.objects.count(), Citation.objects.count())


def test_sources_claims_and_citations_in_one_call(analyst):
    cnn = SourceFactory(slug="cnn", name="CNN")
    existing = ClaimFactory()
    result = services.import_citations(
        rows=[
            row(claim=existing, source=cnn),
            row(statement="Troops  moved north of Kyiv.", source="reuters", relies_on="kyiv"),
            row(statement="troops moved north of kyiv.", source=cnn, stance="qualifies"),
        ],
        new_sources=[
            {"key": "reuters", "name": "Reuters", "kind": "outlet"},
            {"key": "kyiv", "name": "The Kyiv Independent", "kind": "outlet"},
        ],
        user=analyst,
    )
    assert (
        result.describe()
        == "Saved 3 citations on 2 claims (1 new, drafts until published); created 2 sources."
    )
    reuters = Source.objects.get(name="Reuters")
    assert (reuters.slug, reuters.reliability, reuters.history.get().history_user) == (
        "reuters",
        "F",
        analyst,
    )
    (new,) = result.created_claims
    assert new.statement == "Troops moved north of Kyiv." and new.status == "draft"
    assert {(c.source.slug, c.stance, c.relies_on_id) for c in new.citations.all()} == {
        ("reuters", "supports", Source.objects.get(name="The Kyiv Independent").pk),
        ("cnn", "qualifies", None),
    }
    new.refresh_from_db()
    assert new.consensus_label == new.compute_consensus().label == "single_source"
    existing.refresh_from_db()
    assert existing.consensus_label == "single_source" and existing.version == 2
    assert Citation.objects.filter(created_by=analyst).count() == 3


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"stance": "agrees"}, "stance"),
        ({"confidence": None}, "confidence"),
        ({"speaker": "x" * 301}, "speaker"),
        ({"url": "not a url"}, "url"),
        ({"source": None}, "source"),
        ({"source": "nobody"}, "source"),
        ({"relies_on": "same"}, "relies_on"),
        ({"claim": None, "statement": ""}, "claim"),
        ({"statement": "x" * 501}, "statement"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(bad, field):
    cnn = SourceFactory(slug="cnn")
    claim = ClaimFactory()
    before = counts()
    values = {"claim": claim, "source": cnn, **bad}
    if values.get("relies_on") == "same":
        values["relies_on"] = cnn
    if "statement" in bad and bad["statement"]:
        values["claim"] = None
    with pytest.raises(services.ImportRejected) as error:
        services.import_citations(
            rows=[row(claim=claim, source=cnn), row(**values)],
            new_sources=[{"key": "reuters", "name": "Reuters", "kind": "outlet"}],
        )
    assert set(error.value.rows) == {1} and field in error.value.rows[1]
    assert any(message.startswith("Proposal 2: ") for message in error.value.messages)
    assert counts() == before


def test_a_bad_new_source_is_named():
    with pytest.raises(services.ImportRejected) as error:
        services.import_citations(
            rows=[row(statement="A claim.", source="x")],
            new_sources=[{"key": "x", "name": "", "kind": "outlet"}],
        )
    assert "name" in error.value.sources["x"]
    assert counts() == (0, 0, 0)


def test_nothing_to_import_and_too_much_are_refused():
    with pytest.raises(services.ImportRejected, match="at least one"):
        services.import_citations(rows=[])
    cnn = SourceFactory()
    rows = [row(statement=f"Claim {n}.", source=cnn) for n in range(services.MAX_CITATIONS_PER_REQUEST + 1)]
    with pytest.raises(services.ImportRejected, match="At most 200"):
        services.import_citations(rows=rows)


def test_the_same_citation_twice_is_refused():
    cnn = SourceFactory()
    claim = ClaimFactory()
    with pytest.raises(services.ImportRejected) as error:
        services.import_citations(rows=[row(claim=claim, source=cnn), row(claim=claim, source=cnn)])
    assert set(error.value.rows) == {1}
    services.import_citations(rows=[row(claim=claim, source=cnn)])
    with pytest.raises(services.ImportRejected, match="already has a citation"):
        services.import_citations(rows=[row(claim=claim, source=cnn)])


def test_a_failure_while_writing_rolls_back_sources_and_earlier_claims(monkeypatch):
    cnn = SourceFactory(slug="cnn")
    claim = ClaimFactory()
    before, version = counts(), claim.version
    real_create = services.imports.create_claim

    def create_then_fail(**kwargs):
        if kwargs["statement"].startswith("Second"):
            raise ValidationError({"statement": "Refused while writing."})
        return real_create(**kwargs)

    monkeypatch.setattr(services.imports, "create_claim", create_then_fail)
    with pytest.raises(ValidationError, match="Refused while writing"):
        services.import_citations(
            rows=[
                row(claim=claim, source=cnn),
                row(statement="First new claim.", source="reuters"),
                row(statement="Second new claim.", source=cnn),
            ],
            new_sources=[{"key": "reuters", "name": "Reuters", "kind": "outlet"}],
        )
    assert counts() == before
    claim.refresh_from_db()
    assert claim.version == version


def test_a_claim_deleted_meanwhile_is_refused(monkeypatch):
    cnn = SourceFactory()
    claim = ClaimFactory()
    gone = Claim(pk=claim.pk + 1000, statement="Gone.")
    with pytest.raises(services.ImportRejected, match="deleted meanwhile"):
        services.import_citations(rows=[row(claim=claim, source=cnn), row(claim=gone, source=cnn)])
    assert Citation.objects.count() == 0


def test_a_repeat_is_recognised_whatever_its_case_spacing_and_final_stop():
    cnn = SourceFactory()
    claim = ClaimFactory()
    services.import_citations(
        rows=[row(claim=claim, source=cnn, quote="Russia has made confirmed advances nearby.")]
    )
    with pytest.raises(services.ImportRejected, match="already has a citation"):
        services.import_citations(
            rows=[row(claim=claim, source=cnn, quote="russia has made  confirmed advances nearby")]
        )
