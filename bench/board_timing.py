"""Time the hypotheses board: a question of 6 hypotheses and 40 independent origins.

    .venv/bin/python bench/board_timing.py [--runs 50] [--database sqlite|URL]

It builds the data in a scratch database (a new SQLite file in a temporary folder by default, or
the PostgreSQL database named by the URL, which it migrates and fills: give it an empty one), then
renders /questions/<slug>/ through Django's test client with the response cache off and prints the
median of the runs in milliseconds, the page's query count, and the same for the API detail.

Each of the 40 origins is a source with one report on each hypothesis (240 citations), a few of
them relayed or retracted so the origin rules have work to do; the board renders in process, as
a reader's first request after an edit pays it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HYPOTHESES = 6
ORIGINS = 40


def configure(database):
    if database == "sqlite":
        folder = tempfile.mkdtemp(prefix="board-bench-")
        database = f"sqlite:///{folder}/board.sqlite3"
    os.environ["DATABASE_URL"] = database
    os.environ["RESPONSE_CACHE"] = "false"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return database


def build():
    from claims import services
    from claims.models import Citation, Claim, ConfidenceLevel, Question
    from sources.models import Source

    levels = list(ConfidenceLevel.objects.order_by("rank"))
    grades = "ABCDEF"
    sources = []
    for index in range(ORIGINS + 5):
        source = Source(name=f"Outlet {index:02d}", slug=f"outlet-{index:02d}", reliability=grades[index % 6])
        services.save_source(source=source)
        sources.append(source)
    stances = ("supports", "disputes", "qualifies")
    claims = []
    for h in range(HYPOTHESES):
        citations = []
        for index, source in enumerate(sources[:ORIGINS]):
            citations.append(
                {
                    "source": source,
                    "stance": stances[(index * (h + 1) + h) % 3],
                    "confidence": levels[(index + h) % len(levels)],
                    "quote": f"Report {index} on hypothesis {h}.",
                    "speaker": f"Official {index}",
                    "published_on": datetime.date(2024, 8, 1 + (index % 20)),
                }
            )
        # Five relays of sources that have their own report: no new origin.
        for extra in range(5):
            citations.append(
                {
                    "source": sources[ORIGINS + extra],
                    "relies_on": sources[extra],
                    "stance": "disputes",
                    "confidence": levels[0],
                    "quote": f"Relayed report {extra}.",
                }
            )
        claim = services.create_claim(
            statement=f"Hypothesis {h + 1}: troops moved in scenario {h + 1}.",
            status=Claim.Status.PUBLISHED,
            citations=citations,
        )
        first = Citation.objects.filter(claim=claim).order_by("pk").first()
        services.retract_citation(citation=first, reason="Corrected.")
        claims.append(claim)
    question = Question(text="Which scenario holds?")
    services.save_question(question=question, hypotheses=claims)
    return question


def timed(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates compiled, connection open
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(durations), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database", default="sqlite", help="sqlite (a scratch file) or a database URL")
    options = parser.parse_args()
    database = configure(options.database)

    from django.conf import settings
    from django.test import Client

    assert not settings.RESPONSE_CACHE_ENABLED
    question = build()
    client = Client()
    vendor = database.split(":", 1)[0]
    for label, url in (
        ("board page", question.get_absolute_url()),
        ("API detail", f"/api/questions/{question.slug}/"),
    ):
        median, queries = timed(client, url, options.runs)
        print(
            f"{label} {url} on {vendor}: {HYPOTHESES} hypotheses x {ORIGINS} origins, "
            f"median of {options.runs} renders {median:.1f} ms, {queries} queries"
        )


if __name__ == "__main__":
    main()
