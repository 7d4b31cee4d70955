"""POST /api/intake/: a news article in, its attributions out as proposed citations. Saves nothing."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..intake import MAX_INPUT_CHARS
from ..proposals import PUBLISHER_MAX_LENGTH, IntakeInputError, propose_citations
from .permissions import CanAddCitations
from .schema import ERRORS


@extend_schema_field(OpenApiTypes.STR)
class StringField(serializers.Field):
    """Any string, as sent: no coercion of numbers, no trimming, NUL characters allowed (the
    article is read, never stored). What a string must be is propose_citations' rule."""

    default_error_messages = {"invalid": "Give a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class ArticleSerializer(serializers.Serializer):
    """An article to read: its text or its HTML, and optionally who published it and when."""

    text = StringField(
        required=False,
        help_text=f"The article as plain text, at most {MAX_INPUT_CHARS:,} characters. Send this or `html`.",
    )
    html = StringField(
        required=False,
        help_text=f"The article as HTML (its main text is extracted), at most {MAX_INPUT_CHARS:,} "
        "characters. Send this or `text`.",
    )
    publisher = StringField(
        required=False,
        allow_null=True,
        help_text="Slug or name of the outlet that published the article (a name no source has is "
        f"fine), at most {PUBLISHER_MAX_LENGTH} characters. It is the source only of what the "
        'article says was said to it ("told CNN" in a CNN article).',
    )
    published_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text='The article\'s date: resolves the days its sentences name ("on Tuesday").',
    )

    def validate(self, attrs):
        try:
            self.intake = propose_citations(**attrs)
        except IntakeInputError as error:
            raise serializers.ValidationError(error.errors) from None
        return attrs


class AttributionSerializer(serializers.Serializer):
    """One proposed citation: a sentence that attributes information to a source."""

    sentence = serializers.CharField(help_text="The sentence, exactly as it is in `text`.")
    start = serializers.IntegerField(min_value=0, help_text="Offset of the sentence in `text`.")
    end = serializers.IntegerField(min_value=0, help_text="Offset just past the sentence in `text`.")
    source = serializers.CharField(
        allow_null=True,
        help_text="Slug of the source; null when the name matches none (see `unknown_sources`).",
    )
    source_name = serializers.CharField(help_text="The source as the article names it.")
    speaker = serializers.CharField(
        allow_blank=True,
        help_text='Who spoke to the source, in the article\'s words; "" when the source speaks for itself.',
    )
    anonymous = serializers.BooleanField(help_text="The speaker is unnamed.")
    quote = serializers.CharField(allow_blank=True, help_text="The quoted words, else the reported clause.")
    relies_on = serializers.CharField(
        allow_null=True, help_text='Slug of the source this one relays ("CNN, citing ISW"), else null.'
    )
    relies_on_name = serializers.CharField(
        allow_null=True, help_text="The relayed source as written, when it matches no source; else null."
    )
    published_on = serializers.DateField(
        allow_null=True, help_text="The report's date: the article's, moved by `date_hint`; null without one."
    )
    date_hint = serializers.CharField(
        allow_null=True, help_text='A relative day the sentence names ("on Tuesday"), else null.'
    )


class IntakeSerializer(serializers.Serializer):
    """The article's text and what it attributes to whom. Nothing is saved."""

    text = serializers.CharField(
        allow_blank=True, help_text="The article's text; every offset refers to it (line ends made \\n)."
    )
    attributions = AttributionSerializer(many=True, help_text="In the order of the text.")
    unknown_sources = serializers.ListField(
        child=serializers.CharField(),
        help_text="Names the article attributes to that match no source, as written: create them first.",
    )


class IntakeView(APIView):
    permission_classes = [CanAddCitations]

    @extend_schema(
        operation_id="intake_create",
        summary="Propose citations from a news article (saves nothing)",
        description="Finds every attribution in the article: who said what to which outlet, named "
        "or not, relayed from whom. Each one is a proposed citation for an analyst to check and "
        "attach to a claim. Analysts only.",
        request=ArticleSerializer,
        responses={200: IntakeSerializer, **ERRORS(400, 401, 403, 415, 429)},
        tags=["intake"],
    )
    def post(self, request):
        serializer = ArticleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.intake.as_dict())
