"""The pages, the admin and Swagger UI work under the Content-Security-Policy, in a real browser."""

import pytest
from django.core.management import call_command

from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import AnalystFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def blocked(page, url):
    """Load a page; return what the CSP blocked and any console error about it."""
    page.console_errors.clear()
    page.goto(url, wait_until="networkidle")
    violations = page.evaluate("() => window.__cspViolations")
    console = [
        text for text in page.console_errors if "Content Security Policy" in text or "Refused to" in text
    ]
    return violations + console


def test_claim_page_admin_and_api_docs_work_under_the_csp(page, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    response = page.request.get(f"{live_server.url}/")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")

    assert blocked(page, f"{live_server.url}/claims/{MAIN_CLAIM_SLUG}/") == []
    assert page.locator("[data-consensus]").count() >= 1

    analyst = AnalystFactory(username="csp-analyst")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", analyst.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    # The claim form runs the inline, autocomplete and prepopulate scripts.
    assert blocked(page, f"{live_server.url}/admin/claims/claim/add/") == []
    page.click("text=Add another Citation")
    assert page.locator(".inline-related").count() >= 2
    page.click(".field-source .select2-selection")
    page.wait_for_selector(".select2-results__option")

    assert blocked(page, f"{live_server.url}/api/docs/") == []
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() > 5
    assert page.console_errors == []
