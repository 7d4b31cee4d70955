"""Claims and their citations: create, edit, move, retract, publish, delete.

Every function locks the claims it will rewrite before it reads them (see locking.py), writes
only the fields the caller changed, recomputes derived fields once, bumps versions in SQL and
moves the cache epochs on commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Now
from django.utils.text import slugify

from common.slugs import save_with_unique_slug

from .. import cache
from ..models import Citation, Claim
from .derived import bump_versions, recompute_locked
from .history import record_history, save_fields, save_new
from .locking import lock_claims
from .relations import lock_related, wanted_relations, write_relations

# What analysts and scripts set on a claim (slug and version are the service's).
CLAIM_FIELDS = ("statement", "context", "status", "confidence")
# Claim fields its stored search text is built from (none feeds the consensus).
CLAIM_SEARCH_FIELDS = {"statement", "context"}
# Citation fields the stored consensus or search text is computed from.
CITATION_DERIVED_FIELDS = {
    "claim",
    "source",
    "stance",
    "confidence",
    "relies_on",
    "published_on",
    "retracted",
    "retracted_on",
    "informant",
    "anonymous",
    "speaker",
    "quote",
}
# One request creates at most this many citations (bounded work for one transaction).
MAX_CITATIONS_PER_REQUEST = 200


class StaleVersion(Exception):
    """The claim changed since the caller read it (optimistic concurrency)."""

    def __init__(self, current_version):
        super().__init__(f"The claim has changed since it was read (now at version {current_version}).")
        self.current_version = current_version


def editable(fields, allowed):
    """The fields to write: those named (that may be written), or all of them when None."""
    if fields is None:
        return list(allowed)
    return [name for name in allowed if name in set(fields)]


def duplicate_statement_error(claim):
    """The error for a statement another claim already makes (ignoring case and spacing), or None."""
    existing = Claim.objects.with_statement(claim.statement).exclude(pk=claim.pk).first()
    if existing is None:
        return None
    return ValidationError(
        {
            "statement": ValidationError(
                "Claim “%(slug)s” already makes this statement (%(url)s). Cite it there, or save "
                "anyway if this is a different claim.",
                code="duplicate",
                params={"slug": existing.slug, "url": existing.get_absolute_url()},
            )
        }
    )


def lock_statement(statement):
    """Serialise two creates of the same statement (PostgreSQL's transaction-scoped advisory lock),
    so both cannot pass the duplicate check at once. SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(upper(%s)))", [statement])


@transaction.atomic
def save_claim(
    *,
    claim,
    expected_version=None,
    topics=None,
    user=None,
    fields=None,
    citation_changes=(),
    deleted_citations=(),
    allow_duplicate=False,
    relations=None,
):
    """Validate and save a claim, with its topics, its relations and (from the admin) its inline citations.

    `fields` names the claim fields the caller changed (None: all of them); only those are
    written, so two people changing different fields of one claim both keep their change.
    `expected_version` refuses the save if someone saved the claim since it was read.
    `citation_changes` is a list of (citation, changed fields or None for a new one).
    A statement another claim already makes is refused unless `allow_duplicate`.
    `relations` (a list of (kind, other claim), or None to leave them) replaces the relations the
    claim holds to others; see relations.py.
    """
    creating = claim.pk is None
    if relations is not None:
        relations = wanted_relations(claim, relations)
    if creating:
        if user is not None and claim.created_by_id is None:
            claim.created_by = user
        # A blank slug is made below, where its uniqueness is settled by the index itself.
        claim.full_clean(exclude=[] if claim.slug else ["slug"])
        refuse_duplicate_statement(claim, allow_duplicate)
        written = list(CLAIM_FIELDS)
        save_with_unique_slug(claim, lambda: save_new(claim), text=claim.statement, fallback="claim")
    else:
        # With relations, the claims they name are locked with this one, in one ascending pass.
        versions = lock_claims([claim.pk]) if relations is None else lock_related(claim.pk, relations)
        if claim.pk not in versions:
            raise Claim.DoesNotExist("The claim was deleted meanwhile.")
        if expected_version is not None and versions[claim.pk] != expected_version:
            raise StaleVersion(versions[claim.pk])
        claim.full_clean()
        written = editable(fields, CLAIM_FIELDS)
        if "statement" in written:
            refuse_duplicate_statement(claim, allow_duplicate)
        if written:
            save_fields(claim, written)
    topics_changed = topics is not None and set_topics(claim, topics, creating=creating)
    citations_changed = write_citations(
        claim, citation_changes=citation_changes, deleted=deleted_citations, user=user, creating=creating
    )
    relations_changed = set() if relations is None else write_relations(claim, relations, user=user)
    if creating or citations_changed:
        recompute_locked([claim.pk])
    elif CLAIM_SEARCH_FIELDS & set(written):
        recompute_locked([claim.pk], consensus=False)
    if not creating and (written or topics_changed or citations_changed or relations_changed):
        bump_versions([claim.pk])
    # The other side of each relation added or removed shows it too (new claims start at 1).
    bump_versions(relations_changed - {claim.pk})
    if creating:
        record_history(Claim, instances=[claim], user=user, created=True)
    elif written:
        # Read back: the other fields in memory may predate another writer's change.
        (saved,) = record_history(Claim, pks=[claim.pk], user=user)
        claim.version, claim.updated_at = saved.version, saved.updated_at
    cache.data_changed()
    return claim


