import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.links import slug_url
from common.models import ValidatedModel
from common.slugs import unique_slug

from . import consensus as consensus_rules
from .choices import REFINED_BY, ClaimStatus, ConsensusLabel, RelationKind, Stance  # noqa: F401
from .querysets import (
    DERIVED_FIELDS,
    CitationQuerySet,
    ClaimQuerySet,
    QuestionHypothesisQuerySet,
    QuestionQuerySet,
)
from .search import STOP_WORDS, search_words  # noqa: F401  (read by migrations and tests)


class ConfidenceLevel(ValidatedModel):
    """The ordered scale analysts grade with (after the US ICD 203 confidence levels)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    rank = models.IntegerField(unique=True, help_text="Higher is more confident.")
    weight = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="From 0 to 1: how much a citation at this level counts in the consensus score.",
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=1),
                name="confidence_weight_between_0_and_1",
                violation_error_message="The weight must be between 0 and 1.",
            ),
        ]

    def __str__(self):
        return self.name


class Topic(ValidatedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("claims:topic", self.slug)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name, fallback="topic", exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Claim(ValidatedModel):
    Status = ClaimStatus

    statement = models.CharField(max_length=500, help_text="One sentence: the proposition itself.")
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    context = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT, db_index=True
    )
    confidence = models.ForeignKey(
        ConfidenceLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The analysts' overall confidence that the claim is true.",
    )
    # Bumped on every change to the claim or its citations: optimistic concurrency and ETags.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Derived from the citations by claims.services; stored so that lists can filter,
    # sort and show agreement without loading every citation.
    consensus_label = models.CharField(
        max_length=20,
        choices=ConsensusLabel.choices,
        default=ConsensusLabel.UNSOURCED,
        editable=False,
        db_index=True,
    )
    consensus_score = models.FloatField(default=0.0, editable=False, db_index=True)
    # Best supported first: label, then origins, then score, as one sortable number.
    consensus_rank = models.BigIntegerField(default=0, editable=False)
    # How many origins would have to fall away to change the label (1 to 3; null: more, or none).
    consensus_robustness = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, db_index=True
    )
    consensus_data = models.JSONField(default=dict, editable=False, blank=True)
    last_reported_on = models.DateField(null=True, blank=True, editable=False)
    search_document = models.TextField(blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=list(DERIVED_FIELDS))
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(consensus_label__in=ConsensusLabel.values),
                name="claim_consensus_label_valid",
            ),
            models.CheckConstraint(
                condition=Q(consensus_score__gte=-1) & Q(consensus_score__lte=1),
                name="claim_consensus_score_in_range",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_blank"),
        ]
        # The lists' two orders in full, id included: a page is found by walking one of these
        # alone, without reading the claims it passes over (ClaimQuerySet.page_window).
        indexes = [
            models.Index(fields=["status", "-updated_at", "-id"], name="claim_status_updated_id_idx"),
            models.Index(fields=["status", "consensus_label"], name="claim_status_label_idx"),
            models.Index(
                fields=["status", "-consensus_rank", "-updated_at", "-id"], name="claim_status_rank_order_idx"
            ),
            # Whether a claim met through a topic is published, from the index alone: a reader's
            # count of a topic's claims (migration 0015).
            models.Index(
                fields=["id"], condition=Q(status=ClaimStatus.PUBLISHED), name="claim_published_id_idx"
            ),
        ]

    def __str__(self):
        return self.statement

    def get_absolute_url(self):
        return slug_url("claims:detail", self.slug)

    def save(self, *args, **kwargs):
        # Versions, consensus and search text are the services' business (claims.services): a
        # plain save() writes the row and nothing else; recompute_consensus repairs after one.
        if not self.slug:
            self.slug = unique_slug(Claim, self.statement, fallback="claim", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def consensus(self):
        """The stored consensus in its public shape (see consensus.Consensus.as_dict)."""
        stored = self.consensus_data or {}
        return {
            "label": self.consensus_label,
            "score": self.consensus_score,
            "independent_origins": stored.get("independent_origins", 0),
            "agree": stored.get("agree", []),
            "disagree": stored.get("disagree", []),
            "qualify": stored.get("qualify", []),
            "pivotal": stored.get("pivotal", []),
            "pivotal_effects": stored.get("pivotal_effects", {}),
            "robustness": self.consensus_robustness,
            "warnings": stored.get("warnings", []),
        }

    @property
    def votes(self):
        """Each origin's vote, as stored: {"origin", "stance", "weight", "sources"}."""
        return (self.consensus_data or {}).get("votes", [])

    @property
    def stance_weights(self):
        """The total weight of the votes behind each stance."""
        totals = dict.fromkeys(consensus_rules.STANCES, 0.0)
        for vote in self.votes:
            totals[vote["stance"]] += vote["weight"]
        return totals

    def compute_consensus(self):
        """Freshly computed from the citations (uses the prefetched ones when present)."""
        return consensus_rules.compute_consensus(c.as_report() for c in self.citations.all())


