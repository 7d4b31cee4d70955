from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "reliability", "country", "claim_count"]
    list_filter = ["kind", "reliability"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "url", "country", "description"]}),
        ("Reliability", {"fields": ["reliability", "reliability_note"]}),
    ]

    def get_queryset(self, request):
        # Aggregation drops the model's default ordering; autocomplete needs a stable one.
        return super().get_queryset(request).with_claim_counts().order_by("name")

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, source):
        return source.claim_count
