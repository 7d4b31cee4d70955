"""Recomputations too many for one transaction: queued as rows, drained in batches.

A grade or weight change that affects more than BATCH_SIZE claims writes one
PendingRecomputation row per claim in its own transaction, so a dead broker or worker loses
none of them. After commit, a Celery worker is asked to drain them; with no broker configured,
or the broker unreachable, they are drained right here. `recompute_consensus --pending` drains
them too. Each batch locks its claims and is its own transaction.
"""

import logging

from django.conf import settings
from django.db import transaction

from .. import cache
from ..models import PendingRecomputation
from .derived import bump_versions, recompute_locked
from .locking import lock_claims, retry_on_conflict

logger = logging.getLogger("corroborate.fanout")

BATCH_SIZE = 500


def queue_recomputation(claim_ids):
    """Record that these claims need recomputing, in the caller's transaction; drain after commit."""
    PendingRecomputation.objects.bulk_create(
        [PendingRecomputation(claim_id=pk) for pk in sorted(claim_ids)],
        ignore_conflicts=True,
        batch_size=2000,
    )
    transaction.on_commit(hand_over)


def hand_over():
    """Ask a Celery worker to drain the pending recomputations; drain them here if none can be asked."""
    if settings.CELERY_BROKER_URL:
        from config.celery import app

        from ..tasks import drain_pending_recomputations

        try:
            with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
                drain_pending_recomputations.apply_async(connection=connection, retry=False)
            return
        except Exception as error:  # noqa: BLE001  (any broker failure: the work is still here to do)
            logger.warning("broker unreachable (%s): recomputing inline", error)
    drain_pending()


def drain_pending(*, batch_size=None):
    """Recompute every pending claim, a batch per transaction; how many were drained."""
    batch_size = batch_size or BATCH_SIZE
    total = 0
    while drained := retry_on_conflict(lambda: drain_batch(batch_size)):
        total += drained
    return total


@transaction.atomic
def drain_batch(batch_size):
    # SKIP LOCKED: several workers drain side by side, each taking rows no other has.
    ids = list(
        PendingRecomputation.objects.order_by("claim_id")
        .select_for_update(skip_locked=True)
        .values_list("claim_id", flat=True)[:batch_size]
    )
    if not ids:
        return 0
    lock_claims(ids)
    changed = recompute_locked(ids)
    bump_versions(changed)
    PendingRecomputation.objects.filter(claim_id__in=ids).delete()
    if changed:
        cache.data_changed()
    return len(ids)


def pending_count():
    return PendingRecomputation.objects.count()
