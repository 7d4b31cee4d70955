"""The one cache module: keys, layers and invalidation for reader pages and the API.

Invalidation is by epoch, never by deleting entries: a key holds the numbers its page depends
on, so after a write requests look up new keys and old entries age out.

- A claim's page and API detail depend on that claim's own `version` (bumped in SQL with the
  claim's row locked) and the **vocabulary epoch**, which moves when a source, topic or
  confidence level changes: editing claim A leaves claim B's page valid.
- Lists, the matrix, feeds and CSV depend on the **global epoch**, which moves on every
  reader-visible write.

Epochs move on commit (`transaction.on_commit`), never inside the writing transaction, so a
reader can never cache pre-commit data under a new epoch, and a writer never waits on another
writer for them: PostgreSQL advances a sequence (`nextval` takes no lock anyone waits on);
SQLite, one writer at a time anyway, updates a row of CacheEpoch.

Two layers hold the entries: each worker's own memory first, then (with REDIS_URL) Redis,
shared by every worker and app server. Redis is an accelerator, not a dependency: any error or
timeout (clients give up after 100 ms) sends requests to the local layer alone for a few
seconds, and pages still answer.

The same numbers make the HTTP validators: a page's ETag is its key, so a matching
If-None-Match is a 304 without rendering, and a CDN in front can carry the readers.
"""

import hashlib
import logging
import threading
import time

from django.core.cache import caches
from django.db import connection, transaction

from .choices import ClaimStatus

logger = logging.getLogger("corroborate.cache")

GLOBAL = "global"
VOCABULARY = "vocabulary"
SEQUENCES = {GLOBAL: "claims_global_epoch", VOCABULARY: "claims_vocabulary_epoch"}

# Anonymous readers' pages and API reads, for browsers, proxies and CDNs.
PUBLIC_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"
PRIVATE_CACHE_CONTROL = "private, max-age=0, must-revalidate"
# After a Redis error, how long requests skip it before trying again.
SHARED_LAYER_PAUSE_SECONDS = 5


# Epochs ------------------------------------------------------------------------------------------


def _epoch_sql(name):
    if connection.vendor == "postgresql":
        return f"(SELECT last_value FROM {SEQUENCES[name]})"
    return f"(SELECT value FROM claims_cacheepoch WHERE name = '{name}')"


def global_version():
    """What lists, the matrix, feeds and CSV depend on: one cheap query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_epoch_sql(GLOBAL)}")
        return ("global", cursor.fetchone()[0])


def claim_version(slug, *, published_only=False):
    """What one claim's page and API detail depend on, in one query; None for no such claim (or,
    with `published_only`, for a claim readers may not see: its 404 is never cached, and so a
    page it had before it was unpublished is never handed out as the page's previous version)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT version FROM claims_claim WHERE slug = %s AND (status = %s OR NOT %s)), "
            f"{_epoch_sql(VOCABULARY)}",
            [slug, ClaimStatus.PUBLISHED, published_only],
        )
        version, vocabulary = cursor.fetchone()
    return None if version is None else ("claim", slug, version, vocabulary)


def data_changed(*, vocabulary=False):
    """A reader-visible write: move the global epoch (and the vocabulary one) once it commits.

    A rolled-back write's callback is dropped with it. A service calls this once per write, so a
    request moves each epoch once or twice: one nextval each, cheaper than keeping count.
    """
    names = (GLOBAL, VOCABULARY) if vocabulary else (GLOBAL,)
    transaction.on_commit(lambda: move_epochs(*names))


def move_epochs(*names):
    with connection.cursor() as cursor:
        for name in names:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(%s)", [SEQUENCES[name]])
            else:
                # An upsert: a test database flushed between tests has lost the migration's rows.
                cursor.execute(
                    "INSERT INTO claims_cacheepoch (name, value) VALUES (%s, 1) "
                    "ON CONFLICT (name) DO UPDATE SET value = value + 1",
                    [name],
                )


# Keys and HTTP validators ------------------------------------------------------------------------


