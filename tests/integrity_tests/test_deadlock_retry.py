"""A write that loses a deadlock is run again; one that keeps losing is a 503 that says "try again"."""

import threading

import pytest
from django.db import OperationalError, transaction
from django.test import RequestFactory

from claims.models import Claim
from claims.services.locking import TryAgain, lock_claims, retry_on_conflict
from config.middleware import DatabaseUnavailableMiddleware
from tests.factories import ClaimFactory

from .conftest import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql"),
]


def test_two_writers_locking_in_opposite_orders_both_succeed_after_a_retry():
    first, second = ClaimFactory(), ClaimFactory()
    both_hold_one = threading.Barrier(2)
    attempts = {"a": 0, "b": 0}

    def writer(name, one, other):
        def work():
            attempts[name] += 1
            with transaction.atomic():
                lock_claims([one.pk])
                if attempts[name] == 1:
                    both_hold_one.wait(timeout=10)  # each holds a row the other wants next
                lock_claims([other.pk])
                Claim.objects.filter(pk=one.pk).update(context=f"written by {name}")
            return name

        return lambda: retry_on_conflict(work)

    results = run_together(writer("a", first, second), writer("b", second, first))
    assert sorted(results) == ["a", "b"]
    assert sorted(attempts.values()) == [1, 2]  # PostgreSQL broke the deadlock; the loser ran again


def test_a_write_that_keeps_losing_is_a_503_saying_try_again():
    def always_deadlocked():
        class Deadlock(Exception):
            pgcode = "40P01"

        error = OperationalError("deadlock detected")
        error.__cause__ = Deadlock()
        raise error

    with pytest.raises(TryAgain):
        retry_on_conflict(always_deadlocked)
    request = RequestFactory().post("/api/claims/")
    response = DatabaseUnavailableMiddleware(lambda r: None).process_exception(request, TryAgain())
    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert b"try again" in response.content and b"unavailable" not in response.content
