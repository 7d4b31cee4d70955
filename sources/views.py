from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from claims import verdicts
from claims.models import Citation
from claims.presentation import agreement_segments

from .models import Source

CLAIMS_PER_PAGE = 50  # and sources a page


def source_list(request):
    page = Paginator(Source.objects.with_stance_mix(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    for source in page.object_list:
        source.segments = agreement_segments(
            {
                "supports": source.supports_count,
                "disputes": source.disputes_count,
                "qualifies": source.qualifies_count,
            }
        )
    return render(request, "sources/source_list.html", {"page": page, "nav": "sources"})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    page = Paginator(Citation.objects.by_source_on_published_claims(source), CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Of its latest reports (claims.models.AGREEMENT_SAMPLE at most): said on the page.
    agreement = verdicts.agreement(
        Citation.objects.stances_on_published_claims(source).iterator(), source.slug
    )
    return render(
        request, "sources/source_detail.html", {"source": source, "page": page, "agreement": agreement}
    )
