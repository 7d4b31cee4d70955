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
import threading

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling

from common.clients import client_address

from ..cache import SharedLayer

logger = logging.getLogger("corroborate.throttling")

shared_counters = SharedLayer("default")


# Under a high limit a worker adds its requests to the shared counter in batches of up to
# limit / BATCH_DIVISOR: a limit of a million a minute costs one Redis round trip per thousand
# requests, and may let each worker overshoot by under a thousandth. Limits under 1,000 a window
# are counted exactly, request by request.
BATCH_DIVISOR = 1000


class Tally:
    """Requests a worker has counted and not yet added to the shared counter, per key."""

    def __init__(self):
        self.lock = threading.Lock()
        self.unsent = {}
        self.last_total = {}

    def take(self, key, batch):
        """This request counted here; how many to send now (0: keep counting locally)."""
        with self.lock:
            if len(self.unsent) > 10_000:  # old windows' keys: drop them now and then
                self.unsent.clear()
                self.last_total.clear()
            unsent = self.unsent.get(key, 0) + 1
            if unsent < batch:
                self.unsent[key] = unsent
                return 0
            self.unsent[key] = 0
            return unsent

    def estimate(self, key):
        with self.lock:
            return self.last_total.get(key, 0) + self.unsent.get(key, 0)

    def sent(self, key, total):
        with self.lock:
            self.last_total[key] = total


tally = Tally()


def count_request(key, window_seconds, *, batch=1):
    """This request's number within its window (with batch > 1, an estimate between syncs), or
    None when no counter could be kept."""
    for counters in (shared_counters, None):
        try:
            if counters is None:
                return _increment(caches["local"], key, window_seconds)
            if not counters.available():
                continue
            cache = caches[counters.alias]
            if batch <= 1 or not isinstance(cache, RedisCache):
                return _increment(cache, key, window_seconds)
            sending = tally.take(key, batch)
            if not sending:
                return tally.estimate(key)
            total = _increment_in_redis(cache, key, window_seconds, by=sending)
            tally.sent(key, total)
            return total
        except Exception as error:  # noqa: BLE001  (fail over, then fail open)
            if counters is not None:
                counters.pause(error)
            else:
                logger.warning("no throttle counter could be kept (%s): request let through", error)
    return None


def _increment(cache, key, window_seconds):
    if isinstance(cache, RedisCache):
        return _increment_in_redis(cache, key, window_seconds)
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new count
        cache.set(key, 1, timeout=window_seconds + 1)
        return 1


def _increment_in_redis(cache, key, window_seconds, by=1):
    """Open the window's counter if need be and count this request: one round trip to Redis.

    Django's add() and incr() are two; under load that is most of what a cached API read costs.
    The counter is stored as Django's Redis cache stores an integer, so get() still reads it.
    """
    key = cache.make_and_validate_key(key)
    pipeline = cache._cache.get_client(key, write=True).pipeline(transaction=False)
    pipeline.set(key, 0, ex=window_seconds + 1, nx=True)
    pipeline.incrby(key, by)
    return pipeline.execute()[1]


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
        batch = max(1, self.num_requests // BATCH_DIVISOR)
        count = count_request(f"{self.key}:{window}", self.duration, batch=batch)
        return count is None or count <= self.num_requests

    def wait(self):
        return max(0.0, self.window_ends - self.now)


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user.is_authenticated and anonymous_limit_is_tighter(self, view):
            return None  # the anonymous client's own counter already holds it to less
        return super().get_cache_key(request, view)


def anonymous_limit_is_tighter(user_throttle, view):
    """Whether the view's anonymous throttle allows an anonymous client no more than this one.

    DRF's user throttle also counts anonymous clients, by address, in a second counter; when the
    anonymous limit is the tighter one over the same window that counter can never refuse
    anything, so it is not kept: one counter, one round trip to Redis, per request.
    """
    if not any(issubclass(cls, AnonRateThrottle) for cls in view.throttle_classes):
        return False
    anonymous = AnonRateThrottle()
    return (
        anonymous.rate is not None
        and user_throttle.rate is not None
        and anonymous.duration == user_throttle.duration
        and anonymous.num_requests <= user_throttle.num_requests
    )
