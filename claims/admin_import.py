"""The admin's "Import an article" page: paste an article, keep the proposed citations that are
right, attach them to claims, save them all at once through claims.services.import_citations.

Step 1 (ArticleForm) reads the article through claims.proposals, the same path as /api/intake/.
Step 2 (ImportForms) shows each proposal beside its sentence, with everything it carries over
as hidden fields, so saving never runs the extractor again: what the analyst saw is what is
saved. Related objects are looked up once for the whole page (one query per model), not once
per row and field.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from sources.models import Source, SourceKind

from . import services
from .choices import Stance
from .intake import MAX_INPUT_CHARS, normalize_name
from .models import Citation, Claim, ConfidenceLevel
from .proposals import PUBLISHER_MAX_LENGTH, IntakeInputError, propose_citations

TEMPLATE = "admin/claims/claim/import_article.html"
# A page shows at most as many proposals as one save may create.
MAX_PROPOSALS = services.MAX_CITATIONS_PER_REQUEST


def can_import(user):
    return user.has_perm("claims.add_citation")


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete select, labelling its selected option from objects the page
    looked up once, instead of one query per widget."""

    instances = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.instances is None or not selected <= self.instances.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in sorted(selected):
            instance = self.instances[key]
            label = self.choices.field.label_from_instance(instance)
            options.append(self.create_option(name, instance.pk, label, selected, len(options)))
        return [(None, options, 0)]


class PrefetchedChoiceField(forms.ModelChoiceField):
    """A related object chosen by id, found among the page's looked-up objects when it is there."""

    def __init__(self, field_name, **kwargs):
        related = Citation._meta.get_field(field_name)
        kwargs.setdefault("widget", PrefetchedAutocompleteSelect(related, admin.site))
        super().__init__(queryset=related.related_model.objects.all(), **kwargs)
        self.instances = None

    def use(self, instances):
        self.instances = self.widget.instances = instances

    def to_python(self, value):
        if value not in self.empty_values and self.instances is not None and str(value) in self.instances:
            return self.instances[str(value)]
        return super().to_python(value)


def lookup(model, values):
    """str(pk) -> instance for the ids among `values`, in one query."""
    ids = {int(v) for v in values if isinstance(v, (str, int)) and str(v).isdigit() and len(str(v)) < 18}
    return {str(pk): obj for pk, obj in model.objects.in_bulk(ids).items()} if ids else {}


# --------------------------------------------------------------------------------------
# Step 1: the article
# --------------------------------------------------------------------------------------


class ArticleForm(forms.Form):
    article = forms.CharField(
        label="Article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "import-article-text"}),
        help_text=f"Paste the article's text, or the HTML of its page: at most {MAX_INPUT_CHARS:,} "
        "characters.",
    )
    format = forms.ChoiceField(
        label="Pasted as",
        choices=[("text", "Plain text"), ("html", "HTML (its main text is read)")],
        initial="text",
        widget=forms.RadioSelect,
    )
    published_on = forms.DateField(
        label="Published on",
        required=False,
        widget=AdminDateWidget,
        help_text="Resolves the days its sentences name (“on Tuesday”).",
    )
    publisher = PrefetchedChoiceField(
        "source",
        label="Published by",
        required=False,
        help_text="The outlet carrying the article: what it says was said to it (“told us”) is its report.",
    )
    publisher_name = forms.CharField(
        label="…or an outlet not in the sources",
        required=False,
        max_length=PUBLISHER_MAX_LENGTH,
    )
    url = forms.URLField(
        label="Article URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Given to each citation.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        publisher = cleaned.get("publisher")
        if publisher is not None and cleaned.get("publisher_name", "").strip():
            self.add_error("publisher_name", "Choose a source or write a name, not both.")
            return cleaned
        article = cleaned.get("article") or ""
        try:
            self.intake = propose_citations(
                **{cleaned.get("format") or "text": article},
                publisher=publisher.slug if publisher is not None else cleaned.get("publisher_name") or None,
                published_on=cleaned.get("published_on"),
            )
        except IntakeInputError as error:
            for field, problems in error.errors.items():
                for problem in problems:
                    self.add_error("article" if field in ("text", "html") else field, problem)
        return cleaned


# --------------------------------------------------------------------------------------
# Step 2: the proposals
# --------------------------------------------------------------------------------------


def source_key(name):
    """How proposals refer to a source the article names and no source matches (as the extractor
    tells its unknown sources apart)."""
    return normalize_name(name) or name


class NewSourceForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, strip=False)
    create = forms.BooleanField(label="Create", required=False)
    name = forms.CharField(label="Name", max_length=200, required=False)
    kind = forms.ChoiceField(label="Kind", choices=SourceKind.choices, initial=SourceKind.OTHER)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create") and not cleaned.get("name", "").strip():
            self.add_error("name", "Give the new source a name.")
        return cleaned


