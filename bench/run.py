#!/usr/bin/env python
"""Benchmark every read path against Django's own floor, at 1,000 and 100,000 claims.

For each size it makes a scratch PostgreSQL database, fills it with generate_bench_data, starts
gunicorn (the production config, bench settings) on 127.0.0.1, loads each URL for a fixed time
with 16 connections (wrk when installed, else a small Python load generator), prints requests/s,
p50 and p99, and stops everything it started. Every URL is loaded twice: as deployed, and with
the response cache off (RESPONSE_CACHE=false) to show what rendering costs. The table goes to
bench/RESULTS.md.

    .venv/bin/python bench/run.py                       # 1,000 and 100,000 claims, 10 s a URL a pass
    .venv/bin/python bench/run.py --sizes 1000 --duration 3
"""

import argparse
import contextlib
import datetime
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-At"]


def sql(statement, database="postgres"):
    return subprocess.run(
        [*PSQL, "-c", statement, database], check=True, capture_output=True, text=True
    ).stdout.strip()


def manage(env, *args, quiet=True):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if quiet else None,
        text=True,
    ).stdout


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


def unit_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load_with_wrk(url, duration, connections):
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "5s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"could not read wrk's latency percentiles from:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": unit_ms(percentiles["50"]),
        "p99": unit_ms(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def load_with_python(url, duration, connections):
    """The fallback load generator: `connections` threads, each requesting in a loop."""
    latencies, errors, stop = [], [0], time.monotonic() + duration
    lock = threading.Lock()

    def worker():
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    response.read()
                    ok = response.status < 400
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                ok = False
            with lock:
                latencies.append((time.monotonic() - started) * 1000)
                errors[0] += not ok

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / duration, "p50": cuts[49], "p99": cuts[98], "errors": errors[0]}


def bench_urls(env, database):
    """The URLs to load, with real slugs and words from the generated data."""
    claim = sql("SELECT slug FROM claims_claim WHERE status = 'published' ORDER BY id DESC LIMIT 1", database)
    source = sql(
        "SELECT s.slug FROM sources_source s JOIN claims_citation c ON c.source_id = s.id "
        "GROUP BY s.slug ORDER BY count(*) DESC LIMIT 1",
        database,
    )
    topic = sql(
        "SELECT t.slug FROM claims_topic t JOIN claims_claim_topics ct ON ct.topic_id = t.id "
        "GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1",
        database,
    )
    word = "convoys"
    return [
        ("floor view", "/bench/floor/"),
        ("/", "/"),
        ("/?q=<word>", f"/?q={word}"),
        ("/?topic=<slug>&page=50", f"/?topic={topic}&page=50"),
        ("/claims/<slug>/", f"/claims/{claim}/"),
        ("/sources/<slug>/", f"/sources/{source}/"),
        ("/matrix/?topic=<slug>", f"/matrix/?topic={topic}"),
        ("/api/claims/", "/api/claims/"),
        ("/api/claims/?search=<word>", f"/api/claims/?search={word}"),
        ("/api/claims/<slug>/", f"/api/claims/{claim}/"),
        # Measured again at the end: the ratios use the mean of both, so drift shows and cancels.
        ("floor view, again", "/bench/floor/"),
    ]


@contextlib.contextmanager
def gunicorn(env):
    """gunicorn with the production config on 127.0.0.1, stopped (by its pid) on the way out."""
    # Each run starts with an empty cache: the data version of a new scratch database repeats.
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://{env['GUNICORN_BIND']}"
        wait_until_up(base + "/healthz")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def load_urls(base, urls, args):
    load = load_with_wrk if shutil.which("wrk") and not args.python_load else load_with_python
    results = {}
    for name, path in urls:
        with urllib.request.urlopen(base + path, timeout=30) as response:  # warm up, and fail loudly
            assert response.status == 200, (path, response.status)
        for _ in range(20):
            urllib.request.urlopen(base + path, timeout=30).read()
        results[name] = r = {"path": path, **load(base + path, args.duration, args.connections)}
        print(
            f"  {name:28} {r['rps']:8.0f} req/s   p50 {r['p50']:7.1f} ms   p99 {r['p99']:7.1f} ms"
            + (f"   {r['errors']} errors" if r["errors"] else ""),
            flush=True,
        )
    return results, load.__name__


