#!/usr/bin/env python
"""Time POST /api/intake/ on a ~1,500-word article, in process, through Django's test client.

    .venv/bin/python bench/intake_api_timing.py [--runs 20] [--words 1500]

It makes a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set), loads the
demo data and an analyst's token, posts the article --runs times after one warm-up, prints the
median (and the fastest and slowest) in milliseconds, and drops the database. The article is
built as bench/intake_timing.py builds it: whole paragraphs of the evaluation articles. The
budget is a median under 200 ms.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

BUDGET_MS = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--words", type=int, default=1500)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from knox.models import AuthToken
    from rest_framework.throttling import UserRateThrottle

    from bench.intake_timing import build_article
    from tests.factories import AnalystFactory

    setup_test_environment()
    UserRateThrottle.rate = "100000/minute"  # measuring the endpoint, not the rate limit
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", stdout=open(os.devnull, "w"))
        _, token = AuthToken.objects.create(user=AnalystFactory(username="intake-bench"))
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        article = build_article(args.words)
        body = json.dumps({"text": article, "published_on": "2024-08-16"})

        def post():
            started = time.perf_counter()
            response = client.post("/api/intake/", body, content_type="application/json")
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(
                    f"POST /api/intake/ answered {response.status_code}: {response.content[:200]}"
                )
            return elapsed, response.json()

        _, answer = post()  # warm-up
        times = [post()[0] for _ in range(args.runs)]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    median = statistics.median(times)
    print(
        f"article: {len(article.split()):,} words, {len(article):,} characters, "
        f"{len(answer['attributions'])} attributions"
    )
    print(
        f"POST /api/intake/ ({connection.vendor}), median of {args.runs}: {median:.1f} ms "
        f"(fastest {min(times):.1f}, slowest {max(times):.1f}); budget {BUDGET_MS} ms"
    )
    return 0 if median < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
