"""A reader's path through the pages, in headless Chromium."""

import pytest

from tests.conftest import MAIN_CLAIM_SLUG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def stances(page, group):
    return sorted(
        (el.get_attribute("data-source"), el.get_attribute("data-stance"))
        for el in page.locator(f'section[data-group="{group}"] article.citation').all()
    )


def test_claim_page_groups_the_reports(page, demo_server, screenshot):
    page.goto(f"{demo_server}/claims/{MAIN_CLAIM_SLUG}/")
    assert stances(page, "supports") == [
        ("bbc", "supports"),
        ("cnn", "supports"),
        ("kursk-roundup", "supports"),
    ]
    assert stances(page, "disputes") == [("cnn", "disputes")]
    assert stances(page, "qualifies") == [("politico", "qualifies"), ("white-house", "qualifies")]
    assert page.locator(".verdict [data-consensus]").get_attribute("data-consensus") == "corroborated"
    # Columns count sources, as the verdict counts origins; CNN's two stances sit under its name.
    assert page.get_by_role("heading", name="Agree (3 sources)", exact=True).is_visible()
    assert page.get_by_role("heading", name="Disagree (1 source)", exact=True).is_visible()
    screenshot(page, "claim")
    assert page.console_errors == []


def test_search_from_the_list_lands_on_the_claim(page, demo_server, screenshot):
    page.goto(demo_server)
    screenshot(page, "list")
    page.get_by_label("Search claims").fill("relatively small troops")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=*")
    page.get_by_role(
        "link", name="Russia moved thousands of troops from its front lines in Ukraine to defend Kursk."
    ).click()
    page.wait_for_url(f"**/claims/{MAIN_CLAIM_SLUG}/")
    assert page.locator("h1").inner_text().startswith("Russia moved thousands of troops")


def test_filter_chips_add_and_remove(page, demo_server, screenshot):
    page.goto(demo_server)
    page.get_by_label("Topic").select_option("kursk-incursion")
    page.get_by_label("Consensus").select_option("corroborated")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**consensus=corroborated**")
    chips = page.locator(".chip")
    assert chips.count() == 2
    assert page.locator(".claim-row").count() == 2
    screenshot(page, "chips")
    page.get_by_role("link", name="Remove filter Consensus: Corroborated").click()
    page.wait_for_load_state()
    assert "consensus" not in page.url
    assert page.locator(".chip").count() == 1
    assert page.locator(".claim-row").count() > 2


def test_matrix_shows_stances_with_no_box_of_its_own(page, demo_server, screenshot):
    page.goto(f"{demo_server}/matrix/?topic=kursk-incursion")
    bbc = page.locator('td.cell[data-source="bbc"][data-stance="supports"]')
    assert bbc.count() >= 1
    assert "supports" in bbc.first.inner_text() or "✓" in bbc.first.inner_text()
    assert page.locator('td.cell[data-stance="disputes"]').count() >= 1
    screenshot(page, "matrix")
    for width in (375, 1440):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # No scrolling box around the table: every source column is on the page, in view.
        boxed = page.evaluate(
            """() => { let el = document.querySelector('table.matrix').parentElement; const boxes = [];
                while (el && el !== document.body) { const style = getComputedStyle(el);
                  if (/(auto|scroll)/.test(style.overflowX + style.overflowY)) boxes.push(el.className);
                  el = el.parentElement; } return boxes; }"""
        )
        assert boxed == []
        for header in page.locator(".matrix thead th").all():
            box = header.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
        header = page.locator(".matrix thead th").nth(2)
        assert header.evaluate("el => getComputedStyle(el).position") == "sticky"


def test_click_through_to_a_source(page, demo_server, screenshot):
    page.goto(f"{demo_server}/claims/{MAIN_CLAIM_SLUG}/")
    page.locator('[data-group="qualifies"] .group__source-name a', has_text="Politico").click()
    page.wait_for_url("**/sources/politico/")
    assert page.locator("h1").inner_text() == "Politico"
    assert page.locator('[data-source="politico"][data-stance]').count() >= 3
    screenshot(page, "source")
    page.goto(f"{demo_server}/sources/")
    screenshot(page, "sources")


def test_pages_fit_from_375_to_1440_pixels(page, demo_server):
    for width in (375, 768, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        for path in (
            "/",
            f"/claims/{MAIN_CLAIM_SLUG}/",
            "/sources/",
            "/sources/cnn/",
            "/matrix/",
            "/topics/kursk-incursion/",
        ):
            page.goto(demo_server + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)


def test_keyboard_focus_is_visible(page, demo_server):
    page.goto(demo_server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
