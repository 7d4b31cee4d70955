#!/usr/bin/env python
"""Restart PostgreSQL under a running Corroborate and report what readers saw.

Starts gunicorn (production settings, plain HTTP on 127.0.0.1) against a scratch PostgreSQL
database with the demo data, requests pages in a loop, restarts the local cluster with
pg_ctlcluster part-way through, and prints how many requests failed, how, and for how long, and
whether the app answered again without being restarted. Stops everything it started.

    .venv/bin/python scripts/db_restart_check.py [--seconds 30] [--port 8765]
"""

import argparse
import collections
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "corroborate_restart_check"
PATHS = [
    "/healthz",
    "/",
    "/claims/russia-moved-thousands-of-troops-from-its-ukraine-front-lines-to-defend-kursk/",
]


def psql(sql):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True)


def cluster():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return version, "main"


def fetch(url, timeout):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        status = f"error: {getattr(error, 'reason', error)}"
    return status, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long to keep requesting")
    parser.add_argument("--restart-after", type=float, default=5, help="seconds before the restart")
    parser.add_argument(
        "--down-for",
        type=float,
        default=0,
        help="stop PostgreSQL this long before starting it again (0: restart)",
    )
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
    }
    python = sys.executable
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    psql(f'CREATE DATABASE "{DATABASE}"')
    server = None
    try:
        for command in (["migrate", "-v", "0"], ["load_demo"], ["collectstatic", "--no-input", "-v", "0"]):
            subprocess.run(
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(50):
            if fetch(base + "/healthz", 1)[0] == 200:
                break
            time.sleep(0.2)

        outcomes = collections.Counter()
        failures = []
        slowest = 0.0
        restarted = None
        start = time.monotonic()
        while time.monotonic() - start < args.seconds:
            if restarted is None and time.monotonic() - start >= args.restart_after:
                restarted = time.monotonic()
                version, name = cluster()
                ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
                # In the background, so requests go on while PostgreSQL is down.
                if args.down_for:
                    subprocess.Popen(
                        [
                            "sh",
                            "-c",
                            f"{' '.join(ctl)} stop && sleep {args.down_for} && {' '.join(ctl)} start",
                        ]
                    )
                else:
                    subprocess.Popen([*ctl, "restart"])
            for path in PATHS:
                status, took = fetch(base + path, timeout=10)
                slowest = max(slowest, took)
                outcomes[status] += 1
                if status != 200:
                    failures.append((time.monotonic() - start, path, status))
            time.sleep(0.05)

        final = {path: fetch(base + path, 10)[0] for path in PATHS}
        print(f"requests: {sum(outcomes.values())}, by outcome: {dict(outcomes)}")
        print(f"slowest request: {slowest * 1000:.0f} ms")
        if failures:
            first, last = failures[0][0], failures[-1][0]
            print(
                f"failed requests: {len(failures)}, from t={first:.2f}s to t={last:.2f}s "
                f"(restart issued at t={restarted - start:.2f}s): outage seen for {last - first:.2f}s"
            )
        else:
            print("failed requests: 0")
        print(f"after the restart, without restarting the app: {final}")
        return 0 if all(status == 200 for status in final.values()) else 1
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        for _ in range(30):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
                break
            time.sleep(1)
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')


if __name__ == "__main__":
    sys.exit(main())