def key(*parts):
    """A fixed-length key, valid for every backend however long the URL."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def etag(cache_key):
    return f'"{cache_key[:32]}"'


def not_modified(request, tag):
    """Whether the client already holds the version with this ETag (its If-None-Match names it)."""
    header = request.headers.get("If-None-Match", "")
    held = {held.strip().removeprefix("W/") for held in header.split(",")} - {""}
    return tag in held or "*" in held


def mark_public(response, cache_key):
    response["ETag"] = etag(cache_key)
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response


def mark_private(response):
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    return response


# Layers ------------------------------------------------------------------------------------------


class SharedLayer:
    """Redis behind a breaker: after an error, skipped for a few seconds, then tried again."""

    def __init__(self, alias="responses_shared"):
        self.alias = alias
        self.paused_until = 0.0
        self.lock = threading.Lock()

    @property
    def configured(self):
        return "dummy" not in type(caches[self.alias]).__module__

    def available(self):
        return time.monotonic() >= self.paused_until

    def call(self, method, *args, default=None):
        if not self.configured or not self.available():
            return default
        try:
            return getattr(caches[self.alias], method)(*args)
        except Exception as error:  # noqa: BLE001  (any failure of an accelerator is survivable)
            self.pause(error)
            return default

    def pause(self, error):
        with self.lock:
            if self.available():
                logger.warning("shared cache unavailable (%s): local layer only for a while", error)
            self.paused_until = time.monotonic() + SHARED_LAYER_PAUSE_SECONDS

    def status(self):
        """'ok', 'degraded' (configured but unreachable) or 'local' (none configured)."""
        if not self.configured:
            return "local"
        if not self.available():
            return "degraded"
        try:
            caches[self.alias].get("healthz-probe")
        except Exception as error:  # noqa: BLE001
            self.pause(error)
            return "degraded"
        return "ok"


shared = SharedLayer()


# Entries -----------------------------------------------------------------------------------------
#
# A page is stored once, under its page key (the URL and who asks), together with the version key
# it was rendered at (the URL, who asks and the numbers it depends on). A request hits when the
# stored version key is its own. Otherwise the entry is the page's previous version: while one
# request renders the new version, requests arriving meanwhile get the previous one, as a CDN
# does with stale-while-revalidate, so that an edit costs one render, not one per waiting reader.

# How long a render may hold its claim before others stop waiting for it (a worker killed
# mid-render must not leave the page stale for longer).
RENDER_CLAIM_SECONDS = 10

_rendering = set()
_rendering_lock = threading.Lock()


def lookup(page_key, version_key):
    """The page's entry and the version key it was rendered at, or (None, None).

    The worker's own copy first; Redis when that copy is missing or of another version.
    """
    local = caches["responses"]
    held = local.get(page_key)
    if held is not None and held[0] == version_key:
        return held[1], held[0]
    found = shared.call("get", page_key)
    if found is not None and (held is None or found[0] == version_key):
        local.set(page_key, found)
        held = found
    return (None, None) if held is None else (held[1], held[0])


def store(page_key, version_key, entry):
    caches["responses"].set(page_key, (version_key, entry))
    shared.call("set", page_key, (version_key, entry))


def forget(page_key):
    caches["responses"].delete(page_key)
    shared.call("delete", page_key)


def serve(page_key, version_key, render, *, previous_ok=True):
    """`(entry, its version key, response)` for this version of a page, rendered at most once at a time.

    `render()` answers `(response, entry)`, the entry None when the response must not be kept.
    On a hit, or while another request renders this version and a previous one is held (and
    `previous_ok`: not for a caller who may just have written), the response is None and the
    caller builds it from the entry (whose version key makes its ETag).
    """
    entry, held_version = lookup(page_key, version_key)
    if held_version == version_key:
        return entry, version_key, None
    claimed = _claim_render(version_key)
    if not claimed and entry is not None and previous_ok:
        return entry, held_version, None
    try:
        response, entry = render()
        if entry is not None:
            store(page_key, version_key, entry)
        else:
            # This version is no page to keep (an error): its previous one must not be handed
            # out in its place.
            forget(page_key)
    finally:
        if claimed:
            _release_render(version_key)
    return entry, version_key, response


def _claim_render(version_key):
    """Whether this request renders that version: no other thread here, and no other worker, is."""
    with _rendering_lock:
        if version_key in _rendering:
            return False
        _rendering.add(version_key)
    # Without Redis (or with it down) each worker renders its own: there is no one to wait for.
    if shared.call("add", f"rendering:{version_key}", 1, RENDER_CLAIM_SECONDS, default=True):
        return True
    with _rendering_lock:
        _rendering.discard(version_key)
    return False


def _release_render(version_key):
    with _rendering_lock:
        _rendering.discard(version_key)
    shared.call("delete", f"rendering:{version_key}")


def clear():
    caches["responses"].clear()
    shared.call("clear")
