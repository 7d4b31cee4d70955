"""Named reads: every page, list and endpoint reads claims, citations and questions through these.

Querysets know the models by module (`models.Claim`), not by name at import time: claims.models
builds its managers from this module.
"""

import json
from itertools import islice
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db import models as db
from django.db.models import Prefetch, Q
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable

from common.text import sanitize

from . import models
from .choices import ClaimStatus, Stance
from .search import SEARCH_CONFIG, StoredSearchVector, search_words


def sees_unpublished_claims(user):
    """Drafts and withdrawn claims are for those allowed to view claims in the admin."""
    return user is not None and user.is_authenticated and user.has_perm("claims.view_claim")


# A source's agreement with the other origins is read from at most this many of its reports.
AGREEMENT_SAMPLE = 500


class CitationQuerySet(db.QuerySet):
    def active(self):
        return self.filter(retracted=False)

    def visible_to(self, user):
        """Citations on the claims `user` may see (published ones for readers)."""
        return self.filter(claim__in=models.Claim.objects.visible_to(user))

    def stances_on_published_claims(self, source, *, latest=AGREEMENT_SAMPLE):
        """(stance, the claim's stored votes) for the source's `latest` active reports on published
        claims: what its agreement with the other origins is worked out from. Bounded, so a
        source cited 30,000 times costs its page what one cited 500 times does; only the votes
        are read of each claim's stored consensus."""
        return (
            self.active()
            .filter(source=source, claim__status=ClaimStatus.PUBLISHED)
            .order_by("-id")
            .values_list("stance", "claim__consensus_data__votes")[:latest]
        )

    def by_source_on_published_claims(self, source):
        """One source's reports on published claims, newest claims first, for its page."""
        return (
            self.filter(source=source, claim__status=ClaimStatus.PUBLISHED)
            .select_related("claim", "confidence", "relies_on", "source")
            .order_by("-claim__updated_at", "claim_id", "published_on", "id")
        )

    def for_display(self):
        """Citations with everything a page or the API shows of them, in one joined query."""
        return self.select_related("source", "relies_on", "confidence").order_by(*DISPLAY_ORDER)


# How a claim's citations are shown: undated reports first, then by date.
DISPLAY_ORDER = (db.F("published_on").asc(nulls_first=True), "id")


# Stored on each claim by claims.services, computed from its citations.
DERIVED_FIELDS = (
    "consensus_label",
    "consensus_score",
    "consensus_robustness",
    "consensus_rank",
    "consensus_data",
    "last_reported_on",
    "search_document",
)


