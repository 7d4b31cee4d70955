from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from sources.models import EDITABLE_FIELDS, Source

from . import admin_import, services, verdicts
from .models import (
    Citation,
    Claim,
    ClaimRelation,
    ClaimStatus,
    ConfidenceLevel,
    Question,
    QuestionHypothesis,
    RelationKind,
    Topic,
)
from .services.relations import cycle_message

STALE_MESSAGE = (
    "Someone else changed this claim or its citations (now version {current}) since you opened it "
    "(version {seen}). Your changes were not saved. "
    '<a href="">Reload the page</a> to see theirs, then make your edit again.'
)


class ServiceWritesMixin:
    """Admin pages whose every save, deletion, bulk action and history Revert runs through
    claims.services, and is run again when it loses a deadlock to a concurrent write."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        parent = super().changeform_view
        return self.retried(request, lambda: parent(request, object_id, form_url, extra_context))

    def changelist_view(self, request, extra_context=None):
        parent = super().changelist_view
        return self.retried(request, lambda: parent(request, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        parent = super().delete_view
        return self.retried(request, lambda: parent(request, object_id, extra_context))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's Revert saves outside a transaction; the services and the version
        # guard's row lock need one, and the whole revert must land or not at all.
        parent = super().history_form_view
        request.reverting_to_history = True

        def revert():
            with transaction.atomic():
                return parent(request, object_id, version_id, extra_context)

        return self.retried(request, revert)

    @staticmethod
    def retried(request, view):
        return services.retry_on_conflict(view) if request.method == "POST" else view()

    @staticmethod
    def changed_fields(request, form, change):
        """What the save writes: the fields the analyst changed; every field for a new object or a
        Revert (which restores a whole version)."""
        if not change or getattr(request, "reverting_to_history", False):
            return None
        return form.changed_data


class ClaimVersionGuardForm(forms.ModelForm):
    """Refuses a save when the claim changed since the form was opened (no lost edits).

    The claim's version goes up on every save of the claim or any of its citations, so one hidden
    number guards the claim, its inline citations and a citation edited on its own. The admin wraps
    the whole save in a transaction, so the row lock taken here holds until the save is done.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def guarded_claim_id(self):
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        claim_id = self.guarded_claim_id()
        if claim_id is not None:
            self.fields["seen_version"].initial = Claim.objects.values_list("version", flat=True).get(
                pk=claim_id
            )

    def clean(self):
        cleaned = super().clean()
        claim_id = self.guarded_claim_id()
        seen = cleaned.get("seen_version")
        if claim_id is not None and seen is not None:
            current = Claim.objects.select_for_update().values_list("version", flat=True).get(pk=claim_id)
            if current != seen:
                raise forms.ValidationError(
                    format_html(STALE_MESSAGE, current=current, seen=seen), code="stale"
                )
        return cleaned


