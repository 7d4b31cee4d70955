"""The reader pages, on the demo data and on generated data."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, ClaimFactory, QuestionFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def group_members(html, stance):
    """(source, stance) of every citation under one group heading of a claim page."""
    section = re.search(rf'<section class="group group--{stance}".*?</section>', html, re.S).group(0)
    return re.findall(
        r'<article class="citation[^"]*"[^>]*data-source="([^"]+)" data-stance="([^"]+)"', section
    )


class TestClaimPage:
    def test_main_claim_groups_sources_by_stance(self, client, demo):
        html = client.get(f"/claims/{MAIN_CLAIM_SLUG}/").content.decode()
        assert sorted(group_members(html, "supports")) == [
            ("bbc", "supports"),
            ("cnn", "supports"),
            ("kursk-roundup", "supports"),
        ]
        assert 'relays <a href="/sources/cnn/">CNN</a>: counts as its origin, not a new one' in html
        # The intelligence source's report ("haven't seen a substantial movement") disputes.
        assert group_members(html, "disputes") == [("cnn", "disputes")]
        assert "haven&#x27;t seen a &quot;substantial&quot; movement" in html
        assert sorted(group_members(html, "qualifies")) == [
            ("politico", "qualifies"),
            ("white-house", "qualifies"),
        ]
        claim = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        assert f'data-consensus="{claim.consensus_label}"' in html
        assert "score +0.47" in html
        assert "Moderate confidence" in html

    def test_citation_shows_grade_speaker_anonymity_date_and_relay(self, client):
        wire = SourceFactory(name="Wire Service", slug="wire")
        citation = CitationFactory(
            source__name="Daily Relay",
            source__reliability="D",
            relies_on=wire,
            speaker="A regional governor",
            anonymous=True,
            url="https://example.org/report",
        )
        html = client.get(citation.claim.get_absolute_url()).content.decode()
        assert "Daily Relay" in html and ">D</abbr>" in html and "not usually reliable" in html
        assert "A regional governor" in html and ">anonymous<" in html
        assert 'relays <a href="/sources/wire/">Wire Service</a>' in html
        assert 'href="https://example.org/report"' in html
        assert citation.published_on.strftime("%Y-%m-%d") in html

    def test_retracted_citation_stays_visible_struck_through_with_reason(self, client):
        citation = CitationFactory(retracted=True, retraction_reason="The outlet corrected its story.")
        html = client.get(citation.claim.get_absolute_url()).content.decode()
        assert "citation--retracted" in html
        assert f"<del>{citation.quote}</del>" in html
        assert "The outlet corrected its story." in html

    def test_timeline_has_one_mark_per_dated_report(self, client, demo):
        html = client.get(f"/claims/{MAIN_CLAIM_SLUG}/").content.decode()
        timeline = re.search(r'<figure class="score-chart">.*?</figure>', html, re.S).group(0)
        assert timeline.count('<g class="score-chart__mark') == 6
        assert "mark--disputes" in timeline and "mark--supports" in timeline and "mark--qualifies" in timeline
        assert timeline.count('<g class="score-chart__step">') == 3  # 13, 15 and 16 Aug

    def test_related_claims_share_a_topic_first(self, client):
        topic = TopicFactory()
        claim = ClaimFactory(topics=[topic])
        same_topic = ClaimFactory(topics=[topic], statement="Same topic.")
        shared_source = CitationFactory(claim=claim).source
        same_source = CitationFactory(source=shared_source, claim__statement="Same source.").claim
        ClaimFactory(statement="Unrelated.")
        related = list(client.get(claim.get_absolute_url()).context["related"])
        assert related == [same_topic, same_source]

    def test_related_claims_rank_by_shared_topics_then_sources_and_hide_drafts(self, client, analyst):
        topics = TopicFactory.create_batch(2)
        sources = SourceFactory.create_batch(3)
        claim = ClaimFactory(topics=topics)
        for source in sources:
            CitationFactory(claim=claim, source=source)
        both_topics = ClaimFactory(topics=topics, statement="Both topics.")
        one_topic_two_sources = ClaimFactory(topics=topics[:1], statement="One topic, two sources.")
        for source in sources[:2]:
            CitationFactory(claim=one_topic_two_sources, source=source)
        one_topic = ClaimFactory(topics=topics[1:], statement="One topic.")
        three_sources = ClaimFactory(statement="Three sources.")
        for source in sources:
            CitationFactory(claim=three_sources, source=source)
        draft = ClaimFactory(topics=topics, statement="A draft.", status=Claim.Status.DRAFT)
        related = client.get(claim.get_absolute_url()).context["related"]
        assert [c.statement for c in related] == [
            "Both topics.",
            "One topic, two sources.",
            "One topic.",
            "Three sources.",
        ]
        assert related[0].get_absolute_url() == both_topics.get_absolute_url()
        client.force_login(analyst)
        related = client.get(claim.get_absolute_url()).context["related"]
        assert [c.pk for c in related][:2] == [draft.pk, both_topics.pk]  # the newest of the two first
        assert one_topic.pk in [c.pk for c in related] and three_sources.pk in [c.pk for c in related]

    def test_claim_review_json_ld(self, client, demo):
        html = client.get(f"/claims/{MAIN_CLAIM_SLUG}/").content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        )
        assert data["@type"] == "ClaimReview"
        assert data["claimReviewed"].startswith("Russia moved thousands of troops")
        assert data["itemReviewed"]["@type"] == "Claim"
        assert "appearance" in data["itemReviewed"]
        assert data["author"] == {
            "@type": "Organization",
            "name": "Corroborate",
            "url": "https://corroborate.example",
        }
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["datePublished"])
        rating = data["reviewRating"]
        assert (
            rating["ratingValue"],
            rating["bestRating"],
            rating["worstRating"],
            rating["alternateName"],
        ) == (
            # Corroborated by four origins, but a CNN report disputes it: 4, not 5.
            4,
            5,
            1,
            "Corroborated by BBC News and CNN, 2 of 4 independent origins; Politico and The White House "
            "qualify it, though a report from CNN disputes it.",
        )
        assert len(data["itemReviewed"]["appearance"]) == 6
        assert {work["author"]["name"] for work in data["itemReviewed"]["appearance"]} == {
            "BBC News",
            "CNN",
            "Politico",
            "The White House",
            "Kursk roundup (aggregator)",
        }

    @pytest.mark.parametrize(
        "stances, rating",
        [
            (["supports", "supports", "supports"], 5),
            (["supports", "supports", "supports", "disputes"], 2),
            (["supports", "supports"], 4),
            (["supports"], 3),
            (["qualifies"], 3),
            (["supports", "disputes"], 2),
            (["disputes"], 1),
        ],
    )
    def test_claim_review_rates_honestly(self, client, stances, rating):
        claim = ClaimFactory()
        for stance in stances:
            CitationFactory(claim=claim, stance=stance)
        html = client.get(claim.get_absolute_url()).content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        )
        assert data["reviewRating"]["ratingValue"] == rating

    def test_an_unsourced_claim_has_no_claim_review(self, client):
        html = client.get(ClaimFactory().get_absolute_url()).content.decode()
        assert "application/ld+json" not in html

    def test_json_ld_first_appearance_is_the_earliest_report_with_a_url(self, client):
        claim = ClaimFactory()
        early = CitationFactory(claim=claim, url="https://example.org/early", published_on="2024-08-01")
        CitationFactory(claim=claim, url="https://example.org/late", published_on="2024-08-09")
        html = client.get(claim.get_absolute_url()).content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        )
        assert data["itemReviewed"]["firstAppearance"]["url"] == early.url
        assert len(data["itemReviewed"]["appearance"]) == 2

    def test_json_ld_cannot_break_out_of_its_script(self, client):
        claim = ClaimFactory(statement="</script><script>alert(1)</script>")
        CitationFactory(claim=claim)
        html = client.get(claim.get_absolute_url()).content.decode()
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert json.loads(script)["claimReviewed"] == "</script><script>alert(1)</script>"

    @pytest.mark.parametrize("status", ["draft", "withdrawn"])
    def test_unpublished_claim_is_404_for_readers_but_not_analysts(self, client, analyst, status):
        claim = ClaimFactory(status=status)
        response = client.get(claim.get_absolute_url())
        assert response.status_code == 404
        assert b"There is no page at this address" in response.content
        client.force_login(analyst)
        assert client.get(claim.get_absolute_url()).status_code == 200


class TestClaimList:
    def test_shows_published_claims_newest_first(self, client):
        older, newer = ClaimFactory(), ClaimFactory()
        ClaimFactory(status="draft", statement="A draft claim.")
        older.save()  # now the most recently updated
        html = client.get("/").content.decode()
        assert html.index(older.statement) < html.index(newer.statement)
        assert "A draft claim." not in html

    def test_row_shows_counts_topics_and_latest_report(self, client, demo):
        html = client.get("/").content.decode()
        assert "4 independent origins" in html
        assert "Corroborated by BBC News and CNN, 2 of 4 independent origins;" in html
        # "By whom" at a glance: each source by name and grade, with its stance.
        assert 'class="source-chip source-chip--supports" data-source="bbc" data-stance="supports"' in html
        assert "BBC News <abbr" in html
        assert 'href="/topics/kursk-incursion/"' in html
        assert "latest report" in html

    def test_search_finds_the_claim_by_quote_and_by_source_name(self, client, demo):
        slugs = [c.slug for c in client.get("/", {"q": "relatively small"}).context["page"]]
        assert MAIN_CLAIM_SLUG in slugs
        slugs = [c.slug for c in client.get("/", {"q": "Kirby"}).context["page"]]
        assert MAIN_CLAIM_SLUG in slugs
        assert client.get("/", {"q": "Institute for the Study of War"}).context["page"].paginator.count == 1

    def test_filters_combine_and_show_as_removable_chips(self, client, demo):
        response = client.get("/", {"topic": "kursk-incursion", "source": "cnn", "consensus": "corroborated"})
        slugs = {c.slug for c in response.context["page"]}
        assert MAIN_CLAIM_SLUG in slugs
        assert all(Claim.objects.get(slug=s).consensus_label == "corroborated" for s in slugs)
        chips = {chip["name"]: chip for chip in response.context["chips"]}
        assert set(chips) == {"topic", "source", "consensus"}
        assert chips["consensus"]["remove_query"] == "topic=kursk-incursion&source=cnn"
        assert 'data-filter="source"' in response.content.decode()

    def test_source_and_stance_filter(self, client, demo):
        response = client.get("/", {"source": "cnn", "stance": "disputes"})
        slugs = {c.slug for c in response.context["page"]}
        assert slugs == {
            MAIN_CLAIM_SLUG,
            "a-substantial-movement-of-russian-troops-from-ukraine-to-kursk-has-taken-place",
            # The question's competing hypotheses, which CNN's US officials dispute.
            "only-a-relatively-small-number-of-russian-troops-moved-from-ukraine-to-kursk",
            "russia-moved-mostly-conscripts-from-inside-russia-to-kursk-not-troops-from-ukraine",
        }

    def test_empty_state_says_what_to_try(self, client, demo):
        response = client.get("/", {"q": "zeppelins"})
        assert response.context["page"].paginator.count == 0
        assert b"No claims match" in response.content
        assert b"Try fewer or other words" in response.content

    def test_paginates_25_a_page(self, client):
        ClaimFactory.create_batch(30)
        first = client.get("/")
        assert len(first.context["page"].object_list) == 25
        assert b'href="?page=2"' in first.content
        assert len(client.get("/", {"page": 2}).context["page"].object_list) == 5

    @pytest.mark.parametrize(
        "params, shows",
        [
            ({"page": "abc"}, "claims"),  # the first page
            ({"page": "99999"}, "claims"),  # the last page
            ({"page": "-1"}, "claims"),
            ({"consensus": "bogus"}, "notice"),
            ({"topic": "no-such-topic"}, "notice"),
            ({"source": "no-such-source"}, "notice"),
            ({"stance": "maybe"}, "notice"),
            ({"q": "a" * 5000}, "no match"),
            ({"q": "'; DROP TABLE claims_claim; --"}, "no match"),
            ({"q": "&|!():*<>"}, "claims"),  # no words in it: nothing to narrow by
        ],
    )
    def test_bad_parameters_never_break_the_page(self, client, demo, params, shows):
        """Each gets a page that says what happened: claims, a notice naming the filter left out
        (and the claims without it), or the no-match help; nothing is harmed."""
        claims = Claim.objects.count()
        response = client.get("/", params)
        html = response.content.decode()
        assert response.status_code == 200
        assert ('class="claim-list"' in html) == (shows != "no match")
        assert ("No claims match" in html) == (shows == "no match")
        assert ("Some filters were not understood" in html) == (shows == "notice")
        if shows == "notice":
            assert f"<li>{next(iter(params))}:" in html
        assert Claim.objects.count() == claims

    def test_unknown_filter_values_are_reported(self, client, demo):
        response = client.get("/", {"consensus": "bogus"})
        assert b"Some filters were not understood" in response.content


class TestSources:
    def test_list_shows_kind_grade_meaning_claim_count_and_mix(self, client, demo):
        response = client.get("/sources/")
        html = response.content.decode()
        assert "Institute for the Study of War" in html and "Research institute" in html
        assert "usually reliable" in html and "fairly reliable" in html
        cnn = next(s for s in response.context["page"] if s.slug == "cnn")
        # Six claims, two of them the competing hypotheses of the demo question.
        assert (cnn.claim_count, cnn.supports_count, cnn.disputes_count) == (6, 4, 4)

    def test_source_page_lists_its_stance_on_each_claim_and_agreement(self, client, demo):
        response = client.get("/sources/cnn/")
        html = response.content.decode()
        assert html.count('data-source="cnn"') == 8
        assert 'data-stance="disputes"' in html
        agreement = response.context["agreement"]
        # Eight CNN reports. On "best-trained units" CNN is the only origin: that says nothing.
        # Of the other seven, the other origins lean its way for its supporting reports on the
        # main claim, "units redirected" and "relatively small", and its disputes of "substantial
        # movement" (Politico disputes too) and "mostly conscripts" (BBC too); not for its
        # disputes of the main claim and of "relatively small", where the others support.
        assert agreement == {"total": 7, "agreeing": 5, "alone": 1}
        assert "Agrees with the other origins" in html

    def test_click_through_from_a_citation_to_its_source(self, client, demo):
        html = client.get(f"/claims/{MAIN_CLAIM_SLUG}/").content.decode()
        assert 'href="/sources/politico/"' in html
        assert client.get("/sources/politico/").status_code == 200

    def test_unknown_source_is_404(self, client):
        assert client.get("/sources/nobody/").status_code == 404


class TestMatrix:
    def test_matrix_cells_carry_stance_symbol_and_quote(self, client, demo):
        html = client.get("/matrix/", {"topic": "kursk-incursion"}).content.decode()
        assert re.search(
            r'<td class="cell cell--supports"[^>]*data-source="bbc" data-stance="supports"', html
        )
        # CNN both supports and disputes the main claim: the heaviest report decides, marked mixed.
        assert "<sup>±</sup>" in html
        assert "relatively small" in html  # quotes in the tooltips
        assert 'data-consensus="corroborated"' in html

    def test_matrix_sorts_by_consensus_or_recency(self, client, demo):
        rows = [row["claim"] for row in client.get("/matrix/").context["matrix"]["rows"]]
        ranks = [claim.consensus_rank for claim in rows]
        assert ranks == sorted(ranks, reverse=True)
        labels = [claim.consensus_label for claim in rows]
        # Best supported first: corroborated, single-source, unconfirmed, contested, disputed.
        assert labels.index("corroborated") < labels.index("single_source") < labels.index("disputed")
        assert client.get("/matrix/", {"sort": "updated"}).status_code == 200
        assert client.get("/matrix/", {"sort": "nonsense"}).context["sort"] == "consensus"

    def test_retracted_only_cell_is_hollow(self, client):
        citation = CitationFactory(retracted=True, retraction_reason="Corrected.")
        html = client.get("/matrix/").content.decode()
        assert f'cell--retracted" data-source="{citation.source.slug}"' in html

    def test_topic_page_has_its_matrix(self, client, demo):
        response = client.get("/topics/kursk-incursion/")
        assert response.status_code == 200
        assert b'class="matrix"' in response.content
        assert client.get("/topics/nothing-here/").status_code == 404


class TestFeedAndCsv:
    def test_atom_feed_parses_and_takes_the_filters(self, client, demo):
        response = client.get("/feeds/claims/", {"consensus": "corroborated"})
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        ns = {"atom": "http://www.w3.org/2005/Atom"}
        titles = [entry.find("atom:title", ns).text for entry in root.findall("atom:entry", ns)]
        assert len(titles) == Claim.objects.published().filter(consensus_label="corroborated").count() == 2
        assert all(entry.find("atom:updated", ns) is not None for entry in root.findall("atom:entry", ns))

    def test_feed_never_lists_drafts(self, client, analyst, demo):
        client.force_login(analyst)
        root = ET.fromstring(client.get("/feeds/claims/").content)
        assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == Claim.objects.published().count()

    def test_csv_has_a_header_and_one_row_a_claim(self, client, demo):
        response = client.get("/claims.csv", {"topic": "kursk-incursion"})
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert rows[0][:4] == ["slug", "statement", "url", "consensus"]
        by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        assert len(by_slug) == Claim.objects.published().filter(topics__slug="kursk-incursion").count()
        assert by_slug[MAIN_CLAIM_SLUG]["agree"] == "bbc cnn kursk-roundup"
        assert by_slug[MAIN_CLAIM_SLUG]["disagree"] == "cnn"


class TestErrors:
    def test_custom_404(self, client):
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        assert b"Not found" in response.content and b"corroborate.css" in response.content

    def test_custom_500_template_renders_without_a_request(self):
        from django.template.loader import render_to_string

        html = render_to_string("500.html")
        assert "Something went wrong" in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        with CaptureQueriesContext(connection) as streamed:
            b"".join(response.streaming_content)
        return len(context) + len(streamed)
    return len(context)


def add_claims(count, topic, sources):
    for index in range(count):
        claim = ClaimFactory(topics=[topic])
        CitationFactory(claim=claim, source=sources[index % len(sources)])
        CitationFactory(claim=claim, source=sources[(index + 1) % len(sources)], stance="disputes")
        CitationFactory(
            claim=claim,
            source=sources[(index + 2) % len(sources)],
            relies_on=sources[(index + 3) % len(sources)],
        )


# Pinned query counts (response cache off, as in every test; anonymous reader). The claim list:
# the count, capped at 501 rows (1), the page of claims with stored consensus (1), their topics
# (1), the topic options of the filters (1), every source with its grade, for the source options
# and the names of the page's sources (1): 5. A topic or source filter first looks its slug up: 6.
# - /sources/: the count (1), the page of sources with their stance mix in one aggregate (1): 2.
# - /sources/<slug>/: the source (1), its reports' count (1), its agreement with each
#   consensus over its latest reports (1), the page of its citations with their claims (1): 4.
# - /topics/<slug>/: the topic (1), the count (1), the claims (1), their citations (1): 4.
# - /matrix/: the count (1), the claims (1), their citations with sources and levels (1), the
#   filter options (2): 5; with a topic, its slug first: 6.
# - The feed and the CSV: the claims (1), their topics (1), the sources they name (1): 3.
PAGE_QUERY_COUNTS = {
    "/": 5,
    "/?q=troop": 5,
    "/?topic={topic}&consensus=contested": 6,
    "/?source={source}&stance=supports": 6,
    "/sources/": 2,
    "/sources/{source}/": 4,
    "/topics/{topic}/": 4,
    "/matrix/": 5,
    "/matrix/?topic={topic}&sort=updated": 6,
    "/feeds/claims/": 3,
    "/claims.csv": 3,
}


def test_page_query_counts_are_pinned_and_do_not_grow_with_rows(client):
    """Every page above measured at 3 claims and again at 30 (one data set for all of them)."""
    topic = TopicFactory()
    sources = SourceFactory.create_batch(4)

    def counts():
        return {
            url: count_queries(client, url.format(topic=topic.slug, source=sources[1].slug))
            for url in PAGE_QUERY_COUNTS
        }

    add_claims(3, topic, sources)
    few = counts()
    add_claims(27, topic, sources)
    assert few == PAGE_QUERY_COUNTS, "at 3 claims"
    assert counts() == PAGE_QUERY_COUNTS, "at 30 claims"


def test_claim_page_query_count_does_not_grow_with_citations(client):
    claim = ClaimFactory(topics=[TopicFactory()])
    sources = SourceFactory.create_batch(30)
    for source in sources[:3]:
        CitationFactory(claim=claim, source=source, relies_on=sources[-1])
    few = count_queries(client, claim.get_absolute_url())
    for source in sources[3:29]:
        CitationFactory(claim=claim, source=source)
    many = count_queries(client, claim.get_absolute_url())
    # The claim with whether it has relations or questions (1), its topics (1), its citations
    # with sources, relays and levels (1), related claims with their ranking in one (1): 4.
    assert few == many == 4, f"{few} queries at 3 citations, {many} at 29"
    # Related to another claim and a question's hypothesis: its relations both ways (1) and its
    # questions (1) are read too.
    services.set_relations(claim=claim, relations=[("contradicts", ClaimFactory())])
    QuestionFactory(hypotheses=[claim])
    for source in sources[29:]:
        CitationFactory(claim=claim, source=source)
    assert count_queries(client, claim.get_absolute_url()) == 6
