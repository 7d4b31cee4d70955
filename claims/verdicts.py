"""A verdict in words: what readers read of a claim's consensus, on pages, in feeds and exports.

Pure functions of a claim's stored consensus (its votes included) and the names of its sources:
they run no queries. One home for the wording, so the claim page, the list, the feed, the CSV,
the admin and the ClaimReview data say the same thing.
"""

from .choices import ConsensusLabel
from .consensus import (
    CONTESTED,
    CORROBORATED,
    DISPUTED,
    DISPUTES,
    INFORMANT_PREFIX,
    LOOP_PREFIX,
    QUALIFIES,
    SINGLE_SOURCE,
    SUPPORTS,
    UNCONFIRMED,
    UNSOURCED,
)

LABEL_WORDS = {
    ConsensusLabel.CORROBORATED: "corroborated",
    ConsensusLabel.SINGLE_SOURCE: "single-source",
    ConsensusLabel.CONTESTED: "contested",
    ConsensusLabel.DISPUTED: "disputed",
    ConsensusLabel.UNCONFIRMED: "unconfirmed",
    ConsensusLabel.UNSOURCED: "unsourced",
}


def source_names(citations):
    """{slug: name} of every source a claim's citations cite or relay."""
    names = {citation.source.slug: citation.source.name for citation in citations}
    names.update({c.relies_on.slug: c.relies_on.name for c in citations if c.relies_on_id})
    return names


def origin_name(origin, source_names):
    """An origin as a reader reads it: a source's name, a loop of sources, a shared informant."""
    if origin.startswith(LOOP_PREFIX):
        members = [source_names.get(slug, slug) for slug in origin.removeprefix(LOOP_PREFIX).split("+")]
        return " and ".join([", ".join(members[:-1]), members[-1]] if len(members) > 1 else members)
    if origin.startswith(INFORMANT_PREFIX):
        return f"the shared informant “{origin.removeprefix(INFORMANT_PREFIX)}”"
    return source_names.get(origin, origin)


def origin_slugs(origin):
    """The source slugs an origin's name holds."""
    if origin.startswith(LOOP_PREFIX):
        return origin.removeprefix(LOOP_PREFIX).split("+")
    if origin.startswith(INFORMANT_PREFIX):
        return []
    return [origin]


def possessive(name):
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def sensitivity(consensus, source_names):
    """What the verdict rests on, in sentences ("Without ISW’s reporting this claim would be …")."""
    if consensus["label"] == ConsensusLabel.UNSOURCED:
        return []
    sentences = [
        f"Without {possessive(origin_name(origin, source_names))} reporting this claim would be "
        f"{LABEL_WORDS[consensus['pivotal_effects'].get(origin, consensus['label'])]}."
        for origin in consensus["pivotal"]
    ]
    robustness = consensus["robustness"]
    if robustness in (2, 3):
        sentences.append(
            f"No single origin decides this verdict: it changes only if {robustness} of them fall away."
        )
    elif robustness is None:
        sentences.append("No one, two or three origins decide this verdict on their own.")
    return sentences


def informant_warnings(consensus, citations):
    """The consensus's possible-shared-informant warnings, with their citations and a sentence."""
    by_id = {citation.pk: citation for citation in citations}
    warnings = []
    for warning in consensus["warnings"]:
        grouped = [by_id[pk] for pk in warning["citations"] if pk in by_id]
        if len(grouped) < 2:
            continue
        described = [f"{possessive(c.source.name)} “{c.speaker}”" for c in grouped]
        warnings.append(
            {
                "citations": grouped,
                "text": f"{' and '.join([', '.join(described[:-1]), described[-1]])} may be the same "
                f"informant: reported within days of each other and described alike. If so, they are "
                f"one origin, not {len(grouped)}.",
            }
        )
    return warnings


def joined(names):
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def plural(count, word, many=None):
    return f"{count} {word if count == 1 else many or word + 's'}"


def verb(count, singular, plural_form):
    return singular if count == 1 else plural_form