class ClaimQuerySet(db.QuerySet):
    def with_statement(self, statement):
        """Claims whose statement reads the same, ignoring case and spacing."""
        return self.filter(statement__iexact=sanitize(statement or "", multiline=False))

    def published(self):
        return self.filter(status=ClaimStatus.PUBLISHED)

    def visible_to(self, user):
        """Readers see published claims; anyone allowed to view claims in the admin sees all."""
        return self.all() if sees_unpublished_claims(user) else self.published()

    def for_list(self):
        """A page of claims for a list: stored consensus, confidence and topics (read by
        read_list_topics when the claims are), no citations."""
        # search_document (every quote and source name of the claim) is only ever searched.
        return self.select_related("confidence").defer("search_document").reading(read_list_topics)

    def with_citations(self):
        """Claims with their citations (as for_display() reads them: sources, relays and levels
        attached), read by read_display_citations when the claims are: a fixed number of queries."""
        return self.for_list().reading(read_display_citations)

    def for_page(self):
        """One claim's page or API detail, its topics and citations then read by `read_page_parts`:
        whether it has any relation or is a hypothesis of any question, so that a claim with
        neither skips those two reads."""
        # Plain SQL: Django takes longer to build two Exists() subqueries than PostgreSQL to run them.
        relations = models.ClaimRelation._meta.db_table
        hypotheses = models.QuestionHypothesis._meta.db_table
        claim = f"{models.Claim._meta.db_table}.id"
        return (
            self.select_related("confidence")
            .defer("search_document")
            .annotate(
                has_relations=RawSQL(
                    f"EXISTS (SELECT 1 FROM {relations} "
                    f"WHERE from_claim_id = {claim} OR to_claim_id = {claim})",
                    (),
                    output_field=db.BooleanField(),
                ),
                in_questions=RawSQL(
                    f"EXISTS (SELECT 1 FROM {hypotheses} WHERE claim_id = {claim})",
                    (),
                    output_field=db.BooleanField(),
                ),
            )
        )

    def for_matrix(self):
        """Claims with just what a matrix row shows: the statement, its badge, and per citation the
        source, stance, quote and weight that decide the cell (claims.presentation.matrix), read
        by read_matrix_citations when the claims are."""
        return self.only("slug", "statement", "status", "consensus_label").reading(read_matrix_citations)

    # Functions given the claims, in turn, each time this queryset reads them (for_list,
    # with_citations, for_matrix): each reads what prefetch_related would, without its
    # machinery or a model instance per related row where plain rows do.
    after_fetch = ()

    def reading(self, reader):
        """These claims, with `reader` also given them whenever they are read (after_fetch)."""
        clone = self._chain()
        clone.after_fetch = (*self.after_fetch, reader)
        return clone

    def _after_fetch(self, claims):
        for reader in self.after_fetch:
            reader(claims)

    def _clone(self):
        clone = super()._clone()
        clone.after_fetch = self.after_fetch
        return clone

    def _fetch_all(self):
        unread = self._result_cache is None
        super()._fetch_all()
        if unread and self.after_fetch and issubclass(self._iterable_class, ModelIterable):
            self._after_fetch(self._result_cache)

    def iterator(self, chunk_size=None):
        if not self.after_fetch:
            return super().iterator(chunk_size)
        return self._iterate_in_chunks(chunk_size or 2000)

    def _iterate_in_chunks(self, chunk_size):
        claims = super().iterator(chunk_size)
        while chunk := list(islice(claims, chunk_size)):
            self._after_fetch(chunk)
            yield from chunk

    def for_recompute(self):
        """Claims with just what their derived fields are computed from: citations and their sources."""
        return self.only("pk", "statement", "context", *DERIVED_FIELDS).prefetch_related(
            Prefetch(
                "citations",
                queryset=models.Citation.objects.select_related("source", "relies_on", "confidence").order_by(
                    "pk"
                ),
            )
        )

    def newest_first(self):
        return self.order_by("-updated_at", "-id")

    def count_for_readers(self, *, exact_up_to):
        """(how many of these there are, whether that is an estimate): exact up to `exact_up_to`,
        found by a count that stops there; above it, on PostgreSQL, the planner's estimate, so
        that no reader's page scans a big topic or the whole site to count it."""
        bounded = self.order_by()[: exact_up_to + 1].count()
        if bounded <= exact_up_to:
            return bounded, False
        if connection.vendor != "postgresql":
            return self.count(), False
        # Explained as an id-only query: the planner expects the same rows, and Django builds it
        # in half the time of the page's query with every column. Planning only, no scan.
        plan = json.loads(self.order_by().values("pk").explain(format="json"))
        return max(int(plan[0]["Plan"]["Plan Rows"]), bounded), True

    def page_window(self, bottom, top):
        """Claims `bottom` to `top` (exclusive) of these, in their order: what slicing gives.

        The page's ids are found first, by a subquery reading only ids, and then only those rows
        are read in full. Walking a topic's claims in updated_at or consensus order, PostgreSQL
        otherwise fetches every claim row it passes over on the way to the page, most of them in
        other topics; with the order's index (migration 0014) the walk reads the index alone.
        """
        return self.filter(pk__in=self.values("pk")[bottom:top])

    def related_to(self, claim, *, shown_to, limit=5, topic_candidates=50, source_candidates=60):
        """Claims `shown_to` may see sharing a topic with `claim` first, then those sharing most
        of its sources.

        Ranked among the newest claims of each of its topics (about `topic_candidates` in all) and
        of each of its sources (about `source_candidates`), so the cost stays flat however many
        claims a topic or a source gathers over the years: on PostgreSQL each topic and source is
        a few entries of an index (migration 0013). Equally related claims come most recently
        updated first. Only what a list of links shows is loaded.
        """
        topic_ids = sorted(topic.pk for topic in claim.topics.all())
        source_ids = sorted({citation.source_id for citation in claim.citations.all()})
        if not (topic_ids or source_ids):
            return []
        per_topic = max(5, topic_candidates // max(1, len(topic_ids)))
        per_source = max(3, source_candidates // max(1, len(source_ids)))
        if connection.vendor == "postgresql":
            # One statement, not the ORM's: building this query costs Django more than running it.
            parameters = {
                "claim": claim.pk,
                "topics": topic_ids,
                "sources": source_ids,
                "per_topic": per_topic,
                "per_source": per_source,
                "every_status": sees_unpublished_claims(shown_to),
                "limit": limit,
            }
            return list(self.raw(_RELATED_CLAIMS_SQL, parameters))
        return list(
            self.visible_to(shown_to)
            .filter(pk__in=_related_candidates(claim.pk, topic_ids, source_ids, per_topic, per_source))
            .annotate(
                shared_topics=db.Count("topics", filter=Q(topics__in=topic_ids), distinct=True),
                shared_sources=db.Count(
                    "citations__source", filter=Q(citations__source__in=source_ids), distinct=True
                ),
            )
            .only("slug", "statement", "status", "consensus_label", "updated_at")
            .order_by("-shared_topics", "-shared_sources", "-updated_at", "-id")[:limit]
        )

    def by_consensus(self):
        """Best supported first (label, then origins, then score): how readers scan a matrix."""
        return self.order_by("-consensus_rank", "-updated_at", "-id")

    def search(self, query):
        """Claims whose statement, context, quotes, speakers or source names match every word.

        PostgreSQL ranks with full-text search on the stored, GIN-indexed vector of
        `search_document` (best match first); elsewhere each word must appear,
        case-insensitively, newest first.
        """
        words = search_words(query)
        if not words:
            return self
        if connection.vendor == "postgresql":
            vector = StoredSearchVector()
            tsquery = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
            return (
                self.annotate(search_vector=vector)
                .filter(search_vector=tsquery)
                .annotate(search_rank=SearchRank(vector, tsquery))
                .order_by("-search_rank", "-updated_at", "-id")
            )
        matching = Q()
        for word in words:
            matching &= Q(search_document__icontains=word)
        return self.filter(matching).order_by("-updated_at", "-id")


# The newest other claims of each topic and of each source (one bounded index read each, LATERAL
# ... LIMIT, whatever their size), ranked by shared topics, then shared sources, then the newest.
_RELATED_CLAIMS_SQL = """
WITH candidates AS (
    SELECT t.claim_id FROM unnest(%(topics)s::bigint[]) AS topic(id) CROSS JOIN LATERAL (
        SELECT claim_id FROM claims_claim_topics WHERE topic_id = topic.id AND claim_id <> %(claim)s
        ORDER BY claim_id DESC LIMIT %(per_topic)s) AS t
    UNION
    SELECT c.claim_id FROM unnest(%(sources)s::bigint[]) AS source(id) CROSS JOIN LATERAL (
        SELECT claim_id FROM claims_citation WHERE source_id = source.id AND claim_id <> %(claim)s
        ORDER BY claim_id DESC LIMIT %(per_source)s) AS c
)
SELECT claim.id, claim.slug, claim.statement, claim.status, claim.consensus_label, claim.updated_at
FROM claims_claim AS claim JOIN candidates ON candidates.claim_id = claim.id
WHERE %(every_status)s OR claim.status = 'published'
ORDER BY
    (SELECT count(*) FROM claims_claim_topics AS shared
     WHERE shared.claim_id = claim.id AND shared.topic_id = ANY(%(topics)s)) DESC,
    (SELECT count(DISTINCT cited.source_id) FROM claims_citation AS cited
     WHERE cited.claim_id = claim.id AND cited.source_id = ANY(%(sources)s)) DESC,
    claim.updated_at DESC, claim.id DESC
LIMIT %(limit)s
"""


def _related_candidates(claim_id, topic_ids, source_ids, per_topic, per_source):
    """The ids of the newest other claims of the topics and sources given, bounded as a whole
    rather than per group (SQLite: a fresh clone, the tests)."""
    topics = models.Claim.topics.through.objects.filter(topic_id__in=topic_ids).exclude(claim_id=claim_id)
    citations = models.Citation.objects.filter(source_id__in=source_ids).exclude(claim_id=claim_id)
    return models.Claim.objects.filter(
        Q(pk__in=topics.order_by("-claim_id").values("claim_id")[: per_topic * len(topic_ids)])
        | Q(pk__in=citations.order_by("-claim_id").values("claim_id")[: per_source * len(source_ids)])
    ).values("pk")


class MatrixCitation(NamedTuple):
    """What a matrix cell is decided by of one citation, under a Citation's own attribute names
    (claims.presentation.source_cells reads these and full citations alike)."""

    pk: int
    claim_id: int
    source_id: int
    source: object  # its Source: slug, name and reliability
    confidence: object  # its ConfidenceLevel: weight
    stance: str
    quote: str
    retracted: bool
    published_on: object


# Of the citation (MatrixCitation's order), then of its source and its level.
_MATRIX_COLUMNS = ("pk", "claim_id", "source_id", "stance", "quote", "retracted", "published_on")
_MATRIX_LEVEL = {"id", "weight"}
# What names a source and weighs its reports: all that matrices, verdicts and the API read of
# the sources of a list's citations (the rest is read only if asked for).
_SOURCE_NAMING = {"id", "slug", "name", "reliability"}


def _columns_in_order(model, names=None):
    """`names` (all, if None) in the model's own field order, as Model.from_db takes a partial row."""
    return [field.attname for field in model._meta.concrete_fields if names is None or field.attname in names]


def read_matrix_citations(claims):
    """Give each of `claims` its citations as matrix cells read them (MatrixCitation, by id), in
    one query. Returns the claims.

    Plain rows: a matrix of 50 claims has about 220 citations, and a model instance for each
    citation and its source and level (prefetch_related with select_related) took most of the
    matrix's time.
    """
    source_model = models.Citation.source.field.related_model
    level_model = models.Citation.confidence.field.related_model
    return _attach_citations(
        claims,
        citation_columns=_MATRIX_COLUMNS,
        source_columns=_columns_in_order(source_model, _SOURCE_NAMING),
        level_columns=_columns_in_order(level_model, _MATRIX_LEVEL),
        relays=False,
        order_by=("pk",),
        build=lambda row, source, level, relay: MatrixCitation(*row[:3], source, level, *row[3:]),
    )


def _sql_columns(alias, fields):
    """ "alias.column, ..." for `fields`, quoted and in the order given: a plain statement's
    select list, in the order Model.from_db takes the values."""
    return ", ".join(f"{alias}.{connection.ops.quote_name(field.column)}" for field in fields)


def _sql_placeholders(values):
    """One "%s" for each of `values`, for an IN (...) list."""
    return ", ".join(["%s"] * len(values))


def read_list_topics(claims):
    """Give each of `claims` its topics by name, as prefetch_related("topics") would, in one
    statement of plain rows, each topic built once. Returns the claims.

    Plain SQL, as in related_to: for a page of 25 claims, building the ORM's query and running
    the prefetch machinery took about twice as long as reading the rows (~1 ms more a list page).
    """
    claims = list(claims)
    if not claims:
        return claims
    by_claim = {claim.pk: [] for claim in claims}
    topic_model = models.Claim.topics.field.related_model
    fields = topic_model._meta.concrete_fields
    columns = _sql_columns("topic", fields)
    placeholders = _sql_placeholders(by_claim)
    # Ordered as Topic's Meta orders them (by name), ties by id.
    statement = (
        f"SELECT claim_topic.claim_id, {columns} "
        f"FROM {models.Claim.topics.through._meta.db_table} AS claim_topic "
        f"JOIN {topic_model._meta.db_table} AS topic ON topic.id = claim_topic.topic_id "
        f"WHERE claim_topic.claim_id IN ({placeholders}) ORDER BY topic.name, topic.id"
    )
    names = [field.attname for field in fields]
    topics = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, list(by_claim))
        for claim_id, topic_id, *values in cursor.fetchall():
            if topic_id not in topics:
                topics[topic_id] = topic_model.from_db(connection.alias, names, (topic_id, *values))
            by_claim[claim_id].append(topics[topic_id])
    for claim in claims:
        set_prefetched(claim, "topics", by_claim[claim.pk])
    return claims


def read_display_citations(claims):
    """Give each of `claims` its citations as Citation.objects.for_display() would (every field,
    each knowing its claim, source, relay and level; of a source and a relay what names it and
    weighs its reports, _SOURCE_NAMING), in one query. Returns the claims.

    Read as rows, each source and level built once: select_related built three model instances
    for every citation (about 150 on a page of 25 claims), and with prefetch_related's machinery
    that was most of /api/claims/'s time.
    """
    citation_model = models.Citation
    columns = _columns_in_order(citation_model)
    fields = citation_model._meta
    claim_field, source_field = fields.get_field("claim"), fields.get_field("source")
    relay_field, level_field = fields.get_field("relies_on"), fields.get_field("confidence")
    by_id = {}

    def build(row, source, level, relay):
        citation = citation_model.from_db(citation_model.objects.db, columns, row)
        claim_field.set_cached_value(citation, by_id[citation.claim_id])
        source_field.set_cached_value(citation, source)
        relay_field.set_cached_value(citation, relay)
        level_field.set_cached_value(citation, level)
        return citation

    claims = list(claims)
    by_id.update((claim.pk, claim) for claim in claims)
    return _attach_citations(
        claims,
        citation_columns=columns,
        # Every source column came in on each row of its citations, timestamps parsed and aliases
        # decoded each time, for readers that use none of them.
        source_columns=_columns_in_order(source_field.related_model, _SOURCE_NAMING),
        level_columns=_columns_in_order(level_field.related_model),
        relays=True,
        order_by=DISPLAY_ORDER,
        build=build,
    )


def _attach_citations(claims, *, citation_columns, source_columns, level_columns, relays, order_by, build):
    """Give each claim `build(citation values, source, level, relay)` for each of its citations
    (in `order_by`) as its prefetched citations, from one query of plain rows: each source (a
    relay is a source too) and each level is built once, however many citations name it.

    `citation_columns` include `claim_id`; source and level columns include `id`, in their
    model's field order (from_db). Without `relays`, every relay given is None.
    """
    claims = list(claims)
    if not claims:
        return claims
    by_claim = {claim.pk: [] for claim in claims}
    source_model = models.Citation.source.field.related_model
    level_model = models.Citation.confidence.field.related_model
    names = [
        *citation_columns,
        *(f"source__{name}" for name in source_columns),
        *(f"confidence__{name}" for name in level_columns),
        *(f"relies_on__{name}" for name in (source_columns if relays else ())),
    ]
    rows = models.Citation.objects.filter(claim_id__in=list(by_claim)).order_by(*order_by).values_list(*names)
    source_at = len(citation_columns)
    level_at = source_at + len(source_columns)
    relay_at = level_at + len(level_columns)
    claim_at = citation_columns.index("claim_id")
    sources, levels = {}, {}

    def once(built, model, columns, values):
        key = values[columns.index("id")]
        if key is None:
            return None  # no relay
        if key not in built:
            built[key] = model.from_db(rows.db, columns, values)
        return built[key]

    for row in rows:
        source = once(sources, source_model, source_columns, row[source_at:level_at])
        level = once(levels, level_model, level_columns, row[level_at:relay_at])
        relay = once(sources, source_model, source_columns, row[relay_at:]) if relays else None
        by_claim[row[claim_at]].append(build(row[:source_at], source, level, relay))
    for claim in claims:
        set_prefetched(claim, "citations", by_claim[claim.pk])
    return claims


def read_relations(claim_ids, *, columns):
    """(kind, from claim, to claim) for every relation either way of the claims given by id, each
    claim read with just `columns` (id among them) and built once. One plain statement: with no
    relation anywhere, the ORM's query (both claims joined, an OR of two id lists) took ~2 ms of
    /api/claims/ to build and run, its plain SQL under half of that."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return []
    claim_model, relation_model = models.Claim, models.ClaimRelation
    # In the model's field order, as from_db takes a partial row.
    fields = [field for field in claim_model._meta.concrete_fields if field.attname in columns]
    selected = f"{_sql_columns('from_side', fields)}, {_sql_columns('to_side', fields)}"
    ids = _sql_placeholders(claim_ids)
    statement = (
        f"SELECT relation.kind, {selected} FROM {relation_model._meta.db_table} AS relation "
        f"JOIN {claim_model._meta.db_table} AS from_side ON from_side.id = relation.from_claim_id "
        f"JOIN {claim_model._meta.db_table} AS to_side ON to_side.id = relation.to_claim_id "
        f"WHERE relation.from_claim_id IN ({ids}) OR relation.to_claim_id IN ({ids})"
    )
    names, built, relations = [field.attname for field in fields], {}, []
    id_at = names.index("id")

    def claim(values):
        if values[id_at] not in built:
            built[values[id_at]] = claim_model.from_db(connection.alias, names, values)
        return built[values[id_at]]

    with connection.cursor() as cursor:
        cursor.execute(statement, claim_ids * 2)
        for kind, *values in cursor.fetchall():
            relations.append((kind, claim(values[: len(names)]), claim(values[len(names) :])))
    return relations


def read_page_parts(claim):
    """Give one claim read with for_page() its topics and its citations (for_display), as
    with_citations() would: two queries, read directly because for a single claim the
    prefetch_related machinery costs more than the reads. Returns the claim."""
    # Through the related managers, so that each citation knows its claim without a query.
    topics, citations = list(claim.topics.all()), list(claim.citations.for_display())
    set_prefetched(claim, "topics", topics)
    set_prefetched(claim, "citations", citations)
    return claim


def set_prefetched(instance, relation, objects):
    """Make `instance.<relation>.all()` give `objects` without a query, as prefetch_related does."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    cache.pop(relation, None)  # the related manager's own, unfiltered queryset
    queryset = getattr(instance, relation).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache[relation] = queryset


class QuestionQuerySet(db.QuerySet):
    def for_list(self):
        return self.prefetch_related("topics")

    def with_hypotheses(self, user):
        """Questions with the hypotheses `user` may see, in order (claims.questions.attach_boards
        then reads their citations for the boards)."""
        entries = (
            models.QuestionHypothesis.objects.visible_to(user)
            .select_related("claim")
            .defer("claim__search_document")
        )
        return self.for_list().prefetch_related(Prefetch("entries", queryset=entries.order_by("position")))

    def newest_first(self):
        return self.order_by("-updated_at", "-id")


class QuestionHypothesisQuerySet(db.QuerySet):
    def visible_to(self, user):
        """Readers see only published hypotheses: a draft one is left out altogether."""
        return self if sees_unpublished_claims(user) else self.filter(claim__status=ClaimStatus.PUBLISHED)


def sources_with_stance_mix(sources):
    """Each source's claim count and active citations by stance on published claims, by name:
    the sources list. (Here, not on the sources' own queryset: it reads claims' vocabulary.)"""
    on_published = Q(citations__claim__status=ClaimStatus.PUBLISHED)
    active = on_published & Q(citations__retracted=False)
    return sources.annotate(
        claim_count=db.Count("citations__claim", filter=on_published, distinct=True),
        supports_count=db.Count("citations", filter=active & Q(citations__stance=Stance.SUPPORTS)),
        disputes_count=db.Count("citations", filter=active & Q(citations__stance=Stance.DISPUTES)),
        qualifies_count=db.Count("citations", filter=active & Q(citations__stance=Stance.QUALIFIES)),
    ).order_by("name")
