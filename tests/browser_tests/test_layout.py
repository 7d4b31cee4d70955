"""What a reader sees at 375 and 1440 px: who backs each claim, why the verdict, and a page that
never runs off the side of the screen."""

import pytest

from claims import services
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, ClaimFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (375, 1440)


def test_list_rows_name_their_sources(page, demo_server, screenshot):
    page.goto(demo_server)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        row = page.locator(".claim-row", has_text="Russia moved thousands of troops")
        chips = row.locator(".source-chip")
        assert chips.count() == 6
        assert chips.first.is_visible()
        named = {
            (chip.get_attribute("data-source"), chip.get_attribute("data-stance")) for chip in chips.all()
        }
        assert ("bbc", "supports") in named and ("cnn", "disputes") in named
        assert "BBC News" in row.locator(".source-chips").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, "list-rows")


def test_the_claim_page_says_why_and_sources_come_before_context_on_a_phone(page, demo_server, screenshot):
    page.goto(f"{demo_server}/claims/{MAIN_CLAIM_SLUG}/")
    sentence = page.locator(".verdict__why")
    assert sentence.inner_text().startswith("Corroborated by BBC News and CNN, 2 of 4 independent origins")
    page.set_viewport_size({"width": 375, "height": 800})
    reports = page.locator(".claim__reports").bounding_box()
    context = page.locator(".claim__context").bounding_box()
    assert reports["y"] < context["y"]
    # The first source name is on the first screens, not after the background.
    assert page.locator(".group__source-name").first.bounding_box()["y"] < 1600
    screenshot(page, "claim-why")


def test_on_a_phone_the_filters_fold_away_until_asked_for(page, demo_server):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_server)
    assert not page.get_by_label("Topic").is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_label("Topic").is_visible()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(demo_server)
    assert page.get_by_label("Topic").is_visible()


def test_a_500_character_word_never_widens_a_page(page, live_server, screenshot):
    word = "x" * 500
    claim = ClaimFactory(statement=f"A claim with {word[:450]} in it.", slug="long-word")
    source = SourceFactory(name=f"Source{word[:150]}", slug="long-source")
    CitationFactory(claim=claim, source=source, quote=word, speaker=word[:250])
    services.recompute_consensus()
    for path in ("/", "/claims/long-word/", "/matrix/", "/sources/", "/sources/long-source/"):
        page.goto(f"{live_server.url}{path}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
    many = ClaimFactory(slug="many-sources")
    for index in range(12):
        CitationFactory(claim=many, source=SourceFactory(name=f"Outlet number {index}"))
    page.goto(f"{live_server.url}/matrix/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            "matrix with 13 sources",
            width,
        )
    page.goto(f"{live_server.url}/")
    screenshot(page, "long-word")