class Citation(ValidatedModel):
    Stance = Stance
    # What an analyst or a script sets on a citation, in display order (admin form and API).
    EDITABLE_FIELDS = [
        "claim",
        "source",
        "stance",
        "confidence",
        "quote",
        "speaker",
        "anonymous",
        "relies_on",
        "url",
        "published_on",
        "informant",
        "note",
        "retracted",
        "retracted_on",
        "retraction_reason",
    ]

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="citations")
    stance = models.CharField(max_length=10, choices=Stance.choices, db_index=True)
    confidence = models.ForeignKey(
        ConfidenceLevel,
        on_delete=models.PROTECT,
        related_name="citations",
        help_text="The weight analysts give this report.",
    )
    quote = models.TextField(blank=True)
    speaker = models.CharField(
        max_length=300,
        blank=True,
        help_text='Whom the source relies on: "two unnamed senior US officials", '
        '"John Kirby, NSC spokesperson".',
    )
    anonymous = models.BooleanField(default=False, help_text="The speaker is unnamed.")
    relies_on = models.ForeignKey(
        "sources.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed_by",
        help_text="Set when this report only relays another source's reporting.",
    )
    informant = models.CharField(
        max_length=100,
        blank=True,
        help_text="A short key shared by citations that rest on the same informant (two outlets quoting "
        "one briefing official, say): on this claim they count as one origin.",
    )
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    note = models.TextField(blank=True)
    retracted = models.BooleanField(default=False, db_index=True)
    retracted_on = models.DateField(
        null=True, blank=True, help_text="When it was retracted; today when left empty."
    )
    retraction_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["published_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="citation_stance_valid"),
            models.CheckConstraint(
                condition=Q(relies_on__isnull=True) | ~Q(relies_on=models.F("source")),
                name="citation_does_not_relay_itself",
                violation_error_message="A citation cannot relay its own source.",
            ),
            models.CheckConstraint(
                condition=Q(retracted=False) | ~Q(retraction_reason=""),
                name="citation_retraction_has_reason",
                violation_error_message="Say why the citation is retracted.",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "stance"], name="citation_source_stance_idx"),
            # A source's newest claims, for related claims (migration 0013 says why).
            models.Index(fields=["source", "claim"], name="citation_source_claim_idx"),
        ]

    def __str__(self):
        """One line: CNN · supports · Moderate confidence · 16 Aug 2024 · “Multiple groups…”."""
        parts = [str(self.source), self.get_stance_display().lower()]
        if self.confidence_id:
            parts.append(str(self.confidence))
        if self.published_on:
            parts.append(f"{self.published_on.day} {self.published_on:%b %Y}")
        if self.quote:
            parts.append(f"“{self.quote[:60]}{'…' if len(self.quote) > 60 else ''}”")
        if self.retracted:
            parts.append("retracted")
        return " · ".join(parts)

    def get_absolute_url(self):
        return f"{self.claim.get_absolute_url()}#citation-{self.pk}"

    def clean(self):
        errors = {}
        if self.relies_on_id is not None and self.relies_on_id == self.source_id:
            errors["relies_on"] = (
                "A citation cannot relay its own source: leave this empty for an original report."
            )
        if self.retracted and not (self.retraction_reason or "").strip():
            errors["retraction_reason"] = "Say why the citation is retracted."
        if self.published_on and self.published_on > datetime.date.today():
            errors["published_on"] = "A report cannot be dated in the future."
        if not (self.quote or "").strip() and not (self.url or "").strip():
            errors["quote"] = "Give the quote, or the report's URL (or both): one of them is needed."
        if errors:
            raise ValidationError(errors)

    def report_key(self):
        """What makes two citations of one claim the same report (see same_report)."""
        return (self.source_id, self.stance, self.quote or "", "" if self.quote else self.url)

    def as_report(self):
        """This citation as the consensus function sees it."""
        return consensus_rules.Report(
            id=self.pk,
            source=self.source.slug,
            stance=self.stance,
            confidence_weight=self.confidence.weight,
            reliability=self.source.reliability,
            published_on=self.published_on,
            relies_on=self.relies_on.slug if self.relies_on_id else None,
            retracted=self.retracted,
            retracted_on=self.retracted_on,
            entered_on=self.created_at.date() if self.created_at else None,
            informant=self.informant,
            anonymous=self.anonymous,
            speaker=self.speaker,
        )


