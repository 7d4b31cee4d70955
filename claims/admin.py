from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Citation, Claim, ClaimStatus, ConfidenceLevel, Topic

STALE_MESSAGE = (
    "Someone else changed this claim or its citations (now version {current}) since you opened it "
    "(version {seen}). Your changes were not saved. "
    '<a href="">Reload the page</a> to see theirs, then make your edit again.'
)


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
    class Meta:
        model = Claim
        fields = ["statement", "context", "topics", "status", "confidence"]

    def guarded_claim_id(self):
        return self.instance.pk


class CitationAdminForm(ClaimVersionGuardForm):
    class Meta:
        model = Citation
        fields = Citation.EDITABLE_FIELDS

    def guarded_claim_id(self):
        return self.instance.claim_id if self.instance.pk else None


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 1
    # Short text boxes keep several citations on one screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 90})}}
    autocomplete_fields = ["source", "relies_on"]
    show_change_link = True
    fields = [
        ("source", "stance", "confidence"),
        "quote",
        ("speaker", "anonymous"),
        ("relies_on", "published_on"),
        "url",
        "note",
        ("retracted", "retraction_reason"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "relies_on", "confidence")


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
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
        (None, {"fields": ["statement", "context", "topics", "status", "confidence", "seen_version"]}),
        ("Consensus", {"fields": ["consensus_summary"]}),
        ("Record", {"fields": ["slug", "version", "created_by", "created_at", "updated_at"]}),
    ]
    inlines = [CitationInline]
    actions = ["publish", "withdraw"]
    form = ClaimAdminForm

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
        data = claim.consensus
        return format_html(
            "<strong>{}</strong> (score {}) · {} independent origin(s)<br>"
            "Agree: {} · Disagree: {} · Qualify: {}",
            claim.get_consensus_label_display(),
            f"{data['score']:+.2f}",
            data["independent_origins"],
            ", ".join(data["agree"]) or "none",
            ", ".join(data["disagree"]) or "none",
            ", ".join(data["qualify"]) or "none",
        )

    def save_model(self, request, obj, form, change):
        services.save_claim(claim=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        for citation_form in formset.forms:
            if citation_form.instance.pk is None and citation_form.has_changed():
                citation_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.action(description="Publish selected claims", permissions=["change"])
    def publish(self, request, queryset):
        changed = services.set_status(claims=queryset, status=ClaimStatus.PUBLISHED)
        self.message_user(request, f"Published {changed} claim(s).", messages.SUCCESS)

    @admin.action(description="Withdraw selected claims", permissions=["change"])
    def withdraw(self, request, queryset):
        changed = services.set_status(claims=queryset, status=ClaimStatus.WITHDRAWN)
        self.message_user(request, f"Withdrew {changed} claim(s).", messages.SUCCESS)


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "source", "stance", "confidence", "published_on", "retracted"]
    list_filter = ["stance", "retracted", "confidence", "source__kind"]
    search_fields = ["quote", "speaker", "claim__statement", "source__name"]
    list_select_related = ["claim", "source", "confidence"]
    autocomplete_fields = ["claim", "source", "relies_on"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    form = CitationAdminForm

    def save_model(self, request, obj, form, change):
        services.save_citation(citation=obj, user=request.user)


@admin.register(ConfidenceLevel)
class ConfidenceLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "rank", "weight"]
    ordering = ["-rank"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
