from celery import shared_task

from .services.fanout import drain_pending


@shared_task(ignore_result=True)
def drain_pending_recomputations():
    """Recompute the claims a grade or weight change queued (PendingRecomputation rows)."""
    return drain_pending()
