"""The closed vocabularies of claims: stances, verdict labels, statuses, relation kinds.

Shared by models, querysets, filters, serializers and pages; the values are the consensus
function's own (claims.consensus), so the two can never drift apart.
"""

from django.db import models

from . import consensus as consensus_rules


class Stance(models.TextChoices):
    SUPPORTS = consensus_rules.SUPPORTS, "Supports"
    DISPUTES = consensus_rules.DISPUTES, "Disputes"
    QUALIFIES = consensus_rules.QUALIFIES, "Qualifies"


class ConsensusLabel(models.TextChoices):
    CORROBORATED = consensus_rules.CORROBORATED, "Corroborated"
    SINGLE_SOURCE = consensus_rules.SINGLE_SOURCE, "Single source"
    CONTESTED = consensus_rules.CONTESTED, "Contested"
    DISPUTED = consensus_rules.DISPUTED, "Disputed"
    UNCONFIRMED = consensus_rules.UNCONFIRMED, "Unconfirmed"
    UNSOURCED = consensus_rules.UNSOURCED, "Unsourced"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RelationKind(models.TextChoices):
    CONTRADICTS = "contradicts", "Contradicts"
    REFINES = "refines", "Refines"
    DUPLICATES = "duplicates", "Duplicates"


# How `A refines B` reads from B's side (contradicts and duplicates read the same both ways).
REFINED_BY = "refined_by"
