"""A source's aliases: one rule (Source.clean) for the admin and the API, no recomputation, and the
read the article-intake extractor uses."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from knox.models import AuthToken

from claims import services
from claims.management.commands.load_demo import DEMO_FILE
from claims.models import Citation, Claim
from sources.models import KnownName, Source, clean_aliases
from tests.factories import AnalystFactory, CitationFactory, SourceFactory
from tests.intake_tests.test_seed_article import DEMO_ALIASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_header(db):
    _, token = AuthToken.objects.create(user=AnalystFactory(username="alias-script"))
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_aliases_are_trimmed_and_deduplicated_ignoring_case():
    assert clean_aliases(["  ISW ", "isw", "Institute  for\tWar", "ISW"]) == ["ISW", "Institute for War"]
    assert clean_aliases([]) == [] and clean_aliases(None) == []


@pytest.mark.parametrize(
    "value, message",
    [
        ("ISW", "list of names"),
        ({"a": 1}, "list of names"),
        (["ok", 3], "Alias 2 is not text"),
        (["ok", "   "], "Alias 2 is blank"),
        (["x" * 201], "keep each alias to 200"),
        (["a\x00b"], "NUL"),
        (["\ud800"], "surrogate"),
    ],
)
def test_bad_aliases_are_refused_naming_the_field(value, message):
    source = Source(name="Somewhere", slug="somewhere", aliases=value)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert message in " ".join(error.value.message_dict["aliases"])


def test_an_alias_of_200_characters_is_fine():
    source = Source(name="Long", slug="long", aliases=["x" * 200])
    source.full_clean()
    assert source.aliases == ["x" * 200]


def test_admin_edits_aliases_one_per_line(analyst_client):
    source = SourceFactory(name="Institute for the Study of War", slug="isw")
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = analyst_client.get(url)
    assert 'name="aliases"' in page.content.decode()
    form = {
        "name": source.name,
        "slug": source.slug,
        "aliases": "ISW\r\n\r\n  isw \r\nUnderstanding War\r\n",
        "kind": "research",
        "reliability": "B",
    }
    response = analyst_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.aliases == ["ISW", "Understanding War"]
    assert source.history.first().aliases == ["ISW", "Understanding War"]
    # Shown back one per line.
    assert "ISW\nUnderstanding War</textarea>" in analyst_client.get(url).content.decode()


def test_admin_shows_the_rule_on_the_form(analyst_client):
    source = SourceFactory()
    url = reverse("admin:sources_source_change", args=[source.pk])
    form = {
        "name": source.name,
        "slug": source.slug,
        "aliases": "x" * 201,
        "kind": "outlet",
        "reliability": "B",
    }
    response = analyst_client.post(url, form)
    assert response.status_code == 200
    assert "keep each alias to 200" in str(response.context["adminform"].form.errors["aliases"])


def test_api_reads_and_writes_aliases(client, token_header):
    response = client.post(
        "/api/sources/",
        {"name": "The Wall Street Journal", "aliases": ["WSJ", " wsj", "the Journal"]},
        content_type="application/json",
        **token_header,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["aliases"] == ["WSJ", "the Journal"]
    slug = response.json()["slug"]
    assert client.get(f"/api/sources/{slug}/").json()["aliases"] == ["WSJ", "the Journal"]
    # Left out, a new source has none.
    response = client.post(
        "/api/sources/", {"name": "Politico"}, content_type="application/json", **token_header
    )
    assert response.json()["aliases"] == []


@pytest.mark.parametrize("value", ["WSJ", ["WSJ", ""], [1], [None], ["a" * 201], {"x": "y"}])
def test_api_refuses_bad_aliases_with_a_400_naming_the_field(client, token_header, value):
    SourceFactory(slug="wsj")
    response = client.patch(
        "/api/sources/wsj/", {"aliases": value}, content_type="application/json", **token_header
    )
    assert response.status_code == 400
    assert "aliases" in response.json()


def test_changing_aliases_recomputes_no_claim(client, token_header):
    source = SourceFactory(slug="cnn")
    citation = CitationFactory(source=source)
    claim = Claim.objects.get(pk=citation.claim_id)
    response = client.patch(
        "/api/sources/cnn/",
        {"aliases": ["Cable News Network"]},
        content_type="application/json",
        **token_header,
    )
    assert response.status_code == 200
    assert response["Recomputing-Claims"] == "0"
    assert Claim.objects.get(pk=claim.pk).version == claim.version
    assert "aliases" in services.vocabulary.SOURCE_FIELDS
    assert "aliases" not in services.vocabulary.SOURCE_DERIVED_FIELDS


def test_as_known_sources_is_one_query(django_assert_num_queries):
    SourceFactory(name="CNN", slug="cnn", aliases=["Cable News Network"], kind="outlet")
    SourceFactory(name="Institute for the Study of War", slug="isw", aliases=["ISW"], kind="research")
    with django_assert_num_queries(1):
        known = Source.objects.as_known_sources()
    assert sorted(known, key=lambda k: k.slug) == [
        KnownName("cnn", ("CNN", "Cable News Network"), "outlet"),
        KnownName("isw", ("Institute for the Study of War", "ISW"), "research"),
    ]


def test_the_demo_sources_carry_the_aliases_the_extractor_was_measured_with(demo):
    # The aggregator is the article itself: no name of it appears in the text to match.
    assert {s.slug: s.aliases for s in Source.objects.all()} == {**DEMO_ALIASES, "kursk-roundup": []}


def test_reloading_the_demo_after_its_speakers_were_corrected_updates_in_place():
    """A database loaded with the old demo wording gets the corrected speakers, not duplicates."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    old = copy.deepcopy(data)
    rewording = {
        "national security spokesperson John Kirby": "John Kirby, national security spokesperson",
        "two further sources familiar with Western intelligence": (
            "Two sources familiar with Western intelligence"
        ),
        "": "Institute for the Study of War assessment",
        "one commander fighting in the Donetsk region": "A commander fighting in the Donetsk region",
    }
    for claim in old["claims"]:
        for cited in claim["citations"]:
            cited["speaker"] = rewording.get(cited["speaker"], cited["speaker"])
    services.load_dataset(old)
    before = set(Citation.objects.values_list("pk", flat=True))
    services.load_dataset(data)
    assert set(Citation.objects.values_list("pk", flat=True)) == before
    speakers = set(Citation.objects.values_list("speaker", flat=True))
    assert not speakers & (set(rewording.values()))
    assert {"national security spokesperson John Kirby", ""} <= speakers