class CacheEpoch(models.Model):
    """SQLite's stand-in for the PostgreSQL sequences that claims.cache moves on commit.

    PostgreSQL advances a sequence (`nextval` takes no row lock, so writers never queue on it);
    SQLite, which has one writer at a time anyway, keeps one row per epoch.
    """

    name = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} epoch {self.value}"


class PendingRecomputation(models.Model):
    """A claim whose stored consensus must be recomputed: written in the same transaction as the
    grade or weight change that made it stale, so no recomputation is lost if the broker or a
    worker dies. Drained by the Celery task, inline without a broker, or `recompute_consensus
    --pending`."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"recompute claim {self.claim_id}"


class ClaimRelation(models.Model):
    """How an analyst relates one claim to another: it contradicts, refines or duplicates it.

    Written by the `from_claim`'s side only (claims.services.relations); shown on both claims.
    """

    Kind = RelationKind

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_from")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=12, choices=RelationKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["from_claim", "kind", "to_claim"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"],
                name="claim_relation_unique",
                violation_error_message="This relation is already there.",
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=models.F("to_claim")),
                name="claim_relation_not_to_itself",
                violation_error_message="A claim cannot relate to itself.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="claim_relation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.from_claim} {self.kind} {self.to_claim}"


class Question(ValidatedModel):
    """A question competing claims answer: an analysis-of-competing-hypotheses board."""

    text = models.CharField(max_length=300, help_text="The question, e.g. “How many troops moved?”")
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="questions")
    hypotheses = models.ManyToManyField(
        Claim, through="QuestionHypothesis", related_name="questions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="question_text_not_blank")]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return slug_url("claims:question", self.slug)


class QuestionHypothesis(models.Model):
    """One claim as a hypothesis of a question, at its place in the question's order."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="entries")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="hypothesis_entries")
    position = models.PositiveSmallIntegerField(default=1)

    objects = QuestionHypothesisQuerySet.as_manager()

    class Meta:
        ordering = ["question", "position"]
        verbose_name = "hypothesis"
        verbose_name_plural = "hypotheses"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "claim"],
                name="question_hypothesis_once",
                violation_error_message="A claim is a hypothesis of a question only once.",
            ),
            models.UniqueConstraint(fields=["question", "position"], name="question_hypothesis_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.claim}"
