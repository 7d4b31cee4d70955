"""The one cache module: keys, layers and invalidation for reader pages and the API.

Invalidation is by epoch, never by deleting entries: a key holds the numbers its page depends
on, so after a write requests look up new keys and old entries age out.

- The **global epoch** moves on every reader-visible write (lists, matrix, feeds, CSV).
- The **vocabulary epoch** moves when a source, topic or confidence level changes.
- A claim's own `version` (bumped in SQL with the claim's row locked) keys its page and API
  detail, with the vocabulary epoch.

Epochs move on commit (`transaction.on_commit`), never inside the writing transaction, so a
reader can never cache pre-commit data under a new epoch, and a writer never waits on another
writer for them: PostgreSQL advances a sequence (`nextval` takes no lock anyone waits on);
SQLite, one writer at a time anyway, updates a row of CacheEpoch.

Two layers hold the entries: each worker's own memory first, then (with REDIS_URL) Redis,
shared by every worker, so a freshly recycled worker finds the pages the others rendered.
"""

import hashlib

from django.core.cache import caches
from django.db import connection, transaction

GLOBAL = "global"
VOCABULARY = "vocabulary"
EPOCHS = (GLOBAL, VOCABULARY)
SEQUENCES = {GLOBAL: "claims_global_epoch", VOCABULARY: "claims_vocabulary_epoch"}


def current_epochs():
    """(global, vocabulary), in one query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT (SELECT last_value FROM {SEQUENCES[GLOBAL]}),"
                f" (SELECT last_value FROM {SEQUENCES[VOCABULARY]})"
            )
            return cursor.fetchone()
        cursor.execute("SELECT name, value FROM claims_cacheepoch")
        values = dict(cursor.fetchall())
    return values.get(GLOBAL, 0), values.get(VOCABULARY, 0)


def data_changed(*, vocabulary=False):
    """A reader-visible write: move the global epoch (and the vocabulary one) once it commits."""
    names = {GLOBAL, VOCABULARY} if vocabulary else {GLOBAL}
    if not connection.in_atomic_block:
        move_epochs(*sorted(names))
        return
    # Every call registers a callback (Django drops those of a transaction that rolls back), and
    # the first to run moves what the transaction asked for: one nextval per epoch, however many
    # rows it wrote.
    pending = connection.__dict__.setdefault("corroborate_epochs_to_move", set())
    pending.update(names)
    transaction.on_commit(_move_pending_epochs)


def _move_pending_epochs():
    pending = connection.__dict__.get("corroborate_epochs_to_move")
    if pending:
        names = sorted(pending)
        pending.clear()
        move_epochs(*names)


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


def key(*parts):
    """A fixed-length key, valid for every backend however long the URL."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def lookup(key):
    local = caches["responses"]
    value = local.get(key)
    if value is None:
        value = caches["responses_shared"].get(key)
        if value is not None:
            local.set(key, value)
    return value


def store(key, value):
    caches["responses"].set(key, value)
    caches["responses_shared"].set(key, value)


def clear():
    caches["responses"].clear()
    caches["responses_shared"].clear()
