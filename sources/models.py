from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.models import ValidatedModel
from common.slugs import unique_slug


class SourceQuerySet(models.QuerySet):
    def by_slug(self, slugs):
        """{slug: source} for these slugs, in one query: what a page names its sources with."""
        return {
            source.slug: source
            for source in self.filter(slug__in=list(slugs)).only("slug", "name", "reliability")
        }

    def with_claim_counts(self):
        """Each source's number of distinct claims it has cited on, in one aggregate query."""
        return self.annotate(claim_count=models.Count("citations__claim", distinct=True))

    def with_stance_mix(self):
        """Claim counts and active citations by stance on published claims, for the sources list."""
        on_published = models.Q(citations__claim__status="published")
        active = on_published & models.Q(citations__retracted=False)
        return self.annotate(
            claim_count=models.Count("citations__claim", filter=on_published, distinct=True),
            supports_count=models.Count("citations", filter=active & models.Q(citations__stance="supports")),
            disputes_count=models.Count("citations", filter=active & models.Q(citations__stance="disputes")),
            qualifies_count=models.Count(
                "citations", filter=active & models.Q(citations__stance="qualifies")
            ),
        ).order_by("name")


class SourceKind(models.TextChoices):
    OUTLET = "outlet", "News outlet"
    RESEARCH = "research", "Research institute"
    GOVERNMENT = "government", "Government"
    MILITARY = "military", "Military"
    NGO = "ngo", "NGO"
    INDIVIDUAL = "individual", "Individual"
    OTHER = "other", "Other"


class Reliability(models.TextChoices):
    # The Admiralty (NATO) source-reliability grades.
    A = "A", "A · completely reliable"
    B = "B", "B · usually reliable"
    C = "C", "C · fairly reliable"
    D = "D", "D · not usually reliable"
    E = "E", "E · unreliable"
    F = "F", "F · cannot be judged"


class Source(ValidatedModel):
    Kind = SourceKind
    Reliability = Reliability

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Left blank, it is made from the name."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    url = models.URLField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    reliability = models.CharField(
        max_length=1, choices=Reliability.choices, default=Reliability.F, db_index=True
    )
    reliability_note = models.TextField(blank=True, help_text="Why this grade.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values),
                name="source_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(reliability__in=Reliability.values),
                name="source_reliability_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sources:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, fallback="source", exclude_pk=self.pk)
        super().save(*args, **kwargs)
