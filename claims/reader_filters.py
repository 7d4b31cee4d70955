"""The claim filters as readers meet them on the pages, the feed and the CSV: the API's
ClaimFilter, plus the removable chips, the words that describe them and the form's controls."""

from django import forms
from django.utils.functional import cached_property

from .choices import ConsensusLabel, Stance
from .filters import ClaimFilter
from .models import Claim


class ReaderClaimFilter(ClaimFilter):
    # Shown to readers as removable chips, in this order.
    READER_FILTERS = ("q", "topic", "source", "stance", "consensus")

    def chips(self):
        """The active reader filters, each with its label and the query string without it."""
        if not self.is_bound or not self.form.is_valid():
            return []
        chips = []
        for name in self.READER_FILTERS:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            chips.append(
                {
                    "name": name,
                    "label": self.filters[name].label,
                    "value": self.chip_value(name, value),
                    "remove_query": remaining.urlencode(),
                }
            )
        return chips

    def described(self):
        """The active reader filters in words ("topic Kursk incursion, consensus Corroborated")."""
        return ", ".join(f"{chip['label'].lower()} {chip['value']}" for chip in self.chips())

    def chip_value(self, name, value):
        if name == "consensus":
            return ConsensusLabel(value).label
        if name == "stance":
            return Stance(value).label
        return str(value)

    @property
    def form_for_readers(self):
        """The bound form with the reader controls' widgets (search box and selects)."""
        form = self.form
        form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. troops Kursk"}
        )
        return form

    def reader_options(self, name):
        """(slug, name) pairs for a filter's select (the topics'), read as plain tuples.

        Rendered with a plain loop rather than Django's Select widget: with hundreds of sources,
        building a model instance and a widget sub-template for each option was most of the
        list page's rendering time.
        """
        return self.form.fields[name].queryset.order_by("name").values_list("slug", "name")

    @property
    def topic_options(self):
        return self.reader_options("topic")

    @cached_property
    def reader_sources(self):
        """Every source a reader may filter by (SourceName), by name: read once a request for the
        source select and for the sources a list's rows name."""
        return self.form.fields["source"].queryset.names_and_grades()

    @property
    def source_options(self):
        return [(source.slug, source.name) for source in self.reader_sources]

    def sources_by_slug(self):
        """{slug: SourceName} of every source: what presentation.claim_rows names sources with."""
        return {source.slug: source for source in self.reader_sources}


def filtered_claims(request, queryset=None, *, as_of=False):
    """The reader's filters (q, topic, source, stance, consensus) over the claims they may see.

    `as_of` is honoured only where the page shows the date's consensus (the matrix); elsewhere it
    is left out rather than half-applied.
    """
    base = queryset if queryset is not None else Claim.objects.all()
    data = request.GET
    if not as_of and "as_of" in data:
        data = data.copy()
        del data["as_of"]
    return ReaderClaimFilter(data, queryset=base.visible_to(request.user).newest_first(), request=request)
