"""Repair after raw SQL, `QuerySet.update()` or a plain `save()` in a shell."""

from django.db import transaction

from .. import cache
from ..models import Claim
from .derived import bump_versions, recompute_locked, stale_ids
from .fanout import BATCH_SIZE
from .locking import lock_claims, retry_on_conflict


def recompute_consensus(*, claims=None, check=False, batch_size=BATCH_SIZE):
    """Recompute (or with check=True only find) stored derived fields that differ from a fresh
    computation, over `claims` (a queryset; every claim when None). Returns how many were stale.

    A batch per transaction, its claims locked, so the repair never holds the whole table.
    """
    claims = claims if claims is not None else Claim.objects.all()
    ids = list(claims.order_by("pk").values_list("pk", flat=True))
    stale = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        if check:
            stale += len(stale_ids(batch))
        else:
            stale += retry_on_conflict(lambda batch=batch: _repair(batch))
    return stale


@transaction.atomic
def _repair(claim_ids):
    lock_claims(claim_ids)
    changed = recompute_locked(claim_ids)
    bump_versions(changed)
    if changed:
        cache.data_changed()
    return len(changed)
