"""One set of claim filters for the pages, the feed, the CSV and the API (what readers see of
them, chips and controls, is in reader_filters.py)."""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sources.models import Source

from .as_of import claims_as_of, known_by
from .choices import ClaimStatus, ConsensusLabel, Stance
from .models import Citation, ConfidenceLevel, Question, Topic


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """An object given by its slug (documented in the API schema as a string)."""


@extend_schema_field(OpenApiTypes.INT)
class IntegerChoiceFilter(django_filters.TypedChoiceFilter):
    """A choice of whole numbers (documented in the API schema as an integer)."""


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, given to the database in UTC.

    ISO 8601 and Python allow any UTC offset under a day; PostgreSQL refuses one beyond 15:59
    ("time zone displacement out of range"), so `...T17:27-22:02` was a 500.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:  # a time that is in year 9999 only in its own offset
            raise forms.ValidationError("Give a date and time between the years 1 and 9999 in UTC.") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        help_text="Words in the statement, context, quotes or sources.",
    )
    search = django_filters.CharFilter(method="filter_search", label="Search (same as q)")
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        label="Topic",
        empty_label="All topics",
    )
    source = SlugFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        method="filter_source",
        label="Source",
        empty_label="All sources",
        help_text="Claims the source has an active (not retracted) citation on.",
    )
    stance = django_filters.ChoiceFilter(
        choices=Stance.choices,
        empty_label="Any stance",
        method="filter_stance",
        label="Stance",
        help_text="With `source`: claims on which that source takes this stance.",
    )
    consensus = django_filters.ChoiceFilter(
        choices=ConsensusLabel.choices,
        method="filter_consensus",
        label="Consensus",
        empty_label="Any consensus",
        help_text="With `as_of`: the label as of that date.",
    )
    robustness = IntegerChoiceFilter(
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        method="filter_robustness",
        label="Robustness",
        help_text="How many origins would have to fall away to change the label: 1 lists verdicts "
        "that rest on a single origin. With `as_of`: as of that date.",
    )
    as_of = django_filters.DateFilter(
        method="filter_as_of",
        label="As of (YYYY-MM-DD)",
        help_text="Every consensus as known at the end of that date; only claims with a report "
        "known by then.",
    )
    confidence = django_filters.ModelChoiceFilter(
        queryset=ConfidenceLevel.objects.all(), to_field_name="slug", label="Analysts' confidence"
    )
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, label="Status")
    updated_after = UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", label="Updated after (ISO 8601)"
    )

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    @property
    def as_of_date(self):
        return self.form.cleaned_data.get("as_of") if self.is_bound and self.form.is_valid() else None

    # With as_of, the date's labels are not stored: as_of_results() filters on them instead.
    def filter_consensus(self, queryset, name, value):
        return queryset if self.as_of_date else queryset.filter(consensus_label=value)

    def filter_robustness(self, queryset, name, value):
        return queryset if self.as_of_date else queryset.filter(consensus_robustness=value)

    def filter_as_of(self, queryset, name, value):
        return known_by(queryset, value)

    def as_of_results(self, claims, *, ordering=None):
        """`claims` (filtered and ordered) seen as of the requested date, if one was asked for.

        A queryset when nothing depends on the date's values (the caller sees each page as of the
        date); a list when a filter or the order does (every candidate computed, bounded).
        """
        as_of = self.as_of_date
        if as_of is None:
            return claims
        consensus = self.form.cleaned_data.get("consensus")
        robustness = self.form.cleaned_data.get("robustness") or None
        by_score = ordering if ordering in ("score", "-score") else None
        if not (consensus or robustness or by_score):
            return claims
        return claims_as_of(
            claims, as_of, consensus=consensus, robustness=robustness, order_by_score=by_score
        )

    def filter_source(self, queryset, name, source):
        citations = Citation.objects.active().filter(source=source)
        stance = self.form.cleaned_data.get("stance")
        if stance:
            citations = citations.filter(stance=stance)
        return queryset.filter(pk__in=citations.values("claim_id"))

    def filter_stance(self, queryset, name, value):
        # Applied together with `source` in filter_source; on its own: claims with any such citation.
        if self.form.cleaned_data.get("source"):
            return queryset
        return queryset.filter(pk__in=Citation.objects.active().filter(stance=value).values("claim_id"))


class QuestionFilter(django_filters.FilterSet):
    """Questions by topic, for the question list and /api/questions/."""

    topic = SlugFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        label="Topic",
        empty_label="All topics",
    )

    class Meta:
        model = Question
        fields = ["topic"]
