from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from sources.models import Source

from . import exports, presentation, verdicts
from .reader_filters import filtered_claims

FEED_SIZE = 50


class ClaimsFeed(Feed):
    """Recently updated published claims, with the same filters as the claim list."""

    feed_type = Atom1Feed
    subtitle = "Claims in the news, the sources that report them, and how far those sources agree."

    def __call__(self, request, *args, **kwargs):
        claims = filtered_claims(request)
        if claims.errors:
            return exports.not_understood(request, claims)
        # One Feed instance serves every request (and thread): the request's filters travel on
        # the request, never as an attribute of the shared instance.
        request.claim_filter = claims
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return request

    def title(self, request):
        described = request.claim_filter.described()
        return f"Corroborate: claims, {described}" if described else "Corroborate: recently updated claims"

    def link(self, request):
        query = request.GET.urlencode()
        return f"/?{query}" if query else "/"

    def feed_url(self, request):
        return request.get_full_path()

    def items(self, request):
        # Feeds are public: published claims only, whoever asks.
        claims = list(request.claim_filter.qs.published().for_list()[:FEED_SIZE])
        sources = Source.objects.by_slug(presentation.slugs_named_by(claims))
        names = {slug: source.name for slug, source in sources.items()}
        for claim in claims:
            claim.verdict = verdicts.verdict_sentence(claim.consensus, claim.votes, names)
        return claims

    def item_title(self, claim):
        return exports.printable(claim.statement)

    def item_description(self, claim):
        return exports.printable(claim.verdict)

    def item_updateddate(self, claim):
        return claim.updated_at

    def item_pubdate(self, claim):
        return claim.created_at

    def item_categories(self, claim):
        return [exports.printable(topic.name) for topic in claim.topics.all()]