class ClaimAdminForm(ClaimVersionGuardForm):
    allow_duplicate = forms.BooleanField(
        required=False,
        label="Save anyway",
        help_text="Tick when another claim makes the same statement and this one is still different.",
    )

    class Meta:
        model = Claim
        fields = ["statement", "context", "topics", "status", "confidence"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3, "cols": 90})}

    def guarded_claim_id(self):
        return self.instance.pk

    def clean(self):
        cleaned = super().clean()
        if "statement" in self.changed_data and not cleaned.get("allow_duplicate"):
            existing = (
                Claim.objects.with_statement(cleaned.get("statement", ""))
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing is not None:
                self.add_error(
                    "statement",
                    format_html(
                        'Another claim already makes this statement: <a href="{}">{}</a>. Cite it there, or '
                        "tick “Save anyway” below if this claim is different.",
                        reverse("admin:claims_claim_change", args=[existing.pk]),
                        existing.statement,
                    ),
                )
        return cleaned


class CitationFormSet(forms.BaseInlineFormSet):
    """The same report (source, stance and quote) twice on one claim is an error on the form."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if (
                not form.has_changed()
                and form.instance.pk is None
                or self.can_delete
                and self._should_delete_form(form)
            ):
                continue
            data = form.cleaned_data
            if not data.get("source") or not data.get("stance"):
                continue
            quote = data.get("quote") or ""
            key = (data["source"].pk, data["stance"], quote, "" if quote else data.get("url") or "")
            if key in seen:
                form.add_error(
                    "quote", "This repeats another citation of this claim: the same source, stance and quote."
                )
            seen.add(key)


class CitationAdminForm(ClaimVersionGuardForm):
    class Meta:
        model = Citation
        fields = Citation.EDITABLE_FIELDS

    def guarded_claim_id(self):
        return self.instance.claim_id if self.instance.pk else None


class CitationInline(admin.StackedInline):
    model = Citation
    formset = CitationFormSet
    extra = 1
    # Short text boxes keep several citations on one screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 90})}}
    autocomplete_fields = ["source", "relies_on"]
    show_change_link = True
    # What every citation needs in view; the rest folds away (each inline's header is its
    # one-line summary, Citation.__str__), so a claim with many citations stays one screen or two.
    fieldsets = [
        (None, {"fields": [("source", "stance", "confidence"), "quote", ("speaker", "anonymous")]}),
        (
            "Date, link, relay, informant, retraction",
            {
                "classes": ["collapse"],
                "fields": [
                    ("published_on", "url"),
                    ("relies_on", "informant"),
                    "note",
                    ("retracted", "retracted_on", "retraction_reason"),
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "relies_on", "confidence")


class KeptFormsMixin:
    """What an inline formset keeps: its filled-in forms not marked for deletion, in form order."""

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not (self.can_delete and self._should_delete_form(form))
        ]


class RelationFormSet(KeptFormsMixin, BaseInlineFormSet):
    """A claim's relations to others, checked as a whole: none to itself, no circle of duplicates."""

    def wanted_relations(self):
        return [(form.cleaned_data["kind"], form.cleaned_data["to_claim"]) for form in self.kept_forms()]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        claim = self.instance
        wanted = self.wanted_relations()
        if claim.pk is not None and any(other.pk == claim.pk for _, other in wanted):
            raise ValidationError("A claim cannot relate to itself.")
        duplicate_of = [other for kind, other in wanted if kind == RelationKind.DUPLICATES]
        cycle = services.duplicate_cycle(claim, duplicate_of) if duplicate_of else None
        if cycle:
            raise ValidationError(cycle_message(cycle))


class ClaimRelationInline(admin.TabularInline):
    """The relations this claim holds to others; those others hold to it are on their pages."""

    model = ClaimRelation
    fk_name = "from_claim"
    formset = RelationFormSet
    extra = 1
    autocomplete_fields = ["to_claim"]
    fields = ["kind", "to_claim"]
    verbose_name = "relation to another claim"
    verbose_name_plural = "relations to other claims (contradicts, refines, duplicates)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("to_claim")


@admin.register(Claim)
class ClaimAdmin(ServiceWritesMixin, SimpleHistoryAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = [
        "statement",
        "status",
        "consensus",
        "agree_count",
        "disagree_count",
        "qualify_count",
        "origins",
        "confidence",
        "updated_at",
    ]
    list_filter = ["status", "topics", "confidence", "consensus_label"]
    search_fields = ["statement"]
    list_select_related = ["confidence"]
    autocomplete_fields = ["topics"]
    readonly_fields = ["slug", "version", "consensus_summary", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "statement",
                    "allow_duplicate",
                    "context",
                    "topics",
                    "status",
                    "confidence",
                    "seen_version",
                ]
            },
        ),
        ("Consensus", {"fields": ["consensus_summary"]}),
        ("Record", {"fields": ["slug", "version", "created_by", "created_at", "updated_at"]}),
    ]
    inlines = [CitationInline, ClaimRelationInline]
    actions = ["publish", "withdraw"]
    form = ClaimAdminForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # A check the form passed failed in the service, against a write committed meanwhile
            # (another analyst closing a circle of duplicates): nothing was saved; say why.
            if request.method != "POST":
                raise
            self.message_user(request, "Nothing was saved: " + " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.display(description="Consensus", ordering="consensus_label")
    def consensus(self, claim):
        return format_html(
            '<span data-consensus="{}">{}</span>', claim.consensus_label, claim.get_consensus_label_display()
        )

    @admin.display(description="Agree")
    def agree_count(self, claim):
        return len(claim.consensus["agree"])

    @admin.display(description="Disagree")
    def disagree_count(self, claim):
        return len(claim.consensus["disagree"])

    @admin.display(description="Qualify")
    def qualify_count(self, claim):
        return len(claim.consensus["qualify"])

    @admin.display(description="Origins")
    def origins(self, claim):
        return claim.consensus["independent_origins"]

    @admin.display(description="Consensus")
    def consensus_summary(self, claim):
        if claim.pk is None:
            return "Computed from the citations when the claim is saved."
        citations = list(claim.citations.select_related("source", "relies_on"))
        names = verdicts.source_names(citations)
        consensus = claim.consensus
        return format_html(
            "{}<br>{}",
            verdicts.verdict_sentence(consensus, claim.votes, names),
            format_html_join(" ", "{}", ((sentence,) for sentence in verdicts.sensitivity(consensus, names))),
        )

    def save_model(self, request, obj, form, change):
        # A Revert saves the claim alone; a normal save waits for save_related, where the claim,
        # its topics and its inline citations go to the service together: one transaction,
        # one consensus computation.
        if getattr(request, "reverting_to_history", False):
            self.save_claim(request, form, change)

    def save_related(self, request, form, formsets, change):
        changes, deleted, relations = [], [], None
        for formset in formsets:
            if formset.model is ClaimRelation:
                # The service replaces the claim's relations as a whole, when any of them changed.
                formset.save(commit=False)
                if formset.has_changed():
                    relations = formset.wanted_relations()
                continue
            formset.save(commit=False)  # builds the instances; the service writes them
            changes += [(citation, None) for citation in formset.new_objects]
            changes += [(citation, fields) for citation, fields in formset.changed_objects]
            deleted += formset.deleted_objects
        self.save_claim(
            request, form, change, citation_changes=changes, deleted_citations=deleted, relations=relations
        )

    def save_claim(self, request, form, change, **related):
        fields = self.changed_fields(request, form, change)
        services.save_claim(
            claim=form.instance,
            fields=fields,
            topics=form.cleaned_data["topics"] if fields is None or "topics" in fields else None,
            expected_version=form.cleaned_data.get("seen_version"),
            user=request.user,
            allow_duplicate=form.cleaned_data.get("allow_duplicate", False),
            **related,
        )

    def delete_model(self, request, obj):
        services.delete_claims(claims=Claim.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_claims(claims=queryset)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_article_view)
        return [path("import/", view, name="claims_claim_import"), *super().get_urls()]

    def import_article_view(self, request):
        """Import an article: paste it, keep the right proposed citations, save them at once."""
        return self.retried(request, lambda: admin_import.import_article_view(self, request))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_articles": admin_import.can_import(request.user),
        }
        pending = services.pending_count() if request.method == "GET" else 0
        if pending:
            self.message_user(
                request,
                f"{pending:,} claim{'s are' if pending != 1 else ' is'} being recomputed after a change "
                "of a source's grade or a confidence weight; their verdicts update within seconds.",
                messages.INFO,
            )
        return super().changelist_view(request, extra_context)

    @admin.action(description="Publish selected claims", permissions=["change"])
    def publish(self, request, queryset):
        changed = services.set_status(claims=queryset, status=ClaimStatus.PUBLISHED, user=request.user)
        self.message_user(request, f"Published {changed} claim(s).", messages.SUCCESS)

    @admin.action(description="Withdraw selected claims", permissions=["change"])
    def withdraw(self, request, queryset):
        changed = services.set_status(claims=queryset, status=ClaimStatus.WITHDRAWN, user=request.user)
        self.message_user(request, f"Withdrew {changed} claim(s).", messages.SUCCESS)


