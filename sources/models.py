from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from common.links import slug_url
from common.models import ValidatedModel
from common.slugs import unique_slug

ALIAS_MAX_LENGTH = 200
# What an analyst or a script may set on a source: the admin form, the API and the save service.
EDITABLE_FIELDS = (
    "slug",
    "name",
    "kind",
    "url",
    "country",
    "description",
    "reliability",
    "reliability_note",
    "aliases",
)


class KnownName(NamedTuple):
    """A source as the article-intake extractor matches names against it (claims.intake)."""

    slug: str
    names: tuple
    kind: str


class SourceName(NamedTuple):
    """What a list names a source by (under a Source's own attribute names)."""

    slug: str
    name: str
    reliability: str


class SourceQuerySet(models.QuerySet):
    def names_and_grades(self):
        """Every source as a SourceName, by name, in one query of plain rows: a list page's source
        filter and the names and grades of its rows' sources, read once for both."""
        return [SourceName(*row) for row in self.order_by("name").values_list("slug", "name", "reliability")]

    def by_slug(self, slugs):
        """{slug: source} for these slugs, in one query: what a page names its sources with."""
        return {
            source.slug: source
            for source in self.filter(slug__in=list(slugs)).only("slug", "name", "reliability")
        }

    def with_claim_counts(self):
        """Each source's number of distinct claims it has cited on, in one aggregate query."""
        return self.annotate(claim_count=models.Count("citations__claim", distinct=True))

    def as_known_sources(self):
        """The sources as the article-intake extractor knows them: slug, (name, *aliases), kind.

        One query, reading only those columns.
        """
        return [
            KnownName(slug, (name, *(aliases if isinstance(aliases, list) else ())), kind)
            for slug, name, aliases, kind in self.order_by().values_list("slug", "name", "aliases", "kind")
        ]


def clean_aliases(value):
    """The aliases as stored: a list of distinct, trimmed, non-empty strings.

    Spacing is collapsed and repeats (ignoring case) dropped, first spelling kept. Raises
    ValidationError for anything else: a non-list, a non-string, a blank, an over-long alias.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError("Give the aliases as a list of names.", code="invalid")
    aliases, seen, problems = [], set(), []
    for position, alias in enumerate(value, start=1):
        if not isinstance(alias, str):
            problems.append(f"Alias {position} is not text.")
            continue
        alias = " ".join(alias.split())
        if not alias:
            problems.append(f"Alias {position} is blank.")
        elif "\x00" in alias or not is_encodable(alias):
            problems.append(f"Alias {position} contains a NUL character or a lone surrogate.")
        elif len(alias) > ALIAS_MAX_LENGTH:
            problems.append(
                f"Alias {position} is {len(alias)} characters long; keep each alias to {ALIAS_MAX_LENGTH}."
            )
        elif alias.casefold() not in seen:
            seen.add(alias.casefold())
            aliases.append(alias)
    if problems:
        raise ValidationError(problems, code="invalid")
    return aliases


def is_encodable(text):
    """Whether the text can be stored and sent as UTF-8 (JSON may smuggle in lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text='Other names articles use for it: "ISW", "the Journal". Matched when an article is '
        "imported, ignoring case, punctuation and a leading “the”.",
    )
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
        return slug_url("sources:detail", self.slug)

    def clean(self):
        try:
            self.aliases = clean_aliases(self.aliases)
        except ValidationError as error:
            raise ValidationError({"aliases": error.error_list}) from None

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, fallback="source", exclude_pk=self.pk)
        super().save(*args, **kwargs)
