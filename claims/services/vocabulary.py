"""Sources, confidence levels and topics: the shared vocabulary every claim's verdict reads.

A source's grade, name or slug and a level's weight feed the stored consensus (or search text)
of every claim citing them. Changing one recomputes those claims: inline, in the same
transaction, when they fit in one batch; otherwise as pending recomputations written in the
same transaction and drained in batches by a worker (fanout.py).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from common.slugs import save_with_unique_slug
from sources.models import EDITABLE_FIELDS

from .. import cache
from ..models import Citation
from . import fanout
from .derived import bump_versions, recompute_locked
from .history import record_history, save_fields, save_new
from .locking import lock_claims

SOURCE_FIELDS = EDITABLE_FIELDS
# What claims store of a source: its slug (in the agree lists), grade (vote weight), name (search).
# Aliases feed nothing claims store: they only help match names when an article is imported.
SOURCE_DERIVED_FIELDS = {"name", "slug", "reliability"}
LEVEL_FIELDS = ("name", "slug", "rank", "weight", "description")
LEVEL_DERIVED_FIELDS = {"weight"}
TOPIC_FIELDS = ("name", "slug", "description")


@dataclass(frozen=True)
class Recomputation:
    """What a vocabulary change set off: how many claims, and whether in the background."""

    claims: int = 0
    in_background: bool = False

    def describe(self):
        if not self.claims:
            return ""
        where = "in the background" if self.in_background else "now"
        return f"{self.claims:,} claim{'s' if self.claims != 1 else ''} recomputed {where}"


@transaction.atomic
def save_source(*, source, fields=None, user=None):
    """Save a source; a new grade, name or slug recomputes the claims that cite or relay it."""
    return _save_vocabulary(
        source,
        fields=fields,
        allowed=SOURCE_FIELDS,
        derived=SOURCE_DERIVED_FIELDS,
        affected=lambda: Citation.objects.filter(Q(source=source) | Q(relies_on=source)),
        user=user,
        fallback_slug="source",
    )


@transaction.atomic
def save_confidence_level(*, level, fields=None, user=None):
    """Save a confidence level; a new weight recomputes the claims citing with it."""
    return _save_vocabulary(
        level,
        fields=fields,
        allowed=LEVEL_FIELDS,
        derived=LEVEL_DERIVED_FIELDS,
        affected=lambda: Citation.objects.filter(confidence=level),
        user=user,
        fallback_slug="level",
    )


@transaction.atomic
def save_topic(*, topic, fields=None, user=None):
    return _save_vocabulary(
        topic,
        fields=fields,
        allowed=TOPIC_FIELDS,
        derived=set(),
        affected=None,
        user=user,
        fallback_slug="topic",
        history=False,
    )


def _save_vocabulary(instance, *, fields, allowed, derived, affected, user, fallback_slug, history=True):
    model = type(instance)
    instance.full_clean()
    if instance.pk is None:
        save_with_unique_slug(
            instance, lambda: save_new(instance), text=instance.name, fallback=fallback_slug
        )
        if history:
            record_history(model, instances=[instance], user=user, created=True)
        cache.data_changed(vocabulary=True)
        return Recomputation()
    written = [name for name in allowed if fields is None or name in set(fields)]
    result = Recomputation()
    if derived & set(written):
        result = _save_and_recompute(instance, written, affected)
    elif written:
        save_fields(instance, written)
    if written:
        if history:
            record_history(model, pks=[instance.pk], user=user)
        cache.data_changed(vocabulary=True)
    return result


def _save_and_recompute(instance, written, affected):
    """Lock the claims, write the row, recompute: one batch inline, more in the background.

    The claims are locked before the row is updated (the order every citation write takes:
    claims, then shared locks on sources and levels). After the update holds the row, citations
    that other writers committed meanwhile are looked up again.
    """
    before = set(affected().values_list("claim_id", flat=True))
    if len(before) <= fanout.BATCH_SIZE:
        lock_claims(before)
    save_fields(instance, written)
    after = set(affected().values_list("claim_id", flat=True)) | before
    if len(after) > fanout.BATCH_SIZE:
        fanout.queue_recomputation(after)
        return Recomputation(claims=len(after), in_background=True)
    lock_claims(after - before)
    bump_versions(recompute_locked(after))
    return Recomputation(claims=len(after))


@transaction.atomic
def delete_vocabulary(*, instance):
    """Delete a source, topic or level no citation refers to (ProtectedError otherwise)."""
    instance.delete()
    cache.data_changed(vocabulary=True)
