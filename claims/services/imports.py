"""Citations imported from an article: new sources, new claims and citations, all or nothing.

The admin's "Import an article" page hands over the proposals the analyst kept. Everything is
checked before anything is written, so the errors name each proposal at fault; then, in one
transaction, the missing sources are created (save_source), the new statements become claims
(create_claim) and the citations for existing claims go in claim by claim (save_claim with
citation_changes), claims locked in ascending id order first. Any failure rolls all of it back.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from sources.models import Source

from ..models import Citation, Claim
from .claims import MAX_CITATIONS_PER_REQUEST, create_claim, save_claim
from .locking import lock_claims
from .vocabulary import save_source

# What a kept proposal sets on its citation, besides its claim, source and relay.
CITATION_FIELDS = ("stance", "confidence", "quote", "speaker", "anonymous", "published_on", "url", "note")
# What a new source may be given (the rest keep their defaults: reliability F, cannot be judged).
NEW_SOURCE_FIELDS = ("name", "kind", "url", "country", "description", "reliability", "aliases")


class ImportRejected(ValidationError):
    """Nothing was written. `rows` maps a row's position to {field: [messages]}; `sources` maps a
    new source's key the same way. The messages, each naming its proposal, are this error's."""

    def __init__(self, *, rows=None, sources=None, general=()):
        self.rows = rows or {}
        self.sources = sources or {}
        self.general = list(general)
        messages = list(self.general)
        for key, errors in self.sources.items():
            messages += [f"New source “{key}”: {m}" for ms in errors.values() for m in ms]
        for position, errors in sorted(self.rows.items()):
            messages += [f"Proposal {position + 1}: {m}" for ms in errors.values() for m in ms]
        super().__init__(messages)


@dataclass
class ImportResult:
    sources: list = field(default_factory=list)
    created_claims: list = field(default_factory=list)
    updated_claims: list = field(default_factory=list)
    citations: int = 0

    def describe(self):
        claims = len(self.created_claims) + len(self.updated_claims)
        text = f"Saved {_count(self.citations, 'citation')} on {_count(claims, 'claim')}"
        if self.created_claims:
            text += f" ({len(self.created_claims)} new, drafts until published)"
        if self.sources:
            text += f"; created {_count(len(self.sources), 'source')}"
        return text + "."


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


@transaction.atomic
def import_citations(*, rows, new_sources=(), user=None):
    """Create the citations an analyst kept from an article, with the claims and sources they need.

    Each row is a dict: `claim` (an existing Claim) or `statement` (a new claim's statement;
    rows with the same statement, ignoring case and spacing, share one new claim); `source` and
    optionally `relies_on`, each a Source or the `key` of one of `new_sources`; and the citation's
    fields (CITATION_FIELDS). Each new source is a dict with its `key` and NEW_SOURCE_FIELDS.
    Raises ImportRejected (a ValidationError) before writing anything when a row or source is
    invalid; a failure while writing rolls everything back too.
    """
    rows = [dict(row) for row in rows]
    new_sources = [dict(spec) for spec in new_sources]
    planned = _check(rows, new_sources)

    result = ImportResult()
    created = {}
    for spec in new_sources:
        source = planned.sources[spec["key"]]
        save_source(source=source, user=user)
        created[spec["key"]] = source
        result.sources.append(source)

    def resolved(value):
        return created[value] if isinstance(value, str) else value

    def citation(row):
        return {
            "source": resolved(row["source"]),
            "relies_on": resolved(row.get("relies_on")),
            **_fields_given(row),
        }

    existing = sorted({row["claim"].pk for row in rows if row.get("claim") is not None})
    lock_claims(existing)
    claims = Claim.objects.in_bulk(existing)
    if len(claims) != len(existing):
        raise ImportRejected(general=["A claim you chose was deleted meanwhile: choose another."])
    for pk in existing:
        changes = [
            (Citation(**citation(row)), None)
            for row in rows
            if row.get("claim") is not None and row["claim"].pk == pk
        ]
        save_claim(claim=claims[pk], fields=[], citation_changes=changes, user=user)
        result.updated_claims.append(claims[pk])
        result.citations += len(changes)
    for statement, members in planned.statements.items():
        claim = create_claim(statement=statement, citations=[citation(row) for row in members], user=user)
        result.created_claims.append(claim)
        result.citations += len(members)
    return result


def _fields_given(row):
    """The citation fields a row sets; None means not set (the model's default, or "required")."""
    return {name: row[name] for name in CITATION_FIELDS if row.get(name) is not None}


@dataclass
class _Plan:
    sources: dict  # key -> unsaved Source
    statements: dict  # a new claim's statement -> its rows


def _check(rows, new_sources):
    """Everything that can be known to fail before a write, as ImportRejected."""
    general = []
    if not rows:
        general.append("Tick at least one proposal to keep.")
    if len(rows) > MAX_CITATIONS_PER_REQUEST:
        general.append(f"At most {MAX_CITATIONS_PER_REQUEST} citations can be imported at once.")
    if general:
        raise ImportRejected(general=general)

    source_errors, planned_sources = {}, {}
    for spec in new_sources:
        key = spec.get("key")
        source = Source(**{name: spec[name] for name in NEW_SOURCE_FIELDS if name in spec})
        try:
            source.full_clean(exclude=["slug"])
        except ValidationError as error:
            source_errors[key] = error.message_dict
        if key in planned_sources:
            source_errors.setdefault(key, {}).setdefault("name", []).append(
                "This new source is listed twice."
            )
        planned_sources[key] = source

    row_errors, statements, seen = {}, {}, set()
    for position, row in enumerate(rows):
        errors = {}

        def add(name, message, errors=errors):
            errors.setdefault(name, []).append(message)

        claim, statement = row.get("claim"), " ".join((row.get("statement") or "").split())
        if (claim is None) == (not statement):
            add("claim", "Attach it to an existing claim or write a new statement, one of the two.")
        elif statement:
            if len(statement) > Claim._meta.get_field("statement").max_length:
                add("statement", "Keep the statement to 500 characters.")
            row["statement"] = statement
            statements.setdefault(statement.casefold(), []).append(row)
        source, relies_on = row.get("source"), row.get("relies_on")
        for name, value in (("source", source), ("relies_on", relies_on)):
            if isinstance(value, str) and value not in planned_sources:
                add(name, f"“{value}” is not among the new sources to create.")
        if source is None:
            add("source", "Choose the source, or create it under New sources.")
        elif relies_on is not None and relies_on is source:
            add(
                "relies_on",
                "A citation cannot relay its own source: leave this empty for an original report.",
            )
        draft = Citation(**_fields_given(row))
        try:
            draft.clean_fields(exclude=["claim", "source", "relies_on"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    add(name, message)
        if source is not None and not errors:
            target = claim.pk if claim is not None else ("new", statement.casefold())
            same = (target, _key(source), row.get("stance"), same_quote(row.get("quote")))
            if same in seen:
                add("quote", "The same source, stance and quote are already kept for this claim above.")
            seen.add(same)
        if errors:
            row_errors[position] = errors

    _check_against_stored(rows, row_errors)
    if source_errors or row_errors:
        raise ImportRejected(rows=row_errors, sources=source_errors)
    # One statement per new claim, spelt as its first row spells it.
    by_statement = {members[0]["statement"]: members for members in statements.values()}
    return _Plan(sources=planned_sources, statements=by_statement)


def same_quote(quote):
    """A quote as compared for repeats: case, spacing, edge quotation marks and a final stop ignored."""
    return " ".join((quote or "").casefold().split()).strip(" \"“”'‘’.")


def _key(source):
    return source if isinstance(source, str) else source.pk


def _check_against_stored(rows, row_errors):
    """A new statement that an existing claim already makes, and a citation already on its claim,
    are refused: importing one article twice must not double its citations. Two queries."""
    statements = {row["statement"] for row in rows if row.get("statement") and row.get("claim") is None}
    if statements:
        query = Q()
        for statement in statements:
            query |= Q(statement__iexact=statement)
        taken = {
            s.casefold(): slug for s, slug in Claim.objects.filter(query).values_list("statement", "slug")
        }
        for position, row in enumerate(rows):
            slug = taken.get((row.get("statement") or "").casefold()) if row.get("claim") is None else None
            if slug:
                row_errors.setdefault(position, {}).setdefault("statement", []).append(
                    f"A claim with this statement exists ({slug}): attach the citation to it instead."
                )
    existing = {row["claim"].pk for row in rows if row.get("claim") is not None}
    if existing:
        stored = {
            (claim, source, stance, same_quote(quote))
            for claim, source, stance, quote in Citation.objects.filter(claim__in=existing).values_list(
                "claim_id", "source_id", "stance", "quote"
            )
        }
        for position, row in enumerate(rows):
            claim, source = row.get("claim"), row.get("source")
            if claim is None or not isinstance(source, Source):
                continue
            if (claim.pk, source.pk, row.get("stance"), same_quote(row.get("quote"))) in stored:
                row_errors.setdefault(position, {}).setdefault("quote", []).append(
                    "This claim already has a citation from this source with this stance and quote."
                )
