"""The Kursk question's board in headless Chromium: ranked, readable on a phone."""

import pytest
from django.core.management import call_command

from tests.conftest import MAIN_CLAIM_SLUG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOARD = "/questions/how-many-russian-troops-moved-from-ukraine-to-kursk-in-august-2024/"


@pytest.fixture
def demo_server(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return live_server.url


@pytest.mark.parametrize("width", [375, 1440])
def test_the_board_ranks_the_hypotheses_and_fits_the_screen(page, demo_server, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{demo_server}{BOARD}")
    ranked = page.locator(".ranking__item")
    assert ranked.count() == 3
    assert ranked.first.get_attribute("data-hypothesis") == MAIN_CLAIM_SLUG
    assert (
        page.locator(f'td[data-source="cnn"][data-hypothesis="{MAIN_CLAIM_SLUG}"]').get_attribute(
            "data-stance"
        )
        == "supports"
    )
    # No sideways scrolling of the page itself, at a phone's width too.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if width == 1440:
        screenshot(page, "question-board")
    page.get_by_role("link", name="H1", exact=False).first.click()
    page.wait_for_url(f"**/claims/{MAIN_CLAIM_SLUG}/")
    assert page.get_by_role("heading", name="Questions it answers").is_visible()
    assert page.console_errors == []
