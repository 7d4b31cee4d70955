import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from claims.api.schema import READ_ERRORS, WRITE_ERRORS
from claims.api.serializers import SourceSerializer
from claims.api.views import VocabularyWritesMixin

from ..models import Source


class SourceFilter(django_filters.FilterSet):
    class Meta:
        model = Source
        fields = ["kind", "reliability"]


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
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = SourceFilter
    ordering_fields = ["name", "reliability"]
