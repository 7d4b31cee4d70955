"""Relations between claims as readers and the API see them, for any number of claims in one query."""

from dataclasses import dataclass

from .choices import REFINED_BY, ClaimStatus, RelationKind
from .querysets import read_relations, sees_unpublished_claims

# How each shown kind reads on a claim page, from the claim's own side or the other's.
LABELS = {
    (RelationKind.CONTRADICTS, True): "Contradicts",
    (RelationKind.CONTRADICTS, False): "Contradicted by",
    (RelationKind.REFINES, True): "Refines",
    (REFINED_BY, False): "Refined by",
    (RelationKind.DUPLICATES, True): "Duplicates",
    (RelationKind.DUPLICATES, False): "Duplicated by",
}
CLAIM_COLUMNS = ("slug", "statement", "status", "consensus_label")


@dataclass(frozen=True)
class ShownRelation:
    kind: str  # contradicts, duplicates, refines or refined_by
    claim: object  # the other claim
    outgoing: bool  # this claim is the relation's from_claim

    @property
    def label(self):
        return LABELS[(self.kind, self.outgoing)]

    def as_dict(self):
        return {"kind": self.kind, "claim": self.claim.slug}


def attach_relations(claims, user):
    """Give each claim `shown_relations`: both directions, others `user` may see, in one query.

    Sorted by kind, then the other claim's slug; a relation written from both sides (A contradicts
    B and B contradicts A) shows once.
    """
    claims = [claim for claim in claims if claim.pk is not None]
    # A claim read with for_page() already knows whether it has any relation at all.
    by_id = {claim.pk: claim for claim in claims if getattr(claim, "has_relations", True)}
    for claim in claims:
        claim.shown_relations = []
    if not by_id:
        return claims
    shown = {pk: {} for pk in by_id}
    every_status = sees_unpublished_claims(user)
    for kind, from_claim, to_claim in read_relations(by_id, columns=("id", *CLAIM_COLUMNS)):
        ends = (
            (from_claim.pk, kind, to_claim, True),
            (to_claim.pk, REFINED_BY if kind == RelationKind.REFINES else kind, from_claim, False),
        )
        for claim_id, kind, other, outgoing in ends:
            if claim_id in shown and (every_status or other.status == ClaimStatus.PUBLISHED):
                shown[claim_id].setdefault((kind, other.slug), ShownRelation(kind, other, outgoing))
    for pk, claim in by_id.items():
        claim.shown_relations = [shown[pk][key] for key in sorted(shown[pk])]
    return claims


def shown_relations(claim, user):
    if not hasattr(claim, "shown_relations"):
        attach_relations([claim], user)
    return claim.shown_relations
