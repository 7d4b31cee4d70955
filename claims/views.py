from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, render

from sources.models import Source

from . import ach, exports, presentation, questions, verdicts
from .as_of import BadDate, TooManyClaims, parse_as_of, see_as_of, timeline_points
from .choices import Stance
from .filters import QuestionFilter
from .models import Citation, Claim, Question, Topic
from .pagination import ReaderPaginator
from .querysets import read_page_parts, sources_with_stance_mix
from .reader_filters import filtered_claims
from .relations import attach_relations

CLAIMS_PER_PAGE = 25
QUESTIONS_PER_PAGE = 25
MATRIX_ROWS = 50


def claim_list(request):
    claims = filtered_claims(request)
    page = ReaderPaginator(claims.qs.for_list(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/claim_list.html",
        {
            "filter": claims,
            "page": page,
            # Named from the source filter's own read of every source: one query for both.
            "rows": presentation.claim_rows(page.object_list, claims.sources_by_slug()),
            "chips": claims.chips(),
        },
    )


def claim_detail(request, slug):
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except BadDate as error:
        return render(request, "bad_request.html", {"message": str(error)}, status=400)
    claim = read_page_parts(get_object_or_404(Claim.objects.visible_to(request.user).for_page(), slug=slug))
    every_citation = list(claim.citations.all())
    points = timeline_points(every_citation)
    if as_of is not None:
        see_as_of(claim, as_of)
    citations = list(claim.citations.all())
    names = verdicts.source_names(every_citation)
    consensus = claim.consensus
    sentence = verdicts.verdict_sentence(consensus, claim.votes, names)
    related = Claim.objects.related_to(claim, shown_to=request.user)
    attach_relations([claim], request.user)
    asked_in = [
        {**found, "phrase": questions.rank_phrase(found["rank"], found["count"])}
        for found in questions.questions_of(claim, request.user, as_of=as_of)
    ]
    review = presentation.claim_review(
        claim,
        citations,
        url=request.build_absolute_uri(),
        publisher=settings.CORROBORATE_PUBLISHER,
        sentence=sentence,
    )
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "as_of": as_of,
            "groups": presentation.grouped_citations(citations),
            "chart": presentation.score_chart(points, as_of=as_of),
            "report_dates": sorted({point["date"] for point in points}),
            "sentence": sentence,
            "blocks": verdicts.vote_blocks(claim.votes, names),
            "counts": verdicts.vote_counts(claim.votes),
            "sensitivity": verdicts.sensitivity(consensus, names),
            "informant_warnings": verdicts.informant_warnings(consensus, citations),
            "related": related,
            "relations": claim.shown_relations,
            "canonical": [r.claim for r in claim.shown_relations if r.kind == "duplicates" and r.outgoing],
            "asked_in": asked_in,
            "claim_review": presentation.json_for_script(review) if review else None,
            "nav": "claims",
        },
    )


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    claims = topic.claims.visible_to(request.user)
    page = ReaderPaginator(claims.by_consensus().for_matrix(), MATRIX_ROWS).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/topic_detail.html",
        {"topic": topic, "page": page, "matrix": presentation.matrix(page.object_list), "nav": "matrix"},
    )


MATRIX_SORTS = {"consensus": "by_consensus", "updated": "newest_first"}


def matrix(request):
    claims = filtered_claims(request, as_of=True)
    if "as_of" in claims.form.errors:
        message = f"“{request.GET['as_of']}” is not a date: give as_of as YYYY-MM-DD, e.g. 2024-08-14."
        return render(request, "bad_request.html", {"message": message}, status=400)
    sort = request.GET.get("sort") if request.GET.get("sort") in MATRIX_SORTS else "consensus"
    as_of, notice = claims.as_of_date, None
    ordered = getattr(claims.qs, MATRIX_SORTS[sort])()
    # As of a date every consensus is computed from the citations: those need all their fields.
    ordered = ordered.for_matrix() if as_of is None else ordered.with_citations()
    if as_of is not None and sort == "consensus":
        try:
            ordered = claims.as_of_results(ordered, ordering="-score")
        except TooManyClaims:
            notice = (
                "Too many claims to rank by their consensus as of that date: they are in today’s order. "
                "Choose a topic or search to rank them."
            )
    paginator = ReaderPaginator if isinstance(ordered, QuerySet) else Paginator  # a list: as_of ranked
    page = paginator(ordered, MATRIX_ROWS).get_page(request.GET.get("page"))
    if as_of is not None:
        page.object_list = [
            row if hasattr(row, "as_of") else see_as_of(row, as_of) for row in page.object_list
        ]
    return render(
        request,
        "claims/matrix.html",
        {
            "filter": claims,
            "chips": claims.chips(),
            "page": page,
            "sort": sort,
            "as_of": as_of,
            "as_of_notice": notice,
            "matrix": presentation.matrix(page.object_list),
            "nav": "matrix",
        },
    )


