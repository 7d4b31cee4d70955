"""PostgreSQL refuses NUL characters in any query; they must come back as a 400, never a 500."""

import pytest
from knox.models import AuthToken

from tests.factories import AnalystFactory

pytestmark = pytest.mark.django_db

NUL = "ab\u0000c"


@pytest.fixture
def token_header(db):
    _, token = AuthToken.objects.create(user=AnalystFactory(username="script"))
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


@pytest.mark.parametrize("field", ["source", "relies_on", "confidence"])
def test_a_nul_in_a_citations_slug_is_a_field_error(client, demo, token_header, field):
    citation = {"source": "cnn", "stance": "supports", "quote": "Troops moved.", field: NUL}
    response = client.post(
        "/api/claims/",
        {"statement": "A claim with a bad citation", "citations": [citation]},
        content_type="application/json",
        **token_header,
    )
    assert response.status_code == 400
    assert field in response.json()["citations"]["0"]


@pytest.mark.parametrize("field,value", [("topics", [NUL]), ("confidence", NUL)])
def test_a_nul_in_a_claims_slug_is_a_field_error(client, demo, token_header, field, value):
    response = client.post(
        "/api/claims/",
        {"statement": "A claim with a bad slug", field: value},
        content_type="application/json",
        **token_header,
    )
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/claims/ab%00c/",
        "/api/claims/?source=b%00&stance=supports",
        "/claims/ab%00c/",
        "/?q=troops%00",
        "/matrix/?topic=a%00b",
        "/admin/claims/claim/?status=a%00",
    ],
)
def test_a_nul_in_the_address_is_a_400_that_says_why(admin_client, demo, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