def run_size(claims, args, port):
    database = f"corroborate_bench_{claims}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # As the README recommends for production: workers share the response cache.
        "REDIS_URL": args.redis_url,
    }
    sql(f'DROP DATABASE IF EXISTS "{database}"')
    sql(f'CREATE DATABASE "{database}"')
    try:
        manage(env, "migrate", "-v", "0")
        started = time.monotonic()
        manage(
            env, "generate_bench_data", "--claims", str(claims), "--sources", str(args.sources), "--seed", "1"
        )
        generated_in = time.monotonic() - started
        print(f"{claims:,} claims generated in {generated_in:.1f} s", flush=True)
        sql("VACUUM ANALYZE", database)
        # Write out the bulk insert now, not as a checkpoint in the middle of the measurements.
        sql("CHECKPOINT", database)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        urls = bench_urls(env, database)
        print(
            "As deployed (pages and hot API reads served from the response cache between edits):", flush=True
        )
        with gunicorn(env) as base:
            results, load = load_urls(base, urls, args)
        print("Response cache off (what rendering costs):", flush=True)
        with gunicorn({**env, "RESPONSE_CACHE": "false"}) as base:
            uncached, _ = load_urls(base, urls, args)
        return {"generated_in": generated_in, "results": results, "uncached": uncached, "load": load}
    finally:
        sql(f'DROP DATABASE IF EXISTS "{database}"')


def machine():
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "cores": os.cpu_count(),
        "memory": f"{memory_kb / 1024 / 1024:.0f} GiB",
        "postgres": sql("SHOW server_version"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "python": sys.version.split()[0],
    }


def floor_rps(results):
    return statistics.mean(results[name]["rps"] for name in ("floor view", "floor view, again"))


def write_results(runs, args, facts):
    sizes = sorted(runs)
    small, large = sizes[0], sizes[-1]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.date.today().isoformat()} at commit `{facts['commit']}`: {facts['cores']} cores, "
        f"{facts['memory']} memory, PostgreSQL {facts['postgres']}, Python {facts['python']}. "
        f"gunicorn with `gunicorn.conf.py` (gthread), {args.connections} connections, "
        f"{args.duration} s a URL, load from `{runs[small]['load']}` on the same machine. "
        "`vs floor` is a URL's requests/s over the mean of the floor view's two runs (first and "
        "last) in the same pass. As deployed, reader pages and the API's claim list and detail are "
        "served from the response cache (keyed on the data version); the cache-off columns show "
        "what rendering costs.",
        "",
    ]
    for size in sizes:
        floor = floor_rps(runs[size]["results"])
        uncached = runs[size]["uncached"]
        uncached_floor = floor_rps(uncached)
        lines += [
            f"## {size:,} claims (generated in {runs[size]['generated_in']:.1f} s)",
            "",
            "| URL | requests/s | p50 ms | p99 ms | vs floor | errors "
            "| cache off: requests/s | p50 ms | p99 ms | vs floor |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, r in runs[size]["results"].items():
            cells = [f"`{name}`", f"{r['rps']:.0f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}"]
            cells += [f"{r['rps'] / floor:.0%}", str(r["errors"] + uncached[name]["errors"])]
            if name in uncached:
                u = uncached[name]
                cells += [
                    f"{u['rps']:.0f}",
                    f"{u['p50']:.1f}",
                    f"{u['p99']:.1f}",
                    f"{u['rps'] / uncached_floor:.0%}",
                ]
            else:
                cells += ["(never cached)"] + [""] * 3
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if small != large:
        lines += [
            f"## p50 at {large:,} claims against {small:,}",
            "",
            "| URL | p50 ratio |",
            "|---|---:|",
        ]
        for name, r in runs[large]["results"].items():
            lines.append(f"| `{name}` | {r['p50'] / runs[small]['results'][name]['p50']:.2f}× |")
        lines.append("")
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load a URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/15",
        help="a Redis database for the shared response cache; the benchmark empties it",
    )
    parser.add_argument(
        "--python-load", action="store_true", help="use the Python load generator even if wrk is there"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    facts = machine()
    runs = {size: run_size(size, args, args.port) for size in args.sizes}
    if not args.no_write:
        write_results(runs, args, facts)
        print(f"Wrote {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
