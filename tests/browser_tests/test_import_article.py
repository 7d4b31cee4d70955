"""An analyst imports the seed article in the admin, end to end, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim
from tests.factories import AnalystFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED = Path(__file__).resolve().parents[1] / "intake_tests" / "articles" / "kursk-seed.txt"
SHOTS = Path("/tmp/shots-intake")
REDIRECTED = "russian-units-are-being-redirected-from-ukraine-to-the-kursk-area"
NEW_STATEMENT = "Russia shifted a relatively small number of troops from Zaporizhzhia and Kherson to Kursk."


def proposal(page, needle):
    return page.locator("fieldset.proposal", has=page.locator("blockquote", has_text=needle))


def choose_claim(page, row, search, statement):
    """The admin's own autocomplete: open it, type, pick the claim."""
    row.locator(".field-claim .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=statement).click()


def csp_violations(page):
    return page.evaluate("() => window.__cspViolations")


def test_import_the_seed_article(page, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    analyst = AnalystFactory(username="importer")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", analyst.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/claims/claim/")
    page.get_by_role("link", name="Import an article").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Article:").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_label("Published on:").fill("2024-08-16")
    page.get_by_role("button", name="Find the attributions").click()
    page.wait_for_selector("fieldset.proposal")
    page.wait_for_load_state("networkidle")

    # Every proposal beside its sentence, the quote marked, the source matched; autocomplete,
    # calendar and stylesheet all work under the CSP.
    assert page.locator("fieldset.proposal").count() == 8
    assert csp_violations(page) == []
    assert page.locator(".field-claim .select2-selection").count() == 8
    bbc = proposal(page, "Ukrainian soldiers told the BBC")
    assert bbc.locator("mark").inner_text().startswith("Russian forces had been moved")
    assert bbc.locator(".field-source .select2-selection__rendered").inner_text().strip().endswith("BBC News")
    politico = proposal(page, "also told Politico")
    assert politico.get_by_label("Speaker:", exact=True).input_value() == "a Ukrainian military spokesperson"
    assert politico.get_by_label("Anonymous speaker").is_checked()
    assert "On Tuesday" in politico.locator(".proposal-meta").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"import-proposals-{width}.png"), full_page=True)
        # The page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1440, "height": 900})

    # Keep three: one onto an existing claim found with the autocomplete, two onto one new statement.
    bbc.get_by_label("Keep proposal").check()
    choose_claim(page, bbc, "redirected", "Russian units are being redirected")
    bbc.get_by_label("Stance").select_option("supports")
    bbc.get_by_label("Confidence").select_option("moderate")

    politico.get_by_label("Keep proposal").check()
    politico.get_by_label("…or a new claim").fill(NEW_STATEMENT)
    politico.get_by_label("Stance").select_option("supports")
    politico.get_by_label("Confidence").select_option("moderate")

    best_units = proposal(page, "best-trained units")
    best_units.get_by_label("Keep proposal").check()
    best_units.get_by_label("…or a new claim").fill(NEW_STATEMENT)
    best_units.get_by_label("Stance").select_option("qualifies")
    best_units.get_by_label("Confidence").select_option("low")

    page.get_by_role("button", name="Save the kept citations").click()
    page.wait_for_url(f"{live_server.url}/admin/claims/claim/")
    success = page.locator(".messagelist .success")
    assert "Saved 3 citations on 2 claims (1 new" in success.inner_text()
    assert csp_violations(page) == []

    # The existing claim's page shows the new BBC report under Agree.
    success.get_by_role("link", name="Russian units are being redirected").click()
    page.wait_for_url(f"**/claims/{REDIRECTED}/")
    bbc_report = page.locator('section[data-group="supports"] article.citation[data-source="bbc"]')
    assert bbc_report.count() == 1
    assert "Ukrainian soldiers" in bbc_report.inner_text()
    page.screenshot(path=str(SHOTS / "claim-after-import-1440.png"), full_page=True)

    # The new claim (a draft, which analysts see) carries the other two.
    new = Claim.objects.get(statement=NEW_STATEMENT)
    assert new.status == "draft"
    page.goto(f"{live_server.url}{new.get_absolute_url()}")
    assert page.locator('article.citation[data-source="politico"][data-stance="supports"]').count() == 1
    assert page.locator('article.citation[data-source="cnn"][data-stance="qualifies"]').count() == 1
    assert page.locator(".verdict [data-consensus]").get_attribute("data-consensus") == "single_source"
    assert page.console_errors == []
