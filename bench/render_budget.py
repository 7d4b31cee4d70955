#!/usr/bin/env python
"""What rendering costs without the cache: the median of 50 requests through Django's test client.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/corroborate_bench   # 100,000 claims
    .venv/bin/python bench/render_budget.py

The budgets are DESIGN.md's ("Render cost without the cache"): claim page 8 ms, list 10 ms,
matrix 20 ms at 100,000 claims; and a claim page as of a date 10 ms (the Time issue). Each URL
is requested 5 times to warm up, then 50 times; the median and p90 are printed beside the budget.
The URLs are picked from the data: the claim with most citations, the biggest topic.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The throttles run, as deployed, with limits the repeated requests stay under.
os.environ.setdefault("API_THROTTLE_ANON", "1000000/minute")
os.environ["RESPONSE_CACHE"] = "false"


def urls():
    from django.db.models import Count

    from claims.models import Claim, Topic

    claims = Claim.objects.published().annotate(n=Count("citations"))
    busy = claims.order_by("-n", "pk").first()
    typical = claims.filter(n__gte=3).order_by("pk").first()
    topic = Topic.objects.annotate(n=Count("claims")).order_by("-n").first()
    dates = sorted(d for d in busy.citations.values_list("published_on", flat=True) if d)
    middle = dates[len(dates) // 2]
    return [
        (f"/claims/{typical.slug}/", 8),
        (f"/claims/{busy.slug}/", 8),
        (f"/claims/{busy.slug}/?as_of={middle.isoformat()}", 10),
        ("/", 10),
        (f"/?topic={topic.slug}&page=3", 10),
        ("/matrix/", 20),
        (f"/matrix/?topic={topic.slug}", 20),
        (f"/api/claims/{busy.slug}/", 8),
        ("/api/claims/", 10),
    ]


def measure(client, url, runs):
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=10)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from claims.models import Claim

    client = Client()
    print(f"{Claim.objects.count():,} claims; response cache off; median and p90 of {args.requests} requests")
    print(f"{'URL':<70} {'median':>8} {'p90':>8} {'budget':>7}")
    for url, budget in urls():
        median, p90 = measure(client, url, args.requests)
        verdict = "ok" if median <= budget else "OVER"
        shown = url if len(url) <= 70 else url[:67] + "..."
        print(f"{shown:<70} {median:7.1f}ms {p90:7.1f}ms {budget:5d}ms {verdict}")


if __name__ == "__main__":
    main()
