#!/usr/bin/env python
"""Profile one URL in process with pyinstrument, against the database in DATABASE_URL.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/corroborate_bench
    .venv/bin/python bench/profile.py /api/claims/ --requests 50 --cache off

It warms the URL up, then profiles --requests requests through Django's test client under the
bench settings (production middleware), and prints where the time goes.
"""

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The throttles run, as deployed, with limits the repeated requests stay under.
os.environ.setdefault("API_THROTTLE_ANON", "1000000/minute")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--cache", choices=["on", "off"], default="off", help="the response cache; off profiles rendering"
    )
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = parser.parse_args()
    os.environ["RESPONSE_CACHE"] = "true" if args.cache == "on" else "false"

    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    for _ in range(5):
        response = client.get(args.path)
        assert response.status_code == 200, response.status_code
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.requests):
            client.get(args.path)
    elapsed = time.perf_counter() - started
    print(f"{args.path}: {args.requests} requests, {elapsed / args.requests * 1000:.1f} ms each")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
