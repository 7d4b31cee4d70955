"""Relations between claims: one claim contradicts, refines or duplicates another.

A claim's relations are written from its side (it is their `from_claim`) and shown on both claims,
so a write locks the claim and every claim it relates to, before and after, in ascending id
order; bumps the version of each claim whose shown relations changed; and moves the cache epoch
on commit. `duplicates` points a copy at its canonical claim, so duplicates never form a cycle:
that is checked with the claims on the way locked, so two writers cannot close a cycle between
them unseen.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..choices import RelationKind
from ..models import Claim, ClaimRelation
from .locking import lock_claims

# One request relates a claim to at most this many others (bounded work for one transaction).
MAX_RELATIONS = 50
DUPLICATES = RelationKind.DUPLICATES


@transaction.atomic
def set_relations(*, claim, relations, user=None):
    """Give the claim exactly these relations from its side: a list of (kind, other claim).

    Relations other claims hold to this one are left as they are. Returns the claim.
    """
    from .claims import save_claim

    return save_claim(claim=claim, fields=[], relations=relations, user=user)


def wanted_relations(claim, relations):
    """The relations asked for, validated and without repeats: [(kind, other claim)]."""
    relations = list(relations)
    if len(relations) > MAX_RELATIONS:
        raise ValidationError({"relations": f"A claim relates to at most {MAX_RELATIONS} others."})
    wanted, errors = [], []
    for kind, other in relations:
        if kind not in RelationKind.values:
            errors.append(
                f"“{kind}” is not a relation kind: use {', '.join(RelationKind.values)}"
                + (" (refined_by is written as refines on the other claim)." if kind == "refined_by" else ".")
            )
        elif other is None or other.pk is None:
            errors.append("Name an existing claim for each relation.")
        elif claim.pk is not None and other.pk == claim.pk:
            errors.append(f"A claim cannot relate to itself (“{claim.slug}” {kind} “{other.slug}”).")
        elif (kind, other.pk) not in {(k, o.pk) for k, o in wanted}:
            wanted.append((kind, other))
    if errors:
        raise ValidationError({"relations": errors})
    return wanted


def current_targets(claim_id):
    if claim_id is None:
        return set()
    return set(ClaimRelation.objects.filter(from_claim_id=claim_id).values_list("to_claim_id", flat=True))


def lock_related(claim_id, relations):
    """Lock the claim and every claim its relations name, now or before; {id: version}.

    One lock_claims call in ascending id order; should a concurrent writer have changed the claim's
    relations while this waited, the claims it added are locked too.
    """
    wanted = {claim_id, *(other.pk for _, other in relations)} - {None}
    needed = wanted | current_targets(claim_id)
    tried, locked = set(), {}
    while needed:
        locked.update(lock_claims(needed))
        tried |= needed
        if wanted - locked.keys():
            raise ValidationError({"relations": "A claim named in the relations no longer exists."})
        needed = current_targets(claim_id) - tried
    return locked


def write_relations(claim, relations, *, user=None):
    """Write the claim's from-side relations; the ids of the claims whose shown relations changed.

    The caller has locked the claim (lock_related also locks the others, and is cheap when they are
    already held by this transaction).
    """
    wanted = wanted_relations(claim, relations)
    lock_related(claim.pk, wanted)
    current = {(r.kind, r.to_claim_id): r for r in ClaimRelation.objects.filter(from_claim_id=claim.pk)}
    duplicate_of = [other for kind, other in wanted if kind == DUPLICATES]
    if duplicate_of:
        cycle = duplicate_cycle(claim, duplicate_of, lock=True)
        if cycle:
            raise ValidationError({"relations": cycle_message(cycle)})
    wanted_keys = {(kind, other.pk) for kind, other in wanted}
    removed = [relation for key, relation in current.items() if key not in wanted_keys]
    added = [
        ClaimRelation(from_claim=claim, to_claim=other, kind=kind, created_by=user)
        for kind, other in wanted
        if (kind, other.pk) not in current
    ]
    if removed:
        ClaimRelation.objects.filter(pk__in=[relation.pk for relation in removed]).delete()
    if added:
        ClaimRelation.objects.bulk_create(added)
    if not (removed or added):
        return set()
    return {claim.pk, *(r.to_claim_id for r in removed), *(r.to_claim_id for r in added)}


def duplicate_cycle(claim, duplicate_of, *, lock=False):
    """The claims of the cycle `claim duplicates …` would close, as a list from claim back to it; or None.

    Follows `duplicates` edges from the claims it would duplicate (the claim's own present edges
    are being replaced, so they are not followed). With lock=True each claim reached is locked
    before its edges are read: a writer adding an edge on the way holds that claim until it
    commits, so the search waits for it and then sees its edge.
    """
    if claim.pk is None:
        return None  # a new claim: nothing duplicates it yet
    came_from = {other.pk: claim.pk for other in duplicate_of}
    frontier = set(came_from)
    locked = set()
    while frontier:
        if claim.pk in frontier:
            return _path(came_from, claim.pk)
        if lock:
            lock_claims(frontier - locked)
            locked |= frontier
        edges = (
            ClaimRelation.objects.filter(kind=DUPLICATES, from_claim_id__in=frontier)
            .exclude(from_claim_id=claim.pk)
            .values_list("from_claim_id", "to_claim_id")
        )
        next_frontier = set()
        for source, target in edges:
            if target not in came_from:
                came_from[target] = source
                next_frontier.add(target)
        frontier = next_frontier
    return None


def _path(came_from, start):
    path = [start]
    node = came_from[start]
    while node != start:
        path.append(node)
        node = came_from[node]
    path.append(start)
    path.reverse()
    return path


def cycle_message(cycle):
    slugs = dict(Claim.objects.filter(pk__in=cycle).values_list("pk", "slug"))
    chain = " duplicates ".join(f"“{slugs.get(pk, pk)}”" for pk in cycle)
    return (
        f"Duplicates cannot go round in a circle: {chain}. A duplicate points at its canonical "
        "claim, which duplicates nothing in the circle."
    )
