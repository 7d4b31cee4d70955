"""Rate limits: one counter per client and window, the real client behind trusted proxies, and
never a reason to fail."""

import time

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from claims.api import throttling
from tests.factories import AnalystFactory

from .conftest import free_port, use_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)


def test_the_fourth_request_in_a_window_is_a_429_with_retry_after(client, three_a_minute):
    statuses = [client.get("/api/topics/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/topics/")
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_client_costs_one_counter_however_many_requests(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000/minute", raising=False)
    for _ in range(50):
        client.get("/api/topics/")
    keys = list(caches["default"]._cache)  # LocMem's own store: what the throttle wrote
    assert len(keys) <= 2  # this window's counter (and the next one, at a boundary)
    assert max(caches["default"].get(key.split(":", 2)[-1]) or 0 for key in keys) <= 50


def test_trusted_proxies_count_the_client_they_forwarded(client, settings, three_a_minute):
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it was reached from; what the client wrote before it is ignored.
    first = [
        client.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7").status_code
        for n in range(4)
    ]
    other = client.get("/api/topics/", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code
    assert first == [200, 200, 200, 429] and other == 200


def test_without_trusted_proxies_a_forged_header_changes_nothing(client, three_a_minute):
    statuses = [client.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_throttling_falls_back_to_memory_then_fails_open(client, settings, three_a_minute, monkeypatch):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    # Redis unreachable: each worker counts for itself, and still limits.
    assert [client.get("/api/topics/").status_code for _ in range(4)] == [200, 200, 200, 429]

    def broken(*args, **kwargs):
        raise RuntimeError("no memory either")

    monkeypatch.setattr(throttling, "_increment", broken)
    assert client.get("/api/topics/").status_code == 200


def test_login_lockout_is_per_client_behind_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    AnalystFactory(username="alice")
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "alice", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = client.post(
        login, {"username": "alice", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        login,
        {"username": "alice", "password": "correct horse battery staple"},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert elsewhere.status_code == 302  # the analyst logs in from her own address


def test_under_a_high_limit_redis_is_asked_once_a_batch(client, settings, redis_server, monkeypatch):
    from claims.api import throttling as module

    monkeypatch.setattr(AnonRateThrottle, "rate", "10000/minute", raising=False)  # batches of 10
    monkeypatch.setattr(UserRateThrottle, "rate", "20000/minute", raising=False)
    use_redis(settings, redis_server.url)
    module.tally.unsent.clear()
    calls = []
    real = module._increment_in_redis

    def counting(*args, **kwargs):
        calls.append(kwargs.get("by", 1))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "_increment_in_redis", counting)
    for _ in range(30):
        assert client.get("/api/topics/").status_code == 200
    assert calls == [10, 10, 10]


@pytest.mark.slow  # 2,003 requests
def test_a_batched_limit_still_refuses_past_it(client, settings, redis_server, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "2000/minute", raising=False)  # batches of 2
    monkeypatch.setattr(UserRateThrottle, "rate", "20000/minute", raising=False)
    use_redis(settings, redis_server.url)
    # The windows are the clock's minutes: on a slow machine 2,003 requests can cross into the
    # next one and start counting again, so the throttles' clock stays inside this minute.
    middle_of_this_minute = time.time() // 60 * 60 + 30
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: middle_of_this_minute))
    statuses = [client.get("/api/topics/").status_code for _ in range(2003)]
    assert statuses[:2000] == [200] * 2000 and 429 in statuses[2000:]
