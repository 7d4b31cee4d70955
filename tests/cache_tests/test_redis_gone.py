"""Redis is an accelerator: up, killed mid-run, a closed port or a listener that never answers,
every reader page and API read still answers 200, fast, and /healthz says "degraded"."""

import time

import pytest
from rest_framework.throttling import AnonRateThrottle

from claims.cache import shared
from tests.conftest import MAIN_CLAIM_SLUG

from .conftest import free_port, use_redis

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    f"/claims/{MAIN_CLAIM_SLUG}/",
    "/matrix/",
    "/sources/",
    "/api/claims/",
    f"/api/claims/{MAIN_CLAIM_SLUG}/",
]


def answers(client):
    statuses, slowest = [], 0.0
    for url in URLS:
        started = time.monotonic()
        statuses.append(client.get(url).status_code)
        slowest = max(slowest, time.monotonic() - started)
    return statuses, slowest


def test_redis_up_then_killed_mid_run(client, demo, settings, redis_server, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000/minute", raising=False)
    use_redis(settings, redis_server.url)
    assert answers(client)[0] == [200] * len(URLS)
    assert client.get("/healthz").json()["cache"] == "ok"
    redis_server.stop()
    statuses, slowest = answers(client)
    assert statuses == [200] * len(URLS)
    assert slowest < 1.5
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["cache"] == "degraded"


def test_a_closed_port(client, demo, settings, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000/minute", raising=False)
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    statuses, slowest = answers(client)
    assert statuses == [200] * len(URLS) and slowest < 1.5
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "up",
        "cache": "degraded",
        "pending_recomputations": 0,
    }


def test_a_listener_that_never_answers(client, demo, settings, silent_listener, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000/minute", raising=False)
    use_redis(settings, silent_listener)
    started = time.monotonic()
    statuses, _ = answers(client)
    assert statuses == [200] * len(URLS)
    # The first request waits out the 100 ms timeouts; then the breaker skips Redis.
    assert time.monotonic() - started < 3
    assert client.get("/healthz").json()["cache"] == "degraded"


def test_the_breaker_tries_redis_again_after_its_pause(client, demo, settings, redis_server, monkeypatch):
    use_redis(settings, redis_server.url)
    shared.pause(RuntimeError("a moment ago"))
    assert client.get("/healthz").json()["cache"] == "degraded"
    monkeypatch.setattr(shared, "paused_until", 0.0)
    assert client.get("/healthz").json()["cache"] == "ok"
