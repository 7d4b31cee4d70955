"""Keep every claim's stored consensus equal to what its citations say, whoever saves what.

Receivers rather than explicit calls because citations, sources and confidence levels are saved
from the admin, the API, management commands and the shell alike.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from sources.models import Source

from . import services
from .models import Citation, Claim, ConfidenceLevel, DataVersion, Topic


@receiver(post_save, sender=Claim, dispatch_uid="claim_saved")
def claim_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.refresh_claims([instance.pk])


@receiver(post_save, sender=Citation, dispatch_uid="citation_saved")
@receiver(post_delete, sender=Citation, dispatch_uid="citation_deleted")
def citation_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    claim_ids = {instance.claim_id, getattr(instance, "_loaded_claim_id", None)} - {None}
    services.citations_changed(claim_ids=claim_ids)


@receiver(post_save, sender=Source, dispatch_uid="source_saved")
def source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.source_changed(source=instance)


@receiver(post_save, sender=ConfidenceLevel, dispatch_uid="confidence_level_saved")
def confidence_level_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.confidence_level_changed(level=instance)


READER_VISIBLE = (Claim, Citation, Source, Topic, ConfidenceLevel)


def data_changed(sender, raw=False, **kwargs):
    # Raw saves (fixtures, restores) bump once for the whole load instead.
    if not raw:
        DataVersion.bump()


for model in READER_VISIBLE:
    post_save.connect(data_changed, sender=model, dispatch_uid=f"data_version_save_{model.__name__}")
    post_delete.connect(data_changed, sender=model, dispatch_uid=f"data_version_delete_{model.__name__}")
m2m_changed.connect(data_changed, sender=Claim.topics.through, dispatch_uid="data_version_claim_topics")
