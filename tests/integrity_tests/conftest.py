"""Races between real transactions: threads against PostgreSQL, each with its own connection."""

import threading

import pytest
from django.db import connections
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import AnalystFactory


def run_together(*functions, timeout=60):
    """Run the functions in threads released at the same moment; return their results in order.

    Each thread uses its own database connection (closed at the end, so the test database can be
    flushed); an exception in a thread is raised here.
    """
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)
    errors = []

    def runner(index, function):
        try:
            barrier.wait(timeout=timeout)
            results[index] = function()
        except BaseException as error:  # noqa: BLE001  (re-raised in the main thread)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def token_api(db):
    """A function making a new API client (one per thread) for an analyst with a token."""
    analyst = AnalystFactory(username="race-analyst")
    _, token = AuthToken.objects.create(user=analyst)

    def make():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make
