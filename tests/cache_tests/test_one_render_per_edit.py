"""After an edit, a crowd of readers costs one render: the rest get the previous version meanwhile.

Real threads, real commits: each thread is a reader with its own database connection, and the
edit's epoch moves when its transaction commits.
"""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from knox.models import AuthToken

from claims import services
from claims.models import Claim
from tests.factories import AnalystFactory, CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READERS = 8


def slow_renders(*names):
    """Counts renders of the templates named, each held long enough for every other reader to arrive."""
    renders = []

    def count(sender, template, **kwargs):
        if template.name in names:
            renders.append(template.name)
            time.sleep(0.3)

    template_rendered.connect(count)
    yield renders
    template_rendered.disconnect(count)


@pytest.fixture
def slow_list_renders():
    yield from slow_renders("claims/claim_list.html")


@pytest.fixture
def slow_page_renders():
    yield from slow_renders("claims/claim_detail.html", "404.html")


def read_concurrently(url, count, **headers):
    barrier = threading.Barrier(count)
    responses = [None] * count

    def reader(index):
        barrier.wait()
        try:
            responses[index] = Client().get(url, headers=headers)
        finally:
            connection.close()  # this thread's own

    threads = [threading.Thread(target=reader, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def test_a_crowd_after_an_edit_costs_one_render(slow_list_renders):
    renders = slow_list_renders
    claim = ClaimFactory(statement="Before the edit.")
    CitationFactory(claim=claim)
    before = Client().get("/")
    assert b"Before the edit." in before.content
    renders.clear()

    claim.statement = "After the edit."
    services.save_claim(claim=claim, fields=["statement"])
    responses = read_concurrently("/", READERS)

    assert [response.status_code for response in responses] == [200] * READERS
    assert len(renders) == 1
    fresh = [response for response in responses if b"After the edit." in response.content]
    stale = [response for response in responses if b"Before the edit." in response.content]
    assert len(fresh) == 1 and len(stale) == READERS - 1
    # What each was served is what its ETag names: a client holding the previous one asks again.
    assert {response["ETag"] for response in stale} == {before["ETag"]}
    assert fresh[0]["ETag"] != before["ETag"]
    # Once rendered, everyone gets the edit, without another render.
    after = Client().get("/")
    assert b"After the edit." in after.content and after["ETag"] == fresh[0]["ETag"]
    assert len(renders) == 1


def test_the_first_reader_of_a_page_never_gets_another_pages_copy(slow_list_renders):
    """With no previous version to hand out, concurrent first readers each render."""
    renders = slow_list_renders
    claim = ClaimFactory(statement="Only version.")
    CitationFactory(claim=claim)
    responses = read_concurrently("/?page=1", 3)
    assert all(b"Only version." in response.content for response in responses)
    assert len(renders) == 3


def test_an_unpublished_claims_page_is_never_handed_out_as_its_previous_version(slow_page_renders):
    renders = slow_page_renders
    claim = ClaimFactory(slug="soon-withdrawn", statement="Soon withdrawn.")
    CitationFactory(claim=claim)
    assert Client().get("/claims/soon-withdrawn/").status_code == 200

    claim.status = Claim.Status.DRAFT
    services.save_claim(claim=claim, fields=["status"])
    responses = read_concurrently("/claims/soon-withdrawn/", READERS)

    assert [response.status_code for response in responses] == [404] * READERS
    assert renders.count("404.html") == READERS


def test_signed_in_callers_always_get_the_version_after_an_edit(slow_serializer, analyst_token):
    claim = ClaimFactory(slug="edited", statement="Before the edit.")
    CitationFactory(claim=claim)
    token = {"authorization": f"Token {analyst_token}"}
    for headers in ({}, token):  # each audience holds the version before
        assert Client().get("/api/claims/edited/", headers=headers).json()["statement"] == "Before the edit."

    claim.statement = "After the edit."
    services.save_claim(claim=claim, fields=["statement"])
    anonymous = read_concurrently("/api/claims/edited/", 4)
    signed_in = read_concurrently("/api/claims/edited/", 4, **token)

    # A reader may get the version before while another renders this one; a script that has
    # just written never does.
    assert sorted(response.json()["statement"] for response in anonymous) == [
        "After the edit.",
        *["Before the edit."] * 3,
    ]
    assert [response.json()["statement"] for response in signed_in] == ["After the edit."] * 4


@pytest.fixture
def slow_serializer(monkeypatch):
    """Each claim detail the API builds takes long enough for the other callers to arrive."""
    from claims.api import serializers

    build = serializers.ClaimSerializer.to_representation

    def slowly(self, instance):
        time.sleep(0.3)
        return build(self, instance)

    monkeypatch.setattr(serializers.ClaimSerializer, "to_representation", slowly)


@pytest.fixture
def analyst_token():
    _, token = AuthToken.objects.create(user=AnalystFactory(username="script"))
    return token