def refuse_duplicate_statement(claim, allow_duplicate):
    if allow_duplicate:
        return
    lock_statement(claim.statement)
    error = duplicate_statement_error(claim)
    if error is not None:
        raise error


def refuse_repeated_reports(claim, citations, *, creating=False):
    """The same report (source, stance and quote, or URL without one) twice on one claim is refused.

    One query for the claim's other citations (none for a claim being created).
    """
    changing = {citation.pk for citation in citations if citation.pk}
    on_claim = {}
    if not creating:
        for pk, *key in (
            Citation.objects.filter(claim=claim)
            .exclude(pk__in=changing)
            .values_list("pk", "source_id", "stance", "quote", "url")
        ):
            source_id, stance, quote, url = key
            on_claim[(source_id, stance, quote, "" if quote else url)] = pk
    seen = {}
    for position, citation in enumerate(citations, start=1):
        key = citation.report_key()
        if key in seen or key in on_claim:
            repeated = f"citation {seen[key]}" if key in seen else "a citation already on this claim"
            what = "quote" if citation.quote else "URL"
            field = "citations" if len(citations) > 1 else "quote"
            raise ValidationError(
                {field: f"Citation {position} repeats {repeated}: the same source, stance and {what}."}
            )
        seen[key] = position


def set_topics(claim, topics, *, creating=False):
    """Give the claim exactly these topics; whether anything changed."""
    wanted = {topic.pk for topic in topics}
    current = set() if creating else set(claim.topics.values_list("pk", flat=True))
    if current == wanted:
        return False
    claim.topics.set(wanted)
    return True


def write_citations(claim, *, citation_changes=(), deleted=(), user=None, creating=False):
    """Insert, update and delete a claim's citations; the caller has locked the claim."""
    new, updated = [], []
    for citation, fields in citation_changes:
        citation.claim = claim
        prepare_citation(citation, fields)
        citation.full_clean()
        if citation.pk is None:
            if user is not None and citation.created_by_id is None:
                citation.created_by = user
            new.append(citation)
        else:
            updated.append((citation, editable(fields, Citation.EDITABLE_FIELDS)))
    refuse_repeated_reports(claim, [citation for citation, _ in citation_changes], creating=creating)
    if new:
        Citation.objects.bulk_create(new)
        record_history(Citation, instances=new, user=user, created=True)
    for citation, fields in updated:
        save_fields(citation, fields)
    if updated:
        record_history(Citation, pks=[citation.pk for citation, _ in updated], user=user)
    deleted_ids = [citation.pk for citation in deleted if citation.pk is not None]
    if deleted_ids:
        for citation in Citation.objects.filter(pk__in=deleted_ids, claim=claim):
            citation.delete()  # one by one, so history records each deletion
    return bool(new or updated or deleted_ids)


def prepare_citation(citation, fields):
    """What a citation's own fields imply: a retraction's date, set once and cleared on un-retraction."""
    if citation.retracted and citation.retracted_on is None:
        citation.retracted_on = datetime.date.today()
    elif not citation.retracted:
        citation.retracted_on = None


@transaction.atomic
def create_claim(*, citations=(), topics=(), relations=None, user=None, allow_duplicate=False, **fields):
    """Create a claim with its citations: all of them, or nothing; one consensus computation."""
    citations = list(citations)
    if len(citations) > MAX_CITATIONS_PER_REQUEST:
        raise ValidationError(
            {"citations": f"At most {MAX_CITATIONS_PER_REQUEST} citations can be created with a claim."}
        )
    return save_claim(
        claim=Claim(**fields),
        topics=topics,
        relations=relations,
        user=user,
        citation_changes=[(Citation(**citation), None) for citation in citations],
        allow_duplicate=allow_duplicate,
    )


