"""After an edit, a crowd of readers costs one render: the rest get the previous version meanwhile.

Real threads, real commits: each thread is a reader with its own database connection, and the
edit's epoch moves when its transaction commits.
"""

import threading
import time

import pytest
from django.test import Client
from django.test.signals import template_rendered

from claims import services
from tests.factories import CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READERS = 8


@pytest.fixture
def slow_list_renders():
    """Counts renders of the claim list, each held long enough for every other reader to arrive."""
    renders = []

    def count(sender, template, **kwargs):
        if template.name == "claims/claim_list.html":
            renders.append(template.name)
            time.sleep(0.3)

    template_rendered.connect(count)
    yield renders
    template_rendered.disconnect(count)


def read_concurrently(url, count):
    barrier = threading.Barrier(count)
    responses = [None] * count

    def reader(index):
        barrier.wait()
        responses[index] = Client().get(url)

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
