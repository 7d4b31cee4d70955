from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .views import filtered_claims

FEED_SIZE = 50


class ClaimsFeed(Feed):
    """Recently updated published claims, with the same filters as the claim list."""

    feed_type = Atom1Feed
    title = "Corroborate: recently updated claims"
    subtitle = "Claims in the news, the sources that report them, and how far those sources agree."

    def get_object(self, request):
        # One Feed instance serves every request (and thread): the request's filters travel as the
        # feed's object, never as an attribute of the shared instance.
        return filtered_claims(request)

    def link(self):
        return "/"

    def items(self, claims):
        # Feeds are public: published claims only, whoever asks.
        return claims.qs.published().for_list()[:FEED_SIZE]

    def item_title(self, claim):
        return claim.statement

    def item_description(self, claim):
        consensus = claim.consensus
        return (
            f"{claim.get_consensus_label_display()} (score {consensus['score']:+.2f}): "
            f"{len(consensus['agree'])} agree, {len(consensus['disagree'])} disagree, "
            f"{len(consensus['qualify'])} qualify, {consensus['independent_origins']} independent origins."
        )

    def item_updateddate(self, claim):
        return claim.updated_at

    def item_pubdate(self, claim):
        return claim.created_at

    def item_categories(self, claim):
        return [topic.name for topic in claim.topics.all()]
