"""Row locks and retries: how every write in claims.services keeps two writers from racing.

The rule: lock, then read, then write. A write that changes what a claim's consensus depends
on locks the claim rows first (`SELECT … FOR UPDATE`, ascending id, so two writers never hold
each other's rows), then takes shared locks on the sources and confidence levels it reads, so a
grade or weight change in flight is waited for, never read half-way.
"""

import logging
import random
import time

from django.db import OperationalError, connection

from ..models import Claim

logger = logging.getLogger("corroborate.writes")

# PostgreSQL's SQLSTATEs for a transaction that lost a race and may simply be run again.
RETRYABLE_SQLSTATES = {"40P01": "deadlock", "40001": "serialization failure"}
RETRIES = 3


class TryAgain(Exception):
    """The write lost to concurrent writes RETRIES times over: the client should send it again."""

    message = "Other changes were being saved at the same moment. Nothing was changed: try again."

    def __init__(self):
        super().__init__(self.message)


def conflict_kind(error):
    """'deadlock' or 'serialization failure' when `error` is one, else None."""
    cause = error.__cause__ or error
    return RETRYABLE_SQLSTATES.get(getattr(cause, "pgcode", None))


def retry_on_conflict(work):
    """Run `work()`; run it again, up to RETRIES times, when it loses a deadlock or serialization race.

    Only the outermost caller can retry: inside a transaction the failed work cannot be undone
    alone, so there the error goes up to whoever opened it.
    """
    if connection.in_atomic_block:
        return work()
    for attempt in range(RETRIES + 1):
        try:
            return work()
        except OperationalError as error:
            kind = conflict_kind(error)
            if kind is None:
                raise
            logger.warning("write lost a %s (attempt %d of %d)", kind, attempt + 1, RETRIES + 1)
            if attempt < RETRIES:
                # A short random pause, so the writers that collided do not collide again.
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise TryAgain()


def lock_claims(claim_ids):
    """Lock the claims' rows until the transaction ends, in ascending id order; {id: version}."""
    ids = sorted({pk for pk in claim_ids if pk is not None})
    if not ids:
        return {}
    rows = Claim.objects.filter(pk__in=ids).order_by("pk").select_for_update().values_list("pk", "version")
    return dict(rows)


def share_lock(model, ids):
    """Shared row locks (PostgreSQL's FOR SHARE) on the rows a recomputation reads.

    Shared locks never wait for each other, so writers citing the same popular source run side by
    side; they wait only for an UPDATE of that row (a grade change) to commit, and a grade change
    waits for them. SQLite has a single writer and needs none.
    """
    ids = sorted({pk for pk in ids if pk is not None})
    if not ids or connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [ids])
