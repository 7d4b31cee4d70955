"""Loading a demo-style dataset (topics, sources, claims with citations and relations, questions)
through the services."""

import datetime

from django.db import transaction

from sources.models import Source

from ..models import Citation, Claim, ClaimRelation, ConfidenceLevel, Question, Topic
from .claims import save_claim
from .questions import save_question
from .relations import set_relations
from .vocabulary import save_source, save_topic


@transaction.atomic
def load_dataset(data, *, user=None):
    """Create or update topics, sources, claims, citations, relations and questions from a dataset.

    Rows are matched on slugs (citations on claim, source, speaker and quote) and saved only when
    something differs, so loading the same data twice leaves exactly the same rows and history.
    Returns how many rows were created and updated.
    """
    counts = {"created": 0, "updated": 0}

    def differing(instance, values):
        """Set the values that differ; their names (all of them for a new row)."""
        if instance.pk is None:
            for name, value in values.items():
                setattr(instance, name, value)
            counts["created"] += 1
            return list(values)
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, values[name])
        if changed:
            counts["updated"] += 1
        return changed

    levels = {level.slug: level for level in ConfidenceLevel.objects.all()}
    topics = {}
    for row in data.get("topics", []):
        topic = Topic.objects.filter(slug=row["slug"]).first() or Topic(slug=row["slug"])
        if changed := differing(topic, _without(row, "slug")):
            save_topic(topic=topic, fields=changed, user=user)
        topics[row["slug"]] = topic
    sources = {}
    for row in data.get("sources", []):
        source = Source.objects.filter(slug=row["slug"]).first() or Source(slug=row["slug"])
        if changed := differing(source, _without(row, "slug")):
            save_source(source=source, fields=changed, user=user)
        sources[row["slug"]] = source
    claims = {}
    for row in data.get("claims", []):
        claim = Claim.objects.filter(slug=row["slug"]).first() or Claim(slug=row["slug"])
        claims[row["slug"]] = claim
        values = _without(row, "slug", "topics", "citations", "relations")
        values["confidence"] = levels[row["confidence"]] if row.get("confidence") else None
        changed = differing(claim, values)
        citation_changes = []
        match = _citation_matcher(claim, row.get("citations", []), sources)
        for cited in row.get("citations", []):
            source = sources[cited["source"]]
            citation = match(source, cited) or Citation(source=source, quote=cited["quote"])
            values = _without(cited, "source", "quote")
            values["confidence"] = levels[cited["confidence"]]
            values["relies_on"] = sources[cited["relies_on"]] if cited.get("relies_on") else None
            if values.get("published_on"):
                values["published_on"] = datetime.date.fromisoformat(values["published_on"])
            if citation_fields := differing(citation, values):
                citation_changes.append((citation, None if citation.pk is None else citation_fields))
        wanted_topics = [topics[slug] for slug in row.get("topics", [])]
        if claim.pk is None or changed or citation_changes:
            save_claim(
                claim=claim,
                fields=changed,
                topics=wanted_topics,
                user=user,
                citation_changes=citation_changes,
            )
        elif set(claim.topics.values_list("pk", flat=True)) != {t.pk for t in wanted_topics}:
            save_claim(claim=claim, fields=[], topics=wanted_topics, user=user)

    def claim(slug):
        if slug not in claims:
            claims[slug] = Claim.objects.get(slug=slug)
        return claims[slug]

    # Relations once every claim exists, since they point both ways.
    for row in data.get("claims", []):
        if "relations" not in row:
            continue
        wanted = [(relation["kind"], claim(relation["claim"])) for relation in row["relations"]]
        source = claims[row["slug"]]
        current = set(ClaimRelation.objects.filter(from_claim=source).values_list("kind", "to_claim_id"))
        if current != {(kind, other.pk) for kind, other in wanted}:
            counts["updated" if current else "created"] += 1
            set_relations(claim=source, relations=wanted, user=user)
    for row in data.get("questions", []):
        question = Question.objects.filter(slug=row["slug"]).first() or Question(slug=row["slug"])
        creating = question.pk is None
        changed = differing(question, {"text": row["text"]})
        wanted_topics = [topics[slug] for slug in row.get("topics", [])]
        hypotheses = [claim(slug) for slug in row.get("hypotheses", [])]
        if not creating:
            same_topics = set(question.topics.values_list("pk", flat=True)) == {t.pk for t in wanted_topics}
            order = list(question.entries.order_by("position").values_list("claim_id", flat=True))
            if same_topics and order == [c.pk for c in hypotheses] and not changed:
                continue
            if not changed:
                counts["updated"] += 1
        save_question(
            question=question,
            fields=None if creating else changed,
            topics=wanted_topics,
            hypotheses=hypotheses,
            user=user,
        )
    return counts


def _citation_matcher(claim, cited_rows, sources):
    """Finds the stored citation a dataset row describes: same source, speaker and quote; or,
    when the dataset has reworded the speaker, the one stored citation of that source with that
    quote that no row matches exactly (so a corrected speaker updates the row in place)."""
    stored = list(claim.citations.all()) if claim.pk else []
    exact = {(c.source_id, c.speaker, c.quote): c for c in stored}
    wanted = {(sources[r["source"]].pk, r["speaker"], r["quote"]) for r in cited_rows}
    by_quote = {}
    for citation in stored:
        if (citation.source_id, citation.speaker, citation.quote) not in wanted:
            by_quote.setdefault((citation.source_id, citation.quote), []).append(citation)

    def match(source, cited):
        found = exact.get((source.pk, cited["speaker"], cited["quote"]))
        if found is None:
            candidates = by_quote.get((source.pk, cited["quote"]), [])
            if len(candidates) == 1:
                found = candidates.pop()
        return found

    return match


def _without(row, *keys):
    return {key: value for key, value in row.items() if key not in keys}