@admin.register(Citation)
class CitationAdmin(ServiceWritesMixin, SimpleHistoryAdmin):
    list_display = ["claim", "source", "stance", "confidence", "published_on", "retracted"]
    list_filter = ["stance", "retracted", "confidence", "source__kind"]
    search_fields = ["quote", "speaker", "claim__statement", "source__name"]
    list_select_related = ["claim", "source", "confidence"]
    autocomplete_fields = ["claim", "source", "relies_on"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    form = CitationAdminForm

    actions = ["share_informant"]

    def save_model(self, request, obj, form, change):
        services.save_citation(
            citation=obj, user=request.user, fields=self.changed_fields(request, form, change)
        )

    @admin.action(description="Mark as one informant (they count as one origin)", permissions=["change"])
    def share_informant(self, request, queryset):
        key = services.share_informant(citations=queryset, user=request.user)
        self.message_user(
            request,
            f"{queryset.count()} citations now share the informant “{key}”: on each claim they count "
            "as one origin.",
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        services.delete_citations(citations=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_citations(citations=list(queryset), user=request.user)


class VocabularyMixin(ServiceWritesMixin):
    """Sources, confidence levels and topics: saved through the services, which recompute the
    claims a grade, weight or name feeds and say how many."""

    def save_model(self, request, obj, form, change):
        fields = self.changed_fields(request, form, change)
        recomputation = self.save_service(obj, fields=fields, user=request.user)
        if recomputation.claims:
            self.message_user(request, f"{obj}: {recomputation.describe()}.", messages.INFO)

    def delete_model(self, request, obj):
        services.delete_vocabulary(instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_vocabulary(instance=obj)


@admin.register(ConfidenceLevel)
class ConfidenceLevelAdmin(VocabularyMixin, SimpleHistoryAdmin):
    list_display = ["name", "rank", "weight"]
    ordering = ["-rank"]
    prepopulated_fields = {"slug": ["name"]}

    def save_service(self, level, **options):
        return services.save_confidence_level(level=level, **options)


@admin.register(Topic)
class TopicAdmin(VocabularyMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_service(self, topic, **options):
        return services.save_topic(topic=topic, **options)


class AliasesField(forms.Field):
    """A source's aliases as one per line; the model's clean() holds the rule they must meet."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(alias) for alias in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)


class SourceAdminForm(forms.ModelForm):
    aliases = AliasesField(
        required=False,
        help_text="One per line: other names articles use for this source (“ISW”, “the Journal”). "
        "An imported article's names are matched to them ignoring case, punctuation and a leading “the”.",
    )

    class Meta:
        model = Source
        fields = list(EDITABLE_FIELDS)


@admin.register(Source)
class SourceAdmin(VocabularyMixin, SimpleHistoryAdmin):
    form = SourceAdminForm
    list_display = ["name", "kind", "reliability", "country", "claim_count"]
    list_filter = ["kind", "reliability"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "kind", "url", "country", "description"]}),
        ("Reliability", {"fields": ["reliability", "reliability_note"]}),
    ]

    def get_queryset(self, request):
        # Aggregation drops the model's default ordering; autocomplete needs a stable one.
        return super().get_queryset(request).with_claim_counts().order_by("name")

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, source):
        return source.claim_count

    def save_service(self, source, **options):
        return services.save_source(source=source, **options)


class HypothesisFormSet(KeptFormsMixin, BaseInlineFormSet):
    def ordered_claims(self):
        """The hypotheses in the order of their positions (ties: as listed)."""
        kept = self.kept_forms()
        ordered = sorted(
            enumerate(kept), key=lambda item: (item[1].cleaned_data.get("position") or 0, item[0])
        )
        return [form.cleaned_data["claim"] for _, form in ordered]

    def clean(self):
        super().clean()
        if not any(self.errors) and len(self.kept_forms()) > services.MAX_HYPOTHESES:
            raise ValidationError(f"A question has at most {services.MAX_HYPOTHESES} hypotheses.")


class HypothesisForm(forms.ModelForm):
    class Meta:
        model = QuestionHypothesis
        fields = ["position", "claim"]
        help_texts = {"position": "Order on the board: 1 first. The service numbers them 1, 2, 3… on save."}

    def _get_validation_exclusions(self):
        # Positions are only an order: equal ones keep the order listed, and the service renumbers
        # them, so two rows left at 1 are not a uniqueness error.
        return {*super()._get_validation_exclusions(), "position"}


class QuestionHypothesisInline(admin.TabularInline):
    model = QuestionHypothesis
    form = HypothesisForm
    formset = HypothesisFormSet
    extra = 3
    autocomplete_fields = ["claim"]
    fields = ["position", "claim"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")


@admin.register(Question)
class QuestionAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["text", "hypothesis_count", "updated_at"]
    list_filter = ["topics"]
    search_fields = ["text"]
    autocomplete_fields = ["topics"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    fields = ["text", "topics", "slug", "created_by", "created_at", "updated_at"]
    inlines = [QuestionHypothesisInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(hypothesis_total=models.Count("entries"))

    @admin.display(description="Hypotheses", ordering="hypothesis_total")
    def hypothesis_count(self, question):
        return question.hypothesis_total

    def save_model(self, request, obj, form, change):
        pass  # saved with its hypotheses in save_related, through the service

    def save_related(self, request, form, formsets, change):
        hypotheses = None
        for formset in formsets:
            formset.save(commit=False)
            if not change or formset.has_changed():
                hypotheses = formset.ordered_claims()
        fields = self.changed_fields(request, form, change)
        services.save_question(
            question=form.instance,
            fields=fields,
            topics=form.cleaned_data["topics"] if fields is None or "topics" in fields else None,
            hypotheses=hypotheses,
            user=request.user,
        )

    def delete_model(self, request, obj):
        services.delete_questions(questions=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_questions(questions=list(queryset))
