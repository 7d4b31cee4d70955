"""API shapes. Related objects are read and written as slugs; writes go through claims.services."""

import copy
import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from common.slugs import SLUG_PATTERN
from sources.models import ALIAS_MAX_LENGTH, EDITABLE_FIELDS, Source

from .. import questions, services
from ..models import (
    REFINED_BY,
    Citation,
    Claim,
    ConfidenceLevel,
    ConsensusLabel,
    Question,
    RelationKind,
    Topic,
)
from ..relations import shown_relations


def as_drf_error(error: DjangoValidationError):
    """A model validation error as a DRF one, keyed by field."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in error.message_dict.items()
            }
        )
    return serializers.ValidationError({"non_field_errors": error.messages})


SLUG_SHAPE = re.compile(SLUG_PATTERN)


class RelatedBySlug(serializers.SlugRelatedField):
    """A related object by slug, with an error that names the unknown slug."""

    default_error_messages = {
        "does_not_exist": "No {model} has the slug “{value}”.",
        "invalid": "Give the slug as a string of letters, numbers, hyphens and underscores.",
    }

    def __init__(self, model, **kwargs):
        self.model_name = model._meta.verbose_name
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        # Checked before the lookup: PostgreSQL refuses some characters (NUL) outright.
        if not isinstance(data, str) or not SLUG_SHAPE.fullmatch(data):
            self.fail("invalid")
        # One lookup per slug and request: 200 nested citations naming 3 sources cost 3 queries.
        resolved = self.context.setdefault("resolved_slugs", {})
        key = (self.get_queryset().model, data)
        if key not in resolved:
            try:
                resolved[key] = self.get_queryset().get(slug=data)
            except self.get_queryset().model.DoesNotExist:
                raise serializers.ValidationError(
                    self.error_messages["does_not_exist"].format(model=self.model_name, value=data)
                ) from None
        return resolved[key]


def optional_unique_slug(model):
    """A client may choose the slug of a source or topic; left out, it is made from the name."""
    return serializers.SlugField(
        max_length=100,
        required=False,
        help_text="ASCII; made from the name when left out.",
        validators=[
            UniqueValidator(
                queryset=model.objects.all(),
                message=f"A {model._meta.verbose_name} with this slug already exists.",
            )
        ],
    )


class ConfidenceLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConfidenceLevel
        fields = ["slug", "name", "rank", "weight", "description"]


class ServiceSerializerMixin:
    """create() and update() hand the validated fields to a function of claims.services.

    Only the fields the client sent are written, so two clients changing different fields of
    one object at the same moment both keep their change.
    """

    def create(self, validated_data):
        return self.save_through_service(self.Meta.model(**validated_data), fields=None)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_through_service(instance, fields=list(validated_data))

    def save_through_service(self, instance, *, fields):
        try:
            return self.save_service(instance, fields=fields, user=self.context["request"].user)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class VocabularySerializerMixin(ServiceSerializerMixin):
    def save_through_service(self, instance, *, fields):
        # How many claims the change recomputes, for the view to tell the client.
        self.recomputation = super().save_through_service(instance, fields=fields)
        return instance


class TopicSerializer(VocabularySerializerMixin, serializers.ModelSerializer):
    slug = optional_unique_slug(Topic)

    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]

    def save_service(self, topic, **options):
        return services.save_topic(topic=topic, **options)


@extend_schema_field({"type": "array", "items": {"type": "string", "maxLength": ALIAS_MAX_LENGTH}})
class AliasesField(serializers.JSONField):
    """A source's aliases, passed as sent to the model's one rule (Source.clean), which the
    admin shares: a list of non-empty strings, trimmed and without repeats."""


class SourceSerializer(VocabularySerializerMixin, serializers.ModelSerializer):
    slug = optional_unique_slug(Source)
    aliases = AliasesField(
        required=False,
        help_text='Other names articles use for the source ("ISW", "the Journal"), matched by '
        "/api/intake/. Trimmed, without repeats (ignoring case), each at most "
        f"{ALIAS_MAX_LENGTH} characters.",
    )

    class Meta:
        model = Source
        fields = list(EDITABLE_FIELDS)

    def save_service(self, source, **options):
        return services.save_source(source=source, **options)


class CitationSerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    claim = RelatedBySlug(Claim, help_text="The claim's slug.")
    source = RelatedBySlug(Source, help_text="The source's slug.")
    relies_on = RelatedBySlug(
        Source, required=False, allow_null=True, help_text="Slug of the source this relays."
    )
    confidence = RelatedBySlug(ConfidenceLevel, help_text="A confidence level's slug: high, moderate, low.")

    class Meta:
        model = Citation
        fields = ["id", *Citation.EDITABLE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        # The model's own rules, in one place, checked before anything is saved (for a nested
        # citation too, so the error names its position in the list).
        citation = copy.copy(self.instance) if self.instance is not None else Citation()
        for name, value in attrs.items():
            setattr(citation, name, value)
        try:
            citation.clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return attrs

    def to_representation(self, citation):
        return citation_representation(citation, include_claim="claim" in self.fields)

    def save_service(self, citation, **options):
        return services.save_citation(citation=citation, **options)


class NestedCitationSerializer(CitationSerializer):
    """A citation inside a new claim: everything but the claim it belongs to."""

    class Meta(CitationSerializer.Meta):
        fields = [name for name in CitationSerializer.Meta.fields if name != "claim"]


class WarningSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["possible_shared_informant"])
    citations = serializers.ListField(child=serializers.IntegerField(), help_text="Citation ids.")
    sources = serializers.ListField(child=serializers.CharField(), help_text="Source slugs.")


class ConsensusSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=ConsensusLabel.choices)
    score = serializers.FloatField(min_value=-1, max_value=1)
    independent_origins = serializers.IntegerField(min_value=0)
    agree = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs of sources with a supporting report."
    )
    disagree = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs of sources with a disputing report."
    )
    qualify = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs of sources with a qualifying report."
    )
    pivotal = serializers.ListField(
        child=serializers.CharField(),
        help_text="Origins whose removal alone would change the label: a source slug, "
        "`loop:<slugs joined by +>` or `informant:<key>`.",
    )
    pivotal_effects = serializers.DictField(
        child=serializers.ChoiceField(choices=ConsensusLabel.choices),
        help_text="For each pivotal origin, the label the claim would have without it.",
    )
    robustness = serializers.IntegerField(
        min_value=1,
        max_value=3,
        allow_null=True,
        help_text="The fewest origins whose removal changes the label (up to 3); null when no set of "
        "up to 3 does, or the claim is unsourced.",
    )
    warnings = WarningSerializer(many=True, help_text="Reports that may share one informant.")


class RelationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[*RelationKind.values, REFINED_BY],
        help_text="contradicts, refines or duplicates; read also as refined_by on the claim another "
        "claim refines. Written: contradicts, refines, duplicates.",
    )
    claim = RelatedBySlug(Claim, help_text="The other claim's slug.")

    def validate_kind(self, value):
        if value == REFINED_BY:
            raise serializers.ValidationError(
                "refined_by is how a relation reads from the other side: write refines on the claim "
                "that refines this one."
            )
        return value

    def validate(self, attrs):
        # A PATCH makes nested fields optional; a relation still needs both of its parts.
        missing = {name: ["This field is required."] for name in ("kind", "claim") if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class ClaimSerializer(serializers.ModelSerializer):
    topics = RelatedBySlug(Topic, many=True, required=False, help_text="Topic slugs.")
    confidence = RelatedBySlug(
        ConfidenceLevel, required=False, allow_null=True, help_text="The analysts' overall confidence (slug)."
    )
    consensus = ConsensusSerializer(read_only=True)
    citations = NestedCitationSerializer(
        many=True,
        required=False,
        help_text=f"On create: citations made with the claim, all or none (at most "
        f"{services.MAX_CITATIONS_PER_REQUEST}). Read-only afterwards: change citations at /api/citations/.",
    )
    relations = RelationSerializer(
        many=True,
        required=False,
        help_text="How this claim relates to others, both ways, sorted by kind then slug. Written (POST, "
        "PATCH, PUT), it replaces the relations this claim holds to others; theirs to it stay.",
    )
    url = serializers.SerializerMethodField()
    allow_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Save even if another claim already makes this statement (otherwise a 400 naming it).",
    )

    class Meta:
        model = Claim
        fields = [
            "slug",
            "url",
            "statement",
            "context",
            "status",
            "confidence",
            "topics",
            "consensus",
            "citations",
            "relations",
            "version",
            "created_at",
            "updated_at",
            "allow_duplicate",
        ]
        read_only_fields = ["slug", "version", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, claim):
        request = self.context.get("request")
        path = claim.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def to_internal_value(self, data):
        # Checked before the citations are: a request with 10,000 of them is refused at once.
        citations = data.get("citations") if isinstance(data, dict) else None
        if isinstance(citations, list) and len(citations) > services.MAX_CITATIONS_PER_REQUEST:
            raise serializers.ValidationError(
                {
                    "citations": [
                        f"At most {services.MAX_CITATIONS_PER_REQUEST} citations can be created with a "
                        f"claim in one request (this one has {len(citations)}); add the rest at "
                        "/api/citations/."
                    ]
                }
            )
        return super().to_internal_value(data)

    def validate(self, attrs):
        if self.instance is not None and "citations" in self.initial_data:
            raise serializers.ValidationError(
                {"citations": ["Citations are changed one by one at /api/citations/, not through the claim."]}
            )
        return attrs

    def create(self, validated_data):
        citations = validated_data.pop("citations", [])
        topics = validated_data.pop("topics", [])
        validated_data["allow_duplicate"] = validated_data.pop("allow_duplicate", False)
        relations = relation_pairs(validated_data.pop("relations", None))
        try:
            return services.create_claim(
                citations=citations,
                topics=topics,
                relations=relations,
                user=self.context["request"].user,
                **validated_data,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def update(self, claim, validated_data):
        expected_version = validated_data.pop("expected_version", None)  # from the If-Match header
        topics = validated_data.pop("topics", None)
        allow_duplicate = validated_data.pop("allow_duplicate", False)
        relations = relation_pairs(validated_data.pop("relations", None))
        for name, value in validated_data.items():
            setattr(claim, name, value)
        try:
            return services.save_claim(
                claim=claim,
                fields=list(validated_data),
                topics=topics,
                relations=relations,
                expected_version=expected_version,
                user=self.context["request"].user,
                allow_duplicate=allow_duplicate,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def to_representation(self, claim):
        # Hand-built: on a page of claims with their citations this is several times faster than
        # field-by-field serialization, and the schema still comes from the declared fields;
        # tests/claims_tests/test_api_representation.py fails when the two differ.
        request = self.context.get("request")
        return claim_representation(claim, request)


def relation_pairs(relations):
    """The API's [{"kind", "claim"}] as the service's [(kind, claim)]; None stays None (unchanged)."""
    if relations is None:
        return None
    return [(relation["kind"], relation["claim"]) for relation in relations]


def claim_representation(claim, request=None):
    path = claim.get_absolute_url()
    return {
        "slug": claim.slug,
        "url": request.build_absolute_uri(path) if request else path,
        "statement": claim.statement,
        "context": claim.context,
        "status": claim.status,
        "confidence": claim.confidence.slug if claim.confidence_id else None,
        "topics": [topic.slug for topic in claim.topics.all()],
        "consensus": claim.consensus,
        "citations": [citation_representation(c, include_claim=False) for c in claim.citations.all()],
        "relations": [
            relation.as_dict() for relation in shown_relations(claim, request.user if request else None)
        ],
        "version": claim.version,
        "created_at": _datetime(claim.created_at),
        "updated_at": _datetime(claim.updated_at),
    }


def citation_representation(citation, *, include_claim=True):
    # Hand-built like claim_representation; tests/claims_tests/test_api_representation.py fails
    # when these keys or values differ from CitationSerializer's declared fields.
    data = {"id": citation.pk}
    if include_claim:
        data["claim"] = citation.claim.slug
    data.update(
        {
            "source": citation.source.slug,
            "stance": citation.stance,
            "confidence": citation.confidence.slug,
            "quote": citation.quote,
            "speaker": citation.speaker,
            "anonymous": citation.anonymous,
            "relies_on": citation.relies_on.slug if citation.relies_on_id else None,
            "url": citation.url,
            "published_on": citation.published_on.isoformat() if citation.published_on else None,
            "informant": citation.informant,
            "note": citation.note,
            "retracted": citation.retracted,
            "retracted_on": citation.retracted_on.isoformat() if citation.retracted_on else None,
            "retraction_reason": citation.retraction_reason,
            "created_at": _datetime(citation.created_at),
            "updated_at": _datetime(citation.updated_at),
        }
    )
    return data


def _datetime(value):
    # What DRF's DateTimeField writes (ISO 8601 in UTC, "Z" for +00:00), without building a field
    # and consulting the active time zone for each of the hundreds of timestamps on a page.
    return value.astimezone(datetime.UTC).isoformat().removesuffix("+00:00") + "Z"


class TimelinePointSerializer(serializers.Serializer):
    date = serializers.DateField()
    label = serializers.ChoiceField(choices=ConsensusLabel.choices)
    score = serializers.FloatField(min_value=-1, max_value=1)
    independent_origins = serializers.IntegerField(min_value=0)
    event = serializers.ChoiceField(choices=["report", "retraction"])
    citation = serializers.IntegerField(help_text="The citation reported or retracted.")
    source = serializers.CharField(source="source.slug", read_only=True, help_text="Its source's slug.")
    stance = serializers.ChoiceField(choices=Citation.Stance.choices)


class TimelineSerializer(serializers.Serializer):
    points = TimelinePointSerializer(
        many=True, help_text="The consensus as of the end of each date a report appeared or was retracted."
    )


class QuestionHypothesisSerializer(serializers.Serializer):
    claim = serializers.CharField(help_text="The hypothesis claim's slug.")
    inconsistency = serializers.FloatField(
        min_value=0, help_text="Sum of the vote weights of the origins that dispute it (4 decimals)."
    )
    rank = serializers.IntegerField(
        min_value=1, help_text="1 for the least inconsistent; ties keep the question's order."
    )


class QuestionMatrixRowSerializer(serializers.Serializer):
    origin = serializers.CharField(
        help_text="An independent origin: a source slug, `loop:<slugs joined by +>` or `informant:<key>`."
    )
    diagnostic = serializers.BooleanField(help_text="False when the origin supports every hypothesis.")
    cells = serializers.DictField(
        child=serializers.ChoiceField(choices=Citation.Stance.choices, allow_null=True),
        help_text="The origin's vote on each hypothesis, by claim slug; null where it has none.",
    )


class QuestionSerializer(serializers.ModelSerializer):
    """Read: the board (DESIGN.md). Written: text, slug (optional), topics and hypotheses in order."""

    slug = optional_unique_slug(Question)
    topics = RelatedBySlug(Topic, many=True, required=False, help_text="Topic slugs.")
    hypotheses = RelatedBySlug(
        Claim,
        many=True,
        required=False,
        help_text=f"Claim slugs, in the question's order (at most {services.MAX_HYPOTHESES}). Read: each "
        "with its inconsistency and rank, drafts left out for readers.",
    )
    matrix = QuestionMatrixRowSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["slug", "text", "topics", "hypotheses", "matrix"]

    def to_internal_value(self, data):
        hypotheses = data.get("hypotheses") if isinstance(data, dict) else None
        if isinstance(hypotheses, list) and len(hypotheses) > services.MAX_HYPOTHESES:
            raise serializers.ValidationError(
                {"hypotheses": [f"A question has at most {services.MAX_HYPOTHESES} hypotheses."]}
            )
        return super().to_internal_value(data)

    def create(self, validated_data):
        return self.save_through_service(Question(), validated_data, fields=None)

    def update(self, question, validated_data):
        return self.save_through_service(question, validated_data, fields=list(validated_data))

    def save_through_service(self, question, validated_data, *, fields):
        topics = validated_data.pop("topics", None)
        hypotheses = validated_data.pop("hypotheses", None)
        for name, value in validated_data.items():
            setattr(question, name, value)
        try:
            return services.save_question(
                question=question,
                topics=topics if topics is not None or fields is not None else [],
                hypotheses=hypotheses if hypotheses is not None or fields is not None else [],
                fields=fields,
                user=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def to_representation(self, question):
        return questions.representation(question, self.context.get("as_of"))


class QuestionReadSerializer(serializers.Serializer):
    """What a question reads as (for the schema): hypotheses with their scores, not bare slugs."""

    slug = serializers.CharField()
    text = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField(), help_text="Topic slugs.")
    hypotheses = QuestionHypothesisSerializer(many=True, help_text="In the question's order.")
    matrix = QuestionMatrixRowSerializer(many=True, help_text="One row per origin, sorted by origin.")
