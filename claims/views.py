import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from . import presentation
from .filters import ClaimFilter
from .models import Claim, Topic

CLAIMS_PER_PAGE = 25
MATRIX_ROWS = 50


def filtered_claims(request, queryset=None):
    """The reader's filters (q, topic, source, stance, consensus) over the claims they may see."""
    base = queryset if queryset is not None else Claim.objects.all()
    return ClaimFilter(request.GET, queryset=base.visible_to(request.user).newest_first(), request=request)


def claim_list(request):
    claims = filtered_claims(request)
    page = Paginator(claims.qs.for_list(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "claims/claim_list.html", {"filter": claims, "page": page, "chips": claims.chips()}
    )


def claim_detail(request, slug):
    claim = get_object_or_404(Claim.objects.visible_to(request.user).with_citations(), slug=slug)
    citations = list(claim.citations.all())
    related = Claim.objects.visible_to(request.user).related_to(claim)
    review = presentation.claim_review(
        claim, citations, url=request.build_absolute_uri(), publisher=settings.CORROBORATE_PUBLISHER
    )
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "groups": presentation.grouped_citations(citations),
            "timeline": presentation.timeline(citations),
            "segments": presentation.agreement_segments(claim.stance_weights),
            "related": related,
            "claim_review": presentation.json_for_script(review),
            "nav": "claims",
        },
    )


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    claims = topic.claims.visible_to(request.user)
    page = Paginator(claims.by_consensus().with_citations(), MATRIX_ROWS).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/topic_detail.html",
        {"topic": topic, "page": page, "matrix": presentation.matrix(page.object_list), "nav": "matrix"},
    )


MATRIX_SORTS = {"consensus": "by_consensus", "updated": "newest_first"}


def matrix(request):
    claims = filtered_claims(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in MATRIX_SORTS else "consensus"
    ordered = getattr(claims.qs, MATRIX_SORTS[sort])().with_citations()
    page = Paginator(ordered, MATRIX_ROWS).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/matrix.html",
        {
            "filter": claims,
            "chips": claims.chips(),
            "page": page,
            "sort": sort,
            "matrix": presentation.matrix(page.object_list),
            "nav": "matrix",
        },
    )


class Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value):
        return value


CSV_HEADER = [
    "slug",
    "statement",
    "url",
    "consensus",
    "score",
    "independent_origins",
    "agree",
    "disagree",
    "qualify",
    "topics",
    "confidence",
    "updated_at",
]


def claims_csv(request):
    claims = filtered_claims(request).qs.for_list()
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(CSV_HEADER)
        for claim in claims.iterator(chunk_size=500):
            consensus = claim.consensus
            yield writer.writerow(
                [
                    claim.slug,
                    claim.statement,
                    request.build_absolute_uri(claim.get_absolute_url()),
                    consensus["label"],
                    consensus["score"],
                    consensus["independent_origins"],
                    " ".join(consensus["agree"]),
                    " ".join(consensus["disagree"]),
                    " ".join(consensus["qualify"]),
                    " ".join(topic.slug for topic in claim.topics.all()),
                    claim.confidence.slug if claim.confidence else "",
                    claim.updated_at.isoformat(),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response
