"""The response cache behind the reader pages and the hot API reads.

Keys hold the data version, which every reader-visible edit bumps in its own transaction, so an
entry is never stale: after an edit, requests look up new keys and old entries age out.

Two layers. Each gunicorn worker keeps what it served in its own memory, the fastest hit there
is. With REDIS_URL set, entries are also shared through Redis, so a freshly recycled worker
finds the pages the others rendered instead of rendering every one again at once (which showed
as p99 spikes under load). Without Redis the shared layer is Django's DummyCache.
"""

import hashlib

from django.core.cache import caches


def key(*parts):
    """A fixed-length key, valid for every backend however long the URL."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def get(key):
    local = caches["responses"]
    value = local.get(key)
    if value is None:
        value = caches["responses_shared"].get(key)
        if value is not None:
            local.set(key, value)
    return value


def set(key, value):
    caches["responses"].set(key, value)
    caches["responses_shared"].set(key, value)


def clear():
    caches["responses"].clear()
    caches["responses_shared"].clear()
