"""API rate limits that cost O(1) a request: one counter per client and window.

DRF's own throttles keep every request's timestamp of the window in the cache and rewrite the
whole list on each request; behind a proxy or CDN, where many readers share an address and the
limits are high, that is thousands of timestamps through Redis per request. Here each request
increments one counter that expires with its window (a fixed window: a client can burst to twice
the rate across a boundary, the usual trade for a counter). The counter lives in the default
cache (Redis, shared by every worker, with REDIS_URL); if that fails, in the worker's memory;
if even that fails, the request is let through: a limiter must never take the API down.

The client is common.clients.client_address, the rule django-axes uses too: the address the
request came from, or behind TRUSTED_PROXY_COUNT proxies the one they forwarded.
"""

import logging

from django.core.cache import caches
from rest_framework import throttling

from common.clients import client_address

from ..cache import SharedLayer

logger = logging.getLogger("corroborate.throttling")

shared_counters = SharedLayer("default")


def count_request(key, window_seconds):
    """This request's number within its window, or None when no counter could be kept."""
    for counters in (shared_counters, None):
        try:
            if counters is None:
                return _increment(caches["local"], key, window_seconds)
            if not counters.available():
                continue
            return _increment(caches[counters.alias], key, window_seconds)
        except Exception as error:  # noqa: BLE001  (fail over, then fail open)
            if counters is not None:
                counters.pause(error)
            else:
                logger.warning("no throttle counter could be kept (%s): request let through", error)
    return None


def _increment(cache, key, window_seconds):
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new count
        cache.set(key, 1, timeout=window_seconds + 1)
        return 1


class FixedWindowMixin:
    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = count_request(f"{self.key}:{window}", self.duration)
        return count is None or count <= self.num_requests

    def wait(self):
        return max(0.0, self.window_ends - self.now)


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    pass
