"""Deterministic synthetic claims for benchmarks: realistic shapes and lengths, inserted in bulk.

Bulk inserts skip the receivers that keep each claim's consensus current, so the consensus,
search text and latest report date are derived here with the same functions the app uses.
"""

import datetime
import math
import random

from django.db import connection, transaction

from claims import cache
from claims.models import Citation, Claim, ConfidenceLevel, Topic
from claims.querysets import DERIVED_FIELDS
from claims.services.derived import derived_values
from sources.models import Source

SLUG_PREFIX = "bench-"
BATCH = 2000
REGIONS = [
    "Kursk",
    "Belgorod",
    "Kharkiv",
    "Pokrovsk",
    "Toretsk",
    "Zaporizhzhia",
    "Kherson",
    "Donetsk",
    "Luhansk",
    "Sumy",
    "Bakhmut",
    "Avdiivka",
    "Crimea",
    "Odesa",
    "Mykolaiv",
    "Chasiv Yar",
    "Vovchansk",
]
ACTORS = [
    "Russian forces",
    "Ukrainian troops",
    "conscript units",
    "airborne brigades",
    "artillery battalions",
    "drone operators",
    "marine infantry",
    "border guards",
    "reserve regiments",
    "logistics convoys",
]
ACTIONS = [
    "moved",
    "redeployed",
    "withdrew",
    "advanced",
    "reinforced positions",
    "shelled",
    "encircled",
    "evacuated",
    "rotated",
    "lost equipment",
]
FILLER = (
    "officials said the movement began earlier in the week and satellite images appear to show "
    "columns of armour trucks and fuel tankers near the border while local residents reported "
    "explosions at night and the regional governor urged civilians to leave several villages "
    "analysts cautioned that the numbers remain unverified and could change quickly as the "
    "front line shifts under pressure from both sides"
).split()
SPEAKERS = [
    ("two unnamed senior officials", True),
    ("a regional governor", False),
    ("a military spokesperson", False),
    ("a source familiar with intelligence", True),
    ("local residents", True),
    ("a defence ministry statement", False),
    ("a brigade commander", True),
    ("satellite imagery analysts", False),
]
OUTLET_WORDS = ["Gazette", "Monitor", "Wire", "Post", "Institute", "Channel"]
KINDS = [value for value, _ in Source.Kind.choices]
GRADES = list("ABCDEF")


class RealDataPresent(Exception):
    pass


def sentence(rng, low, high):
    words = [rng.choice(FILLER) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def topic_sizes(rng, total):
    """Topic sizes drawn log-uniformly between 20 and 2,000 claims, adding up to `total`."""
    sizes = []
    while sum(sizes) < total:
        sizes.append(int(math.exp(rng.uniform(math.log(20), math.log(2000)))))
    sizes[-1] -= sum(sizes) - total
    if len(sizes) > 1 and sizes[-1] < 20:
        sizes[-2] += sizes.pop()
    return sizes


def generate(*, claims, sources, seed, force=False, progress=lambda done, total: None):
    if not force and Claim.objects.exclude(slug__startswith=SLUG_PREFIX).exists():
        raise RealDataPresent(
            "The database holds claims that were not generated; add --force to add bench data anyway."
        )
    rng = random.Random(seed)
    levels = list(ConfidenceLevel.objects.order_by("rank"))
    # Slugs carry the run so that a second run adds to the first; the content depends on the seed only.
    earlier_rows = (
        Claim.objects.filter(slug__startswith=SLUG_PREFIX).count()
        + Source.objects.filter(slug__startswith=SLUG_PREFIX).count()
    )
    run = f"{SLUG_PREFIX}{seed}-{earlier_rows}"

    with transaction.atomic():
        source_rows = Source.objects.bulk_create(
            [
                Source(
                    name=f"{rng.choice(REGIONS)} {rng.choice(OUTLET_WORDS)} {i}",
                    slug=f"{run}-source-{i}",
                    kind=rng.choice(KINDS),
                    reliability=rng.choice(GRADES),
                    description=sentence(rng, 8, 20),
                )
                for i in range(sources)
            ]
        )
        sizes = topic_sizes(rng, claims)
        topics = Topic.objects.bulk_create(
            [
                Topic(name=f"{rng.choice(REGIONS)} front {i}", slug=f"{run}-topic-{i}")
                for i in range(len(sizes))
            ]
        )
    topic_of = [topic for topic, size in zip(topics, sizes, strict=True) for _ in range(size)]
    rng.shuffle(topic_of)

    start_date = datetime.date(2022, 2, 24)
    for first in range(0, claims, BATCH):
        count = min(BATCH, claims - first)
        batch, citations = [], []
        for i in range(count):
            claim = Claim(
                statement=(
                    f"{rng.choice(ACTORS).capitalize()} {rng.choice(ACTIONS)} near "
                    f"{rng.choice(REGIONS)}: {sentence(rng, 6, 18)}"
                )[:500],
                slug=f"{run}-claim-{first + i}",
                context=" ".join(sentence(rng, 10, 25) for _ in range(rng.randint(1, 3))),
                status=Claim.Status.PUBLISHED if rng.random() < 0.95 else Claim.Status.DRAFT,
                confidence=rng.choice([None, *levels]),
            )
            own = sorted(
                (
                    random_citation(rng, claim, source, source_rows, levels, start_date)
                    for source in rng.sample(source_rows, k=min(len(source_rows), rng.randint(1, 8)))
                ),
                key=lambda citation: citation.published_on,
            )
            batch.append((claim, own))
            citations += own
        with transaction.atomic():
            Claim.objects.bulk_create([claim for claim, _ in batch])
            Claim.topics.through.objects.bulk_create(
                [
                    Claim.topics.through(claim_id=claim.pk, topic_id=topic_of[first + i].pk)
                    for i, (claim, _) in enumerate(batch)
                ]
            )
            Citation.objects.bulk_create(citations)
            # With the citations' ids and entry dates known, as the services compute them.
            for claim, own in batch:
                for name, value in derived_values(claim, own).items():
                    setattr(claim, name, value)
            Claim.objects.bulk_update([claim for claim, _ in batch], list(DERIVED_FIELDS), batch_size=500)
            cache.data_changed(vocabulary=True)
        progress(first + count, claims)
    if connection.vendor == "postgresql":
        # Fresh tables have no planner statistics: without them the first queries pick plans
        # an order of magnitude slower (the related-claims lookup: 280 ms instead of 25).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"claims": claims, "sources": sources, "topics": len(topics), "run": run}


def random_citation(rng, claim, source, sources, levels, start_date):
    relays = rng.random() < 0.10
    retracted = rng.random() < 0.03
    speaker, anonymous = rng.choice(SPEAKERS)
    return Citation(
        claim=claim,
        source=source,
        stance=rng.choices(["supports", "disputes", "qualifies"], weights=[6, 2, 2])[0],
        confidence=rng.choice(levels),
        quote=sentence(rng, 10, 40),
        speaker=speaker,
        anonymous=anonymous,
        relies_on=rng.choice([s for s in sources if s != source]) if relays else None,
        published_on=start_date + datetime.timedelta(days=rng.randint(0, 1700)),
        retracted=retracted,
        retraction_reason="The report was corrected by its publisher." if retracted else "",
    )
