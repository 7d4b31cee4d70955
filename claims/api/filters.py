import django_filters

from sources.models import Source

from ..choices import Stance
from ..models import Citation, Claim


class CitationFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(
        queryset=Claim.objects.all(), to_field_name="slug", label="Claim slug"
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", label="Source slug"
    )
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    retracted = django_filters.BooleanFilter()

    class Meta:
        model = Citation
        fields = ["claim", "source", "stance", "retracted"]


class SourceFilter(django_filters.FilterSet):
    class Meta:
        model = Source
        fields = ["kind", "reliability"]
