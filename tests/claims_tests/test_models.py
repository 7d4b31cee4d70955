from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Citation, Claim, ConfidenceLevel
from sources.models import Source
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, TopicFactory, confidence

pytestmark = pytest.mark.django_db


class TestConfidenceLevels:
    def test_migration_creates_the_icd_203_levels_in_rank_order(self):
        assert list(ConfidenceLevel.objects.values_list("slug", "rank", "weight")) == [
            ("high", 3, Decimal("1.00")),
            ("moderate", 2, Decimal("0.60")),
            ("low", 1, Decimal("0.30")),
        ]

    @pytest.mark.parametrize("weight", [Decimal("-0.1"), Decimal("1.01")])
    def test_weight_outside_zero_to_one_is_a_validation_error(self, weight):
        level = ConfidenceLevel(name="Odd", slug="odd", rank=9, weight=weight)
        with pytest.raises(ValidationError) as error:
            level.full_clean()
        assert "weight" in error.value.message_dict

    def test_database_refuses_weight_outside_zero_to_one(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ConfidenceLevel.objects.create(name="Odd", slug="odd", rank=9, weight=Decimal("2"))

    def test_rank_is_unique(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ConfidenceLevel.objects.create(name="Twin", slug="twin", rank=3, weight=Decimal("0.5"))


class TestSlugs:
    def test_claim_slug_comes_from_the_statement_with_a_suffix_on_collision(self):
        first = ClaimFactory(statement="Russia moved troops to Kursk.", slug="")
        second = ClaimFactory(statement="Russia moved troops to Kursk!", slug="")
        assert (first.slug, second.slug) == ("russia-moved-troops-to-kursk", "russia-moved-troops-to-kursk-2")

    def test_long_statement_slug_is_cut_at_a_word(self):
        claim = ClaimFactory(statement=" ".join(["troops"] * 60), slug="")
        assert len(claim.slug) <= 80
        assert not claim.slug.endswith("-")
        assert set(claim.slug.split("-")) == {"troops"}

    def test_statement_with_nothing_ascii_gets_the_fallback_word(self):
        assert ClaimFactory(statement="Россия перебросила войска", slug="").slug == "claim"
        assert SourceFactory(name="Коммерсант", slug="").slug == "source"
        assert TopicFactory(name="Курск", slug="").slug == "topic"

    def test_slug_is_unique_in_the_database(self):
        SourceFactory(slug="cnn")
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.create(name="Another", slug="cnn")

    def test_editing_keeps_the_slug(self):
        claim = ClaimFactory(statement="Original wording.", slug="")
        claim.statement = "New wording."
        claim.save()
        assert claim.slug == "original-wording"


class TestConstraints:
    def test_database_refuses_an_unknown_stance(self):
        citation = CitationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Citation.objects.filter(pk=citation.pk).update(stance="maybe")

    def test_database_refuses_an_unknown_status(self):
        claim = ClaimFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.filter(pk=claim.pk).update(status="secret")

    def test_database_refuses_an_unknown_reliability(self):
        source = SourceFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(pk=source.pk).update(reliability="Z")

    def test_database_refuses_a_citation_relaying_its_own_source(self):
        citation = CitationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Citation.objects.filter(pk=citation.pk).update(relies_on=citation.source)

    def test_self_relay_is_a_field_error_in_validation(self):
        source = SourceFactory()
        citation = Citation(
            claim=ClaimFactory(),
            source=source,
            relies_on=source,
            stance="supports",
            confidence=confidence(),
            quote="Relayed.",
        )
        with pytest.raises(ValidationError) as error:
            citation.full_clean()
        assert list(error.value.message_dict) == ["relies_on"]

    def test_retraction_needs_a_reason(self):
        citation = CitationFactory()
        citation.retracted = True
        with pytest.raises(ValidationError) as error:
            citation.full_clean()
        assert "retraction_reason" in error.value.message_dict

    def test_blank_statement_is_refused(self):
        with pytest.raises(ValidationError) as error:
            Claim(statement="").full_clean()
        assert "statement" in error.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.filter(pk=ClaimFactory().pk).update(statement="")

    def test_statement_longer_than_500_characters_is_refused(self):
        with pytest.raises(ValidationError) as error:
            Claim(statement="x" * 501).full_clean()
        assert "statement" in error.value.message_dict


class TestStrAndUrls:
    def test_str_and_absolute_urls(self):
        citation = CitationFactory(
            claim__slug="the-claim",
            claim__statement="The claim.",
            source__name="CNN",
            source__slug="cnn",
            published_on="2024-08-16",
            quote="Multiple groups — consisting of at least 1,000 troops each — had apparently "
            "been diverted.",
        )
        topic = TopicFactory(slug="kursk", name="Kursk")
        assert str(citation.claim) == "The claim."
        assert str(citation.source) == "CNN"
        assert str(topic) == "Kursk"
        assert str(citation) == (
            "CNN · supports · Moderate confidence · 16 Aug 2024 · "
            "“Multiple groups — consisting of at least 1,000 troops each —…”"
        )
        assert citation.claim.get_absolute_url() == "/claims/the-claim/"
        assert citation.source.get_absolute_url() == "/sources/cnn/"
        assert topic.get_absolute_url() == "/topics/kursk/"
        assert citation.get_absolute_url() == f"/claims/the-claim/#citation-{citation.pk}"
        assert str(confidence("high")) == "High confidence"


class TestQuerySets:
    def test_published_and_visible_to(self, analyst):
        published = ClaimFactory(status=Claim.Status.PUBLISHED)
        draft = ClaimFactory(status=Claim.Status.DRAFT)
        withdrawn = ClaimFactory(status=Claim.Status.WITHDRAWN)
        assert list(Claim.objects.published()) == [published]
        assert set(Claim.objects.visible_to(None)) == {published}
        assert set(Claim.objects.visible_to(analyst)) == {published, draft, withdrawn}

    @pytest.mark.parametrize("claims", [3, 30])
    def test_with_citations_loads_a_page_in_a_fixed_number_of_queries(
        self, claims, django_assert_num_queries
    ):
        topic = TopicFactory()
        for _ in range(claims):
            claim = ClaimFactory(topics=[topic])
            CitationFactory.create_batch(2, claim=claim)
            CitationFactory(claim=claim, relies_on=SourceFactory())
        with django_assert_num_queries(3):  # claims+confidence, topics, citations+sources+levels
            page = list(Claim.objects.with_citations()[:claims])
            for claim in page:
                claim.compute_consensus()
                [topic.name for topic in claim.topics.all()]
                [
                    (c.source.name, c.confidence.name, c.relies_on and c.relies_on.name)
                    for c in claim.citations.all()
                ]

    def test_search_matches_statement_quote_and_source_name(self):
        by_statement = ClaimFactory(statement="Conscripts were sent to the border region.")
        by_quote = CitationFactory(quote="Armoured columns crossed near Sudzha.").claim
        by_source = CitationFactory(source__name="Meduza Monitoring").claim
        assert list(Claim.objects.search("conscripts")) == [by_statement]
        assert list(Claim.objects.search("Sudzha")) == [by_quote]
        assert list(Claim.objects.search("meduza")) == [by_source]
        assert set(Claim.objects.search("the")) == set(Claim.objects.all())