def question_list(request):
    questions_filter = QuestionFilter(
        request.GET, queryset=Question.objects.with_hypotheses(request.user).newest_first(), request=request
    )
    if not questions_filter.is_valid():
        message = "There is no such topic: choose one from the list, or see all questions."
        return render(request, "bad_request.html", {"message": message}, status=400)
    page = Paginator(questions_filter.qs, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    topics = Topic.objects.filter(questions__isnull=False).distinct().values_list("slug", "name")
    for question in page.object_list:
        claims = questions.hypotheses(question)
        scores = [ach.inconsistency_from_stance_weights(claim.stance_weights) for claim in claims]
        ranks = ach.ranks(scores)
        question.leading = [claim for claim, rank in zip(claims, ranks, strict=True) if rank == 1]
        question.hypothesis_count = len(claims)
    return render(
        request,
        "claims/question_list.html",
        {
            "page": page,
            "topics": list(topics),
            "selected_topic": request.GET.get("topic", ""),
            "nav": "questions",
        },
    )


BOARD_SORTS = ("origin", "diagnostic")


def question_detail(request, slug):
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except BadDate as error:
        return render(request, "bad_request.html", {"message": str(error)}, status=400)
    question = get_object_or_404(Question.objects.with_hypotheses(request.user), slug=slug)
    sort = request.GET.get("sort") if request.GET.get("sort") in BOARD_SORTS else "origin"
    questions.attach_boards([question], as_of)
    return render(
        request,
        "claims/question_detail.html",
        {
            "question": question,
            "as_of": as_of,
            "sort": sort,
            "board": presentation.board(question, diagnostic_first=sort == "diagnostic"),
            "nav": "questions",
        },
    )


def claims_csv(request):
    """One row per filtered claim."""
    return filtered_csv(
        request, "claims", exports.CLAIM_HEADER, lambda claims: exports.claim_rows(request, claims.for_list())
    )


def citations_csv(request):
    """Every citation of the filtered claims, a row each (retracted ones included)."""
    return filtered_csv(
        request,
        "citations",
        exports.CITATION_HEADER,
        lambda claims: exports.citation_rows(request, claims.order_by()),
    )


def filtered_csv(request, name, header, rows_of):
    """A CSV of the reader's filtered claims, or a 400 naming the filters it did not understand."""
    claims = filtered_claims(request)
    if claims.errors:
        return exports.not_understood(request, claims)
    return exports.csv_response(header, rows_of(claims.qs), filename=exports.filename(name, claims))


SOURCES_PER_PAGE = 50
REPORTS_PER_PAGE = 50


def source_list(request):
    sources = sources_with_stance_mix(Source.objects.all())
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    for source in page.object_list:
        source.segments = presentation.agreement_segments(
            {
                Stance.SUPPORTS: source.supports_count,
                Stance.DISPUTES: source.disputes_count,
                Stance.QUALIFIES: source.qualifies_count,
            }
        )
    return render(request, "sources/source_list.html", {"page": page, "nav": "sources"})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    reports = Citation.objects.by_source_on_published_claims(source)
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    # Of its latest reports (querysets.AGREEMENT_SAMPLE at most): said on the page.
    agreement = verdicts.agreement(
        Citation.objects.stances_on_published_claims(source).iterator(), source.slug
    )
    return render(
        request, "sources/source_detail.html", {"source": source, "page": page, "agreement": agreement}
    )