class ProposalForm(forms.Form):
    keep = forms.BooleanField(label="Keep", required=False)
    # Carried over from step 1, shown, not edited.
    sentence = forms.CharField(widget=forms.HiddenInput, strip=False)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False)
    date_hint = forms.CharField(widget=forms.HiddenInput, required=False)
    new_source = forms.CharField(widget=forms.HiddenInput, required=False)
    new_relies_on = forms.CharField(widget=forms.HiddenInput, required=False)

    source = PrefetchedChoiceField("source", label="Source", required=False)
    relies_on = PrefetchedChoiceField("relies_on", label="Relays", required=False)
    speaker = forms.CharField(label="Speaker", required=False, max_length=300)
    anonymous = forms.BooleanField(label="Anonymous speaker", required=False)
    quote = forms.CharField(label="Quote", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    claim = PrefetchedChoiceField("claim", label="Existing claim", required=False)
    statement = forms.CharField(
        label="…or a new claim", required=False, max_length=500, widget=forms.TextInput(attrs={"size": 60})
    )
    stance = forms.ChoiceField(label="Stance", required=False, choices=[("", "---------"), *Stance.choices])
    confidence = forms.ChoiceField(label="Confidence", required=False)
    published_on = forms.DateField(label="Date of the report", required=False, widget=AdminDateWidget)
    note = forms.CharField(label="Note", required=False, widget=forms.TextInput(attrs={"size": 60}))

    def __init__(self, *args, related=None, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        related = related or {}
        for name in ("source", "relies_on"):
            self.fields[name].use(related.get("source"))
        self.fields["claim"].use(related.get("claim"))
        self.levels = {level.slug: level for level in levels}
        self.fields["confidence"].choices = [("", "---------"), *((lv.slug, lv.name) for lv in levels)]

    def clean_sentence(self):
        return self.cleaned_data["sentence"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        cleaned["confidence"] = self.levels.get(cleaned.get("confidence"))
        if not cleaned.get("keep"):
            return cleaned
        if not cleaned.get("stance"):
            self.add_error("stance", "Choose how this report bears on the claim.")
        if cleaned.get("confidence") is None:
            self.add_error("confidence", "Choose the weight to give this report.")
        has_claim, has_statement = (
            cleaned.get("claim") is not None,
            bool(cleaned.get("statement", "").strip()),
        )
        if has_claim == has_statement:
            self.add_error("claim", "Choose an existing claim or write a new statement, one of the two.")
        source, relies_on = cleaned.get("source"), cleaned.get("relies_on")
        if source is not None and source == relies_on:
            self.add_error("relies_on", "A citation cannot relay its own source.")
        return cleaned

    def highlighted_sentence(self):
        """The sentence with the quote marked: the whole quote where the sentence has it, else
        each of its sentences (a quote joined from two quotations, say) that the sentence has."""
        return highlight(self["sentence"].value() or "", self["quote"].value() or "")

    def new_source_name(self):
        return self["source_name"].value() if self["new_source"].value() else ""


def highlight(sentence, quote):
    """The sentence, escaped, with the quote's words in <mark>."""
    parts, last = [], 0
    for start, end in quote_spans(sentence, quote):
        parts.append(format_html("{}<mark>{}</mark>", sentence[last:start], sentence[start:end]))
        last = end
    parts.append(conditional_escape(sentence[last:]))
    return mark_safe("".join(parts))


QUOTE_EDGES = " \"“”'‘’«»"


def quote_spans(sentence, quote):
    """Where the quote is in the sentence: the whole of it, or else each of its sentences in turn."""

    def find(piece, pos):
        piece = piece.strip(QUOTE_EDGES).rstrip(".,;:").strip(QUOTE_EDGES)
        if not piece:
            return None
        at = sentence.find(piece, pos)
        if at < 0 and len(sentence.lower()) == len(sentence) and len(piece.lower()) == len(piece):
            at = sentence.lower().find(piece.lower(), pos)
        return (at, at + len(piece)) if at >= 0 else None

    whole = find(quote, 0)
    if whole is not None:
        return [whole]
    spans = []
    for piece in re.split(r"(?<=[.!?])\s+", quote.strip()):
        span = find(piece, spans[-1][1] if spans else 0)
        if span is not None:
            spans.append(span)
    return spans


class ProposalFormSet(forms.BaseFormSet):
    def __init__(self, *args, related=None, levels=(), **kwargs):
        self.related, self.levels = related, levels
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"related": self.related, "levels": self.levels}


ProposalForms = forms.formset_factory(
    ProposalForm, formset=ProposalFormSet, extra=0, max_num=MAX_PROPOSALS, absolute_max=MAX_PROPOSALS
)
NewSourceForms = forms.formset_factory(
    NewSourceForm, extra=0, max_num=MAX_PROPOSALS, absolute_max=MAX_PROPOSALS
)


class ContextForm(forms.Form):
    """What applies to every proposal of the article."""

    url = forms.URLField(widget=forms.HiddenInput, required=False, max_length=500, assume_scheme="https")


class ImportForms:
    """Step 2's forms together: the proposals, the new sources they name, and the article's URL."""

    def __init__(self, data=None, *, initial_rows=None, initial_sources=None, url="", sources=None):
        """Bound to `data` (a POST), or with the initial rows and the sources they name."""
        levels = list(ConfidenceLevel.objects.order_by("-rank"))
        if data is not None:
            related = {
                "source": lookup(
                    Source, [v for k, v in data.items() if k.endswith(("-source", "-relies_on"))]
                ),
                "claim": lookup(Claim, [v for k, v in data.items() if k.endswith("-claim")]),
            }
        else:
            related = {"source": {str(source.pk): source for source in sources or ()}, "claim": {}}
        self.proposals = ProposalForms(
            data, initial=initial_rows, prefix="proposal", related=related, levels=levels
        )
        self.new_sources = NewSourceForms(data, initial=initial_sources, prefix="newsource")
        self.context = ContextForm(data, initial={"url": url}, prefix="article")
        self.errors = []

    @property
    def media(self):
        return self.proposals.media + self.new_sources.media

    def is_valid(self):
        return all([self.proposals.is_valid(), self.new_sources.is_valid(), self.context.is_valid()])

    def kept(self):
        return [form for form in self.proposals.forms if form.cleaned_data.get("keep")]

    def service_arguments(self, user):
        """The rows and new sources for import_citations; None (with errors on the forms) when the
        choices do not fit together."""
        created = {
            form.cleaned_data["key"]: form.cleaned_data
            for form in self.new_sources.forms
            if form.cleaned_data.get("create")
        }
        if created and not user.has_perm("sources.add_source"):
            self.errors.append("You may not create sources: untick “Create” and choose existing ones.")
        rows, ok = [], not self.errors
        for form in self.kept():
            data = form.cleaned_data
            source = data.get("source")
            if source is None and data.get("new_source") in created:
                source = data["new_source"]
            if source is None:
                hint = (
                    f" or tick “Create” for “{data['source_name']}” under New sources"
                    if data["new_source"]
                    else ""
                )
                form.add_error("source", f"Choose the source{hint}.")
            relies_on = data.get("relies_on")
            if relies_on is None and data.get("new_relies_on") in created:
                relies_on = data["new_relies_on"]
            if data.get("claim") is None and not user.has_perm("claims.add_claim"):
                form.add_error("statement", "You may not create claims: choose an existing one.")
            ok = ok and not form.errors
            rows.append(
                {
                    "claim": data.get("claim"),
                    "statement": data.get("statement", ""),
                    "source": source,
                    "relies_on": relies_on,
                    "url": self.context.cleaned_data.get("url", ""),
                    **{name: data.get(name) for name in ("stance", "confidence", "speaker", "anonymous")},
                    **{name: data.get(name) for name in ("quote", "published_on", "note")},
                }
            )
        if not rows and ok:
            self.errors.append("Tick “Keep” on at least one proposal.")
            ok = False
        if not ok:
            return None
        new_sources = [
            {"key": key, "name": " ".join(spec["name"].split()), "kind": spec["kind"]}
            for key, spec in created.items()
        ]
        return {"rows": rows, "new_sources": new_sources}

    def show_rejection(self, rejected):
        """Put a service's refusal back on the forms it came from."""
        kept = self.kept()
        self.errors += rejected.general
        for position, errors in rejected.rows.items():
            form = kept[position]
            for name, problems in errors.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        by_key = {form.cleaned_data.get("key"): form for form in self.new_sources.forms}
        for key, errors in rejected.sources.items():
            form = by_key.get(key)
            for name, problems in errors.items():
                for problem in problems:
                    if form is None:
                        self.errors.append(f"New source “{key}”: {problem}")
                    else:
                        form.add_error(name if name in form.fields else None, problem)


def initial_step_two(intake, url=""):
    """Step 2's forms for an article's proposals, as the extractor made them."""
    attributions = intake.attributions[:MAX_PROPOSALS]
    slugs = {a.source for a in attributions} | {a.relies_on for a in attributions}
    by_slug = {source.slug: source for source in Source.objects.filter(slug__in=slugs - {None})}

    def pk(slug):
        return by_slug[slug].pk if slug in by_slug else None

    rows = [
        {
            "sentence": a.sentence,
            "source_name": a.source_name,
            "date_hint": a.date_hint or "",
            "new_source": source_key(a.source_name) if a.source is None else "",
            "new_relies_on": source_key(a.relies_on_name) if a.relies_on_name else "",
            "source": pk(a.source),
            "relies_on": pk(a.relies_on),
            "speaker": a.speaker,
            "anonymous": a.anonymous,
            "quote": a.quote,
            "published_on": a.published_on,
            "note": f"Imported from an article; date inferred from “{a.date_hint}”." if a.date_hint else "",
        }
        for a in attributions
    ]
    sources = [
        {"key": source_key(name), "name": name, "kind": SourceKind.OTHER} for name in intake.unknown_sources
    ]
    forms_ = ImportForms(initial_rows=rows, initial_sources=sources, url=url, sources=by_slug.values())
    return forms_, len(intake.attributions)


# --------------------------------------------------------------------------------------
# The view
# --------------------------------------------------------------------------------------


def import_article_view(model_admin, request):
    if not can_import(request.user):
        raise PermissionDenied
    step = request.POST.get("step") if request.method == "POST" else None
    article_form, forms_, found = ArticleForm(prefix="article"), None, 0
    if step == "propose":
        article_form = ArticleForm(request.POST, prefix="article")
        if article_form.is_valid():
            forms_, found = initial_step_two(
                article_form.intake, url=article_form.cleaned_data.get("url") or ""
            )
    elif step == "save":
        forms_ = ImportForms(request.POST)
        if forms_.is_valid() and (arguments := forms_.service_arguments(request.user)) is not None:
            try:
                with transaction.atomic():
                    result = services.import_citations(**arguments, user=request.user)
            except services.ImportRejected as rejected:
                forms_.show_rejection(rejected)
            except ValidationError as error:  # found while writing: all of it was rolled back
                forms_.errors += error.messages
            else:
                model_admin.message_user(request, saved_message(result), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_claim_changelist"))
        found = len(forms_.proposals.forms)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import an article",
        "subtitle": "Step 2 of 2: keep the right proposals"
        if forms_ is not None
        else "Step 1 of 2: paste it",
        "article_form": article_form,
        "forms": forms_,
        "found": found,
        "shown": len(forms_.proposals.forms) if forms_ is not None else 0,
        "media": model_admin.media
        + article_form.media
        + (forms_.media if forms_ is not None else forms.Media()),
        "has_view_permission": model_admin.has_view_permission(request),
    }
    return TemplateResponse(request, TEMPLATE, context)


def saved_message(result):
    claims = [*result.created_claims, *result.updated_claims]
    links = format_html_join(
        ", ", '<a href="{}">{}</a>', ((claim.get_absolute_url(), claim.statement) for claim in claims)
    )
    return format_html("{} {}", result.describe(), links)
