"""A grade or weight change that affects more claims than one batch: pending rows written with the
change, drained in batches by a Celery worker, or inline when there is no broker to ask."""

import socket
import time

import pytest
from django.db import connections

from claims import services
from claims.models import Claim, PendingRecomputation
from claims.services import fanout
from claims.services.derived import stale_ids
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, confidence

BATCH = 4


@pytest.fixture
def small_batches(monkeypatch):
    # The rule is the same at 500; 4 keeps the data small enough to build quickly.
    monkeypatch.setattr(fanout, "BATCH_SIZE", BATCH)


def cited_by(source, count):
    claims = []
    for _ in range(count):
        claim = ClaimFactory()
        CitationFactory(claim=claim, source=source, stance="supports")
        CitationFactory(claim=claim, stance="disputes", confidence=confidence("low"))
        claims.append(claim)
    return claims


def regrade(source, grade):
    source.reliability = grade
    return services.save_source(source=source, fields=["reliability"])


def all_fresh():
    return not stale_ids(Claim.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_one_batch_is_recomputed_inline_in_the_same_transaction(small_batches):
    wire = SourceFactory(reliability="B")
    cited_by(wire, BATCH)
    result = regrade(wire, "E")
    assert (result.claims, result.in_background) == (BATCH, False)
    assert not PendingRecomputation.objects.exists()
    assert all_fresh()


@pytest.mark.django_db
def test_more_than_a_batch_is_queued_with_the_change_and_drained_without_a_broker(
    small_batches, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = None
    wire = SourceFactory(reliability="B")
    cited_by(wire, 3 * BATCH + 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = regrade(wire, "E")
    assert (result.claims, result.in_background) == (3 * BATCH + 1, True)
    # Written in the change's own transaction: nothing is lost if the process dies now.
    assert PendingRecomputation.objects.count() == 3 * BATCH + 1
    assert not all_fresh()
    for callback in callbacks:
        callback()
    assert not PendingRecomputation.objects.exists()
    assert all_fresh()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_an_unreachable_broker_means_inline_at_once(
    small_batches, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    level = confidence("low")
    cited_by(SourceFactory(), 2 * BATCH)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        level.weight = "0.05"
        result = services.save_confidence_level(level=level, fields=["weight"])
    assert result.in_background
    assert time.monotonic() - started < 5
    assert not PendingRecomputation.objects.exists()
    assert all_fresh()


@pytest.mark.django_db
def test_the_repair_command_drains_what_a_dead_worker_left(
    small_batches, settings, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    wire = SourceFactory(reliability="B")
    cited_by(wire, 2 * BATCH)
    with django_capture_on_commit_callbacks(execute=False):
        regrade(wire, "A")  # the worker that would drain these never runs
    out = StringIO()
    call_command("recompute_consensus", "--pending", stdout=out)
    assert f"Drained {2 * BATCH} pending recomputations." in out.getvalue()
    assert out.getvalue().splitlines()[-1] == "0 stale"
    assert all_fresh()


def redis_or_skip(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {url} for the Celery broker")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_celery_worker_drains_the_queue_in_the_background(small_batches, settings, postgresql):
    """A worker thread with its own connection: PostgreSQL (SQLite's in-memory test database
    locks its tables between threads)."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from config.celery import app

    broker = "redis://127.0.0.1:6379/14"
    redis_or_skip(broker)
    settings.CELERY_BROKER_URL = broker
    app.conf.broker_url = broker
    wire = SourceFactory(reliability="B")
    cited_by(wire, 3 * BATCH)
    ran_on_worker = []
    task_postrun.connect(lambda sender=None, **kwargs: ran_on_worker.append(sender.name), weak=False)
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        started = time.monotonic()
        result = regrade(wire, "E")  # commits: the task is handed to the worker
        answered = time.monotonic() - started
        assert result.in_background and answered < 1
        deadline = time.monotonic() + 30
        while PendingRecomputation.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    connections.close_all()
    assert ran_on_worker == ["claims.tasks.drain_pending_recomputations"]
    assert not PendingRecomputation.objects.exists()
    assert all_fresh()