@transaction.atomic
def save_citation(*, citation, user=None, fields=None):
    """Validate and save one citation, refreshing the claim it is on and any claim it left."""
    creating = citation.pk is None
    claim_ids = lock_claims_of(citation)
    if citation.claim_id not in claim_ids:
        raise ValidationError({"claim": "That claim no longer exists."})
    prepare_citation(citation, fields)
    citation.full_clean()
    refuse_repeated_reports(citation.claim, [citation])
    if creating:
        if user is not None and citation.created_by_id is None:
            citation.created_by = user
        save_new(citation)
        record_history(Citation, instances=[citation], user=user, created=True)
        written = None
    else:
        written = editable(fields, Citation.EDITABLE_FIELDS)
        if "retracted" in written and "retracted_on" not in written:
            written.append("retracted_on")  # set or cleared with it by prepare_citation
        if written:
            save_fields(citation, written)
            record_history(Citation, pks=[citation.pk], user=user)
    if written is None or CITATION_DERIVED_FIELDS & set(written):
        recompute_locked(claim_ids)
    if written is None or written:
        bump_versions(claim_ids)
        cache.data_changed()
    return citation


def lock_claims_of(citation):
    """Lock the claim a citation goes to and the claim it is on now.

    Where it is now is read from the database, not from the caller's object, which may have
    been loaded long ago or be a version from history.
    """
    wanted = {citation.claim_id}
    while True:
        if citation.pk is not None:
            wanted.add(current_claim_id(citation))
        locked = lock_claims(wanted)
        # Someone may have moved it while this waited for the locks: then lock that claim too.
        if citation.pk is None or current_claim_id(citation) in locked:
            return set(locked)


def current_claim_id(citation):
    claim_id = Citation.objects.filter(pk=citation.pk).values_list("claim_id", flat=True).first()
    if claim_id is None:
        raise Citation.DoesNotExist("The citation was deleted meanwhile.")
    return claim_id


@transaction.atomic
def retract_citation(*, citation, reason, user=None):
    citation.retracted = True
    citation.retraction_reason = reason
    return save_citation(citation=citation, user=user, fields=["retracted", "retraction_reason"])


@transaction.atomic
def delete_citations(*, citations, user=None):
    """Delete citations (analysts retract rather than delete; administrators may delete)."""
    citations = list(citations)
    claim_ids = lock_claims({citation.claim_id for citation in citations})
    for citation in Citation.objects.filter(pk__in=[c.pk for c in citations]):
        citation.delete()
    recompute_locked(claim_ids)
    bump_versions(claim_ids)
    cache.data_changed()
    return len(citations)


@transaction.atomic
def share_informant(*, citations, key=None, user=None):
    """Mark citations as resting on one informant: on each claim, they count as one origin.

    Returns the key given them (made from the first speaker and citation when not chosen).
    """
    ids = sorted({citation.pk for citation in citations})
    if not ids:
        raise ValidationError({"citations": "Choose the citations that share an informant."})
    first = Citation.objects.get(pk=ids[0])
    key = (key or f"{slugify(first.speaker)[:60] or 'informant'}-{first.pk}").strip()
    if len(key) > Citation._meta.get_field("informant").max_length:
        raise ValidationError({"informant": "Keep the informant key to 100 characters."})
    claim_ids = lock_claims(Citation.objects.filter(pk__in=ids).values_list("claim_id", flat=True))
    Citation.objects.filter(pk__in=ids).update(informant=key, updated_at=Now())
    record_history(Citation, pks=ids, user=user)
    recompute_locked(claim_ids)
    bump_versions(claim_ids)
    cache.data_changed()
    return key


@transaction.atomic
def set_status(*, claims, status, user=None):
    """Publish or withdraw claims in bulk, each change recorded in history; how many changed."""
    ids = list(claims.values_list("pk", flat=True))
    lock_claims(ids)
    changing = list(Claim.objects.filter(pk__in=ids).exclude(status=status).values_list("pk", flat=True))
    if not changing:
        return 0
    Claim.objects.filter(pk__in=changing).update(status=status)
    bump_versions(changing)
    record_history(Claim, pks=changing, user=user)
    cache.data_changed()
    return len(changing)


@transaction.atomic
def delete_claims(*, claims):
    """Delete claims with their citations (analysts withdraw rather than delete)."""
    ids = list(claims.values_list("pk", flat=True))
    lock_claims(ids)
    count = 0
    for claim in Claim.objects.filter(pk__in=ids):
        claim.delete()
        count += 1
    cache.data_changed()
    return count