def verdict_sentence(consensus, votes, names):
    """The verdict and why, in one sentence: who supports, disputes and qualifies, and how many
    independent origins stand behind it.

    "Corroborated by BBC News and CNN, 2 of 4 independent origins; Politico and The White House
    qualify it, though a report from CNN disputes it."
    """
    label = consensus["label"]
    by_stance = {
        stance: [origin_name(v["origin"], names) for v in votes if v["stance"] == stance]
        for stance in (SUPPORTS, DISPUTES, QUALIFIES)
    }
    supporters, disputers, qualifiers = by_stance[SUPPORTS], by_stance[DISPUTES], by_stance[QUALIFIES]
    if label == UNSOURCED:
        return "Unsourced: no active report speaks to it yet."
    if label == CORROBORATED:
        total = consensus["independent_origins"]
        share = f"{len(supporters)} of {total}" if total > len(supporters) else f"{len(supporters)}"
        head = f"Corroborated by {joined(supporters)}, {share} independent origins"
    elif label == SINGLE_SOURCE:
        head = f"Single source: only {supporters[0]} supports it"
    elif label == CONTESTED:
        head = (
            f"Contested: {joined(supporters)} {verb(len(supporters), 'supports', 'support')} it and "
            f"{joined(disputers)} {verb(len(disputers), 'disputes', 'dispute')} it"
        )
    elif label == DISPUTED:
        head = f"Disputed by {joined(disputers)}; no origin supports it"
    else:
        head = (
            f"Unconfirmed: {joined(qualifiers)} {verb(len(qualifiers), 'qualifies', 'qualify')} it, "
            "and no origin supports or disputes it outright"
        )
    parts = [head]
    if qualifiers and label != UNCONFIRMED:
        parts.append(f"; {joined(qualifiers)} {verb(len(qualifiers), 'qualifies', 'qualify')} it")
    # Reports outvoted inside their own origin still deserve a word.
    voted_disputing = {s for v in votes if v["stance"] == DISPUTES for s in v["sources"]}
    outvoted = [names.get(slug, slug) for slug in consensus["disagree"] if slug not in voted_disputing]
    if outvoted and label in (CORROBORATED, SINGLE_SOURCE, UNCONFIRMED):
        parts.append(f", though a report from {joined(outvoted)} disputes it")
    return "".join(parts) + "."


def vote_counts(votes):
    counts = {stance: 0 for stance in (SUPPORTS, DISPUTES, QUALIFIES)}
    for vote in votes:
        counts[vote["stance"]] += 1
    return counts


VOTE_ORDER = (SUPPORTS, QUALIFIES, DISPUTES)


def vote_blocks(votes, names):
    """The agreement bar: one block per origin's vote (never wider for a single source than a
    quarter of the bar), in stance order, for an SVG drawn on the server (0-100 wide)."""
    ordered = sorted(votes, key=lambda v: (VOTE_ORDER.index(v["stance"]), v["origin"]))
    unit = 100 / max(4, len(ordered))
    return [
        {
            "stance": vote["stance"],
            "x": round(index * unit, 2),
            "width": round(unit - (1 if len(ordered) > 1 else 0), 2),
            "title": f"{origin_name(vote['origin'], names)} {vote['stance']}",
        }
        for index, vote in enumerate(ordered)
    ]


def claim_review_rating(consensus):
    """The ClaimReview rating (1-5) of a verdict, and None for an unsourced claim (no review).

    Honest about strength: corroboration rates 4, and 5 only with 3+ origins and no dissent.
    """
    label = consensus["label"]
    if label == UNSOURCED:
        return None
    if label == CORROBORATED:
        strong = consensus["independent_origins"] >= 3 and not consensus["disagree"]
        return 5 if strong else 4
    return {SINGLE_SOURCE: 3, UNCONFIRMED: 3, CONTESTED: 2, DISPUTED: 1}[label]


def agrees_with_the_others(stance, votes, slug):
    """Whether a source's stance points the way the claim's other origins lean, without its own
    vote; None when no other origin votes (its agreement says nothing)."""
    others = [v for v in votes if slug not in v["sources"]]
    if not others:
        return None
    sign = {SUPPORTS: 1, DISPUTES: -1, QUALIFIES: 0}
    lean = sum(v["weight"] * sign[v["stance"]] for v in others)
    direction = (lean > 0) - (lean < 0)
    return sign[stance] == direction


def agreement(stances, slug):
    """How often a source's reports point the way the claims' other origins lean.

    `stances` is (stance, the claim's stored votes) per report. Its own vote never counts, and a
    claim where it is the only origin says nothing either way: those are counted apart.
    """
    total = agreeing = alone = 0
    for stance, votes in stances:
        agrees = agrees_with_the_others(stance, votes or [], slug)
        if agrees is None:
            alone += 1
            continue
        total += 1
        agreeing += agrees
    return {"total": total, "agreeing": agreeing, "alone": alone}
