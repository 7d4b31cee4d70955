from django.db.models import F
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from common.slugs import SLUG_PATTERN
from sources.models import Source

from .. import services
from ..as_of import BadDate, parse_as_of, see_as_of, timeline_points
from ..filters import ClaimFilter, QuestionFilter
from ..models import Citation, Claim, ConfidenceLevel, Question, Topic
from ..querysets import read_page_parts
from ..questions import attach_boards
from ..relations import attach_relations
from .caching import CachedReadsMixin
from .filters import CitationFilter, SourceFilter
from .pagination import ClaimPagination
from .schema import ERRORS, READ_ERRORS, WRITE_ERRORS
from .serializers import (
    CitationSerializer,
    ClaimSerializer,
    ConfidenceLevelSerializer,
    QuestionReadSerializer,
    QuestionSerializer,
    SourceSerializer,
    TimelineSerializer,
    TopicSerializer,
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The claim has changed since you read it. GET it again for its new ETag, then retry."
    default_code = "precondition_failed"


def claim_etag(claim):
    return f'"{claim.slug}-v{claim.version}"'


class ServiceWritesMixin:
    """Writes through claims.services: retried when they lose a deadlock, answered as saved.

    The serializer writes only the fields the client sent; the answer is read back from the
    database, so it shows what another client changed meanwhile too. A delete that other rows
    still point at is a 409 with the reason, not a 500.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        # Read the body once, so that a retried attempt parses the same bytes again.
        request.body  # noqa: B018

        def attempt():
            self.__dict__.pop("_object", None)
            return super(ServiceWritesMixin, self).dispatch(request, *args, **kwargs)

        return services.retry_on_conflict(attempt)

    def perform_create(self, serializer):
        serializer.save()
        serializer.instance = self.read_back(serializer.instance)

    def perform_update(self, serializer):
        serializer.save()
        serializer.instance = self.read_back(serializer.instance)

    def read_back(self, instance):
        return self.get_queryset().model._default_manager.get(pk=instance.pk)

    def perform_destroy(self, instance):
        # A ProtectedError answers 409 in errors.exception_handler, the one place for it.
        self.delete_through_service(instance)

    def delete_through_service(self, instance):
        services.delete_vocabulary(instance=instance)


class VocabularyWritesMixin(ServiceWritesMixin):
    """Sources and topics: a change that recomputes claims says how many in `Recomputing-Claims`."""

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.recomputation = serializer.recomputation

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        recomputation = getattr(self, "recomputation", None)
        if recomputation is not None:
            response["Recomputing-Claims"] = str(recomputation.claims)
            response["Recomputing-In-Background"] = "true" if recomputation.in_background else "false"
        return response


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag you read. A stale one gets 412 and changes nothing; leave it out to write anyway.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Claims, newest first, with consensus and citations",
        responses={200: ClaimSerializer, **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One claim, with an ETag", responses={200: ClaimSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Create a claim, with its citations in one transaction",
        responses={201: ClaimSerializer, **WRITE_ERRORS},
    ),
    update=extend_schema(
        parameters=[IF_MATCH], responses={200: ClaimSerializer, **WRITE_ERRORS, **ERRORS(412)}
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH], responses={200: ClaimSerializer, **WRITE_ERRORS, **ERRORS(412)}
    ),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted"), **WRITE_ERRORS}),
)
class ClaimViewSet(CachedReadsMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    serializer_class = ClaimSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = ClaimFilter
    pagination_class = ClaimPagination
    ordering_fields = ["updated_at", "created_at", "score"]
    ordering = ["-updated_at", "-id"]

    def get_queryset(self):
        # `score` is the public name of the stored consensus score, for ?ordering=score.
        claims = Claim.objects.visible_to(self.request.user)
        claims = claims.for_page() if self.action == "retrieve" else claims.with_citations()
        return claims.annotate(score=F("consensus_score")).newest_first()

    def filter_queryset(self, queryset):
        """The list's filters and ordering; with `as_of`, whatever depends on the date's consensus.

        One claim is looked up by its slug alone: a detail as of a date before its first report
        is a 200 with `unsourced`, not a 404.
        """
        self.as_of = None
        if self.action != "list":
            return queryset
        filterset = ClaimFilter(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        self.as_of = filterset.as_of_date
        claims = OrderingFilter().filter_queryset(self.request, filterset.qs, self)
        return filterset.as_of_results(claims, ordering=self.request.query_params.get("ordering"))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.as_of is not None:
            page = [claim if hasattr(claim, "as_of") else see_as_of(claim, self.as_of) for claim in page]
        # Both directions of every claim's relations on the page, in one query.
        return attach_relations(page, self.request.user)

    def retrieve(self, request, *args, **kwargs):
        as_of = self.requested_as_of()

        def answer():
            claim = self.get_object()
            if as_of is not None:
                see_as_of(claim, as_of)
            response = Response(self.get_serializer(claim).data)
            response["ETag"] = claim_etag(claim)
            return response

        return self.cached(request, answer, scope=kwargs["slug"])

    def requested_as_of(self):
        try:
            return parse_as_of(self.request.query_params.get("as_of"))
        except BadDate as error:
            raise ValidationError({"as_of": [str(error)]}) from None

    @extend_schema(
        summary="The claim's consensus after each report and retraction, in date order",
        responses={200: TimelineSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def timeline(self, request, slug=None):
        def answer():
            points = timeline_points(self.get_object().citations.all())
            return Response(TimelineSerializer({"points": points}).data)

        return self.cached(request, answer, scope=slug)

    def get_object(self):
        # Read once a request: If-Match, the update and the response all look at the same row.
        if not hasattr(self, "_object"):
            self._object = super().get_object()
            if self.action == "retrieve":
                read_page_parts(self._object)
        return self._object

    def expected_version(self):
        """The version named by If-Match, checked against the claim now; None without If-Match."""
        header = self.request.headers.get("If-Match")
        if not header or header.strip() == "*":
            return None
        claim = self.get_object()
        tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
        if claim_etag(claim) not in tags:
            raise PreconditionFailed()
        return claim.version

    def perform_update(self, serializer):
        try:
            serializer.save(expected_version=self.expected_version())
        except services.StaleVersion as error:
            raise PreconditionFailed() from error
        serializer.instance = self.read_back(serializer.instance)

    def read_back(self, claim):
        self.saved_claim = Claim.objects.with_citations().get(pk=claim.pk)
        return self.saved_claim

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = claim_etag(self.saved_claim)
        return response

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["Location"] = response.data["url"]
        response["ETag"] = claim_etag(self.saved_claim)
        return response

    def delete_through_service(self, claim):
        services.delete_claims(claims=Claim.objects.filter(pk=claim.pk))


@extend_schema_view(
    list=extend_schema(responses={200: CitationSerializer, **READ_ERRORS}),
    retrieve=extend_schema(responses={200: CitationSerializer, **READ_ERRORS}),
    create=extend_schema(responses={201: CitationSerializer, **WRITE_ERRORS}),
    update=extend_schema(responses={200: CitationSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(
        summary='Change a citation; retract it with {"retracted": true, "retraction_reason": "…"}',
        responses={200: CitationSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted"), **WRITE_ERRORS}),
)
class CitationViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    serializer_class = CitationSerializer
    filterset_class = CitationFilter
    ordering_fields = ["published_on", "created_at", "updated_at", "id"]
    ordering = ["id"]

    def get_queryset(self):
        return Citation.objects.visible_to(self.request.user).select_related(
            "claim", "source", "relies_on", "confidence"
        )

    def read_back(self, citation):
        return self.get_queryset().get(pk=citation.pk)

    def delete_through_service(self, citation):
        services.delete_citations(citations=[citation], user=self.request.user)


@extend_schema_view(
    list=extend_schema(responses={200: TopicSerializer, **READ_ERRORS}),
    retrieve=extend_schema(responses={200: TopicSerializer, **READ_ERRORS}),
    create=extend_schema(responses={201: TopicSerializer, **WRITE_ERRORS}),
    update=extend_schema(responses={200: TopicSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: TopicSerializer, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted"), **WRITE_ERRORS}),
)
class TopicViewSet(VocabularyWritesMixin, viewsets.ModelViewSet):
    queryset = Topic.objects.order_by("name", "id")
    serializer_class = TopicSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filter_backends = [OrderingFilter]
    ordering_fields = ["name"]


@extend_schema_view(
    list=extend_schema(responses={200: ConfidenceLevelSerializer, **READ_ERRORS}),
    retrieve=extend_schema(responses={200: ConfidenceLevelSerializer, **READ_ERRORS}),
)
class ConfidenceLevelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = ConfidenceLevel.objects.order_by("-rank")
    serializer_class = ConfidenceLevelSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filter_backends = []


AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="Score the board from the reports known by the end of this date (YYYY-MM-DD).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Questions, each an analysis-of-competing-hypotheses board",
        parameters=[AS_OF],
        responses={200: QuestionReadSerializer, **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One question: its hypotheses ranked by inconsistency, and the origins × hypotheses matrix",
        parameters=[AS_OF],
        responses={200: QuestionReadSerializer, **READ_ERRORS},
    ),
    create=extend_schema(request=QuestionSerializer, responses={201: QuestionReadSerializer, **WRITE_ERRORS}),
    update=extend_schema(request=QuestionSerializer, responses={200: QuestionReadSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(
        request=QuestionSerializer, responses={200: QuestionReadSerializer, **WRITE_ERRORS}
    ),
)
class QuestionViewSet(CachedReadsMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    """Questions and their hypotheses. Readers see published hypotheses only; analysts write."""

    serializer_class = QuestionSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = QuestionFilter
    filter_backends = [DjangoFilterBackend]
    # Analysts do not delete questions (administrators may, in the admin), as with claims.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Question.objects.with_hypotheses(self.request.user).newest_first()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.method in SAFE_METHODS:
            try:
                context["as_of"] = parse_as_of(self.request.query_params.get("as_of"))
            except BadDate as error:
                raise ValidationError({"as_of": [str(error)]}) from None
        return context

    def list(self, request, *args, **kwargs):
        self.get_serializer_context()  # a malformed as_of is a 400 before anything is read
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        self.get_serializer_context()
        # A board reads every hypothesis's citations: it moves with the global epoch.
        parent = super().retrieve
        return self.cached(request, lambda: parent(request, *args, **kwargs), scope=None)

    def read_back(self, question):
        return self.get_queryset().get(pk=question.pk)

    def paginate_queryset(self, queryset):
        # Every board on the page from one read of their hypotheses' citations.
        page = super().paginate_queryset(queryset)
        return attach_boards(page, self.get_serializer_context().get("as_of"))

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["Location"] = request.build_absolute_uri(
            Question(slug=response.data["slug"]).get_absolute_url()
        )
        return response


@extend_schema_view(
    list=extend_schema(responses={200: SourceSerializer, **READ_ERRORS}),
    retrieve=extend_schema(responses={200: SourceSerializer, **READ_ERRORS}),
    create=extend_schema(responses={201: SourceSerializer, **WRITE_ERRORS}),
    update=extend_schema(responses={200: SourceSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: SourceSerializer, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted"), **WRITE_ERRORS}),
)
class SourceViewSet(VocabularyWritesMixin, viewsets.ModelViewSet):
    queryset = Source.objects.order_by("name", "id")
    serializer_class = SourceSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = SourceFilter
    ordering_fields = ["name", "reliability"]
