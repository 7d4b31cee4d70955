"""What leaves the site as files: CSV of claims and of citations, and the Atom feed.

Spreadsheets are the first place a CSV goes, so cells are written for them: UTF-8 with a byte
order mark (Excel reads anything else as a local code page), text that a spreadsheet would run
as a formula neutralised, readable labels beside codes and slugs, times to the second. The file
name says what was filtered and when.
"""

import csv
import datetime

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from common.text import neutralised_for_spreadsheets, sanitize
from sources.models import Source

from . import presentation, verdicts
from .choices import ConsensusLabel, Stance
from .models import Citation

BYTE_ORDER_MARK = "\ufeff"


class Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value):
        return value


def csv_response(header, rows, *, filename):
    """Stream `rows` under `header` as a spreadsheet-safe CSV download."""
    writer = csv.writer(Echo())

    def lines():
        yield BYTE_ORDER_MARK + writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralised_for_spreadsheets(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename(kind, filterset):
    """claims-topic-kursk-incursion-consensus-corroborated-2026-12-01.csv"""
    parts = [kind]
    for name in filterset.READER_FILTERS:
        value = filterset.form.cleaned_data.get(name)
        if value not in (None, ""):
            parts += [name, slugify(getattr(value, "slug", value))[:40]]
    parts.append(datetime.date.today().isoformat())
    return "-".join(part for part in parts if part) + ".csv"


def timestamp(value):
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def not_understood(request, filterset):
    """A 400 that says which filters were not understood (an export never silently widens)."""
    problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
    return render(
        request,
        "bad_request.html",
        {"message": f"Some filters were not understood, so nothing was exported: {problems}"},
        status=400,
    )


CLAIM_HEADER = [
    "slug",
    "statement",
    "url",
    "consensus",
    "consensus_label",
    "verdict",
    "score",
    "independent_origins",
    "robustness",
    "pivotal",
    "agree",
    "agree_sources",
    "disagree",
    "disagree_sources",
    "qualify",
    "qualify_sources",
    "topics",
    "topic_names",
    "confidence",
    "status",
    "latest_report",
    "updated_at",
]


def claim_rows(request, claims):
    for chunk in _chunks(claims.iterator(chunk_size=500), 500):
        sources = Source.objects.by_slug(presentation.slugs_named_by(chunk))
        names = {slug: source.name for slug, source in sources.items()}
        for claim in chunk:
            consensus = claim.consensus
            yield [
                claim.slug,
                claim.statement,
                request.build_absolute_uri(claim.get_absolute_url()),
                consensus["label"],
                ConsensusLabel(consensus["label"]).label,
                verdicts.verdict_sentence(consensus, claim.votes, names),
                consensus["score"],
                consensus["independent_origins"],
                "" if consensus["robustness"] is None else consensus["robustness"],
                " ".join(consensus["pivotal"]),
                " ".join(consensus["agree"]),
                "; ".join(names.get(slug, slug) for slug in consensus["agree"]),
                " ".join(consensus["disagree"]),
                "; ".join(names.get(slug, slug) for slug in consensus["disagree"]),
                " ".join(consensus["qualify"]),
                "; ".join(names.get(slug, slug) for slug in consensus["qualify"]),
                " ".join(topic.slug for topic in claim.topics.all()),
                "; ".join(topic.name for topic in claim.topics.all()),
                claim.confidence.name if claim.confidence else "",
                claim.get_status_display(),
                claim.last_reported_on.isoformat() if claim.last_reported_on else "",
                timestamp(claim.updated_at),
            ]


CITATION_HEADER = [
    "id",
    "claim",
    "claim_statement",
    "claim_url",
    "source",
    "source_name",
    "source_grade",
    "stance",
    "stance_label",
    "confidence",
    "quote",
    "speaker",
    "anonymous",
    "relies_on",
    "relies_on_name",
    "informant",
    "published_on",
    "report_url",
    "retracted",
    "retracted_on",
    "retraction_reason",
    "updated_at",
]


def citation_rows(request, claims):
    citations = Citation.objects.filter(claim__in=claims).for_display().select_related("claim")
    for citation in citations.iterator(chunk_size=1000):
        yield [
            citation.pk,
            citation.claim.slug,
            citation.claim.statement,
            request.build_absolute_uri(citation.claim.get_absolute_url()),
            citation.source.slug,
            citation.source.name,
            citation.source.reliability,
            citation.stance,
            Stance(citation.stance).label,
            citation.confidence.name,
            citation.quote,
            citation.speaker,
            "yes" if citation.anonymous else "no",
            citation.relies_on.slug if citation.relies_on_id else "",
            citation.relies_on.name if citation.relies_on_id else "",
            citation.informant,
            citation.published_on.isoformat() if citation.published_on else "",
            citation.url,
            "yes" if citation.retracted else "no",
            citation.retracted_on.isoformat() if citation.retracted_on else "",
            citation.retraction_reason,
            timestamp(citation.updated_at),
        ]


def _chunks(items, size):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def printable(text):
    """Stored text as a feed can carry it: XML 1.0 refuses control characters, which a row saved
    outside the services (raw SQL, a shell) could still hold."""
    return sanitize(text or "", multiline=True)
