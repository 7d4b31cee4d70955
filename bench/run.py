#!/usr/bin/env python
"""Benchmark every read path against Django's own floor, at 1,000 and 100,000 claims.

For each size it makes a scratch PostgreSQL database, fills it with generate_bench_data, starts
gunicorn (the production config, bench settings) on 127.0.0.1, loads each URL for a fixed time
with 16 connections (wrk when installed, else a small Python load generator), prints requests/s,
p50 and p99, and stops everything it started. Three passes:

- as deployed: production settings, the response cache on, the API's throttles active with
  limits raised for the load (API_THROTTLE_ANON / API_THROTTLE_USER; the classes stay);
- mixed: readers on `/`, a claim page and `/api/claims/` while an analyst's script edits one
  of that claim's citations a second through the API with a token (its confidence, back and
  forth), as during breaking news;
- cache off (RESPONSE_CACHE=false): what rendering costs.

The machine's speed drifts within minutes, so every URL is measured right after its own run of
the floor view, and every figure is a ratio to that paired run; each URL gets --pairs such pairs
in turn, and the pair with the median ratio stands for it. At each size it also runs
bench/render_budget.py (in process, cache off) against the same database. The tables, and the
issue's Done-when lines checked against them, go to bench/RESULTS.md.

    .venv/bin/python bench/run.py                       # 1,000 and 100,000 claims, 3 pairs of 5 s runs a URL
    .venv/bin/python bench/run.py --sizes 1000 --duration 3 --pairs 1
"""

import argparse
import contextlib
import datetime
import http.client
import json
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
        ("/", "/"),
        ("/?q=<word>", f"/?q={word}"),
        ("/?topic=<slug>&page=50", f"/?topic={topic}&page=50"),
        ("/claims/<slug>/", f"/claims/{claim}/"),
        ("/sources/<slug>/", f"/sources/{source}/"),
        ("/matrix/?topic=<slug>", f"/matrix/?topic={topic}"),
        ("/api/claims/", "/api/claims/"),
        ("/api/claims/?search=<word>", f"/api/claims/?search={word}"),
        ("/api/claims/<slug>/", f"/api/claims/{claim}/"),
    ]


FLOOR = "/bench/floor/"
MIXED_URLS = ("/", "/claims/<slug>/", "/api/claims/")
ANALYST = "benchanalyst"


SERVER_LOG = Path("/tmp/corroborate-bench-gunicorn.log")


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
        # Errors and their tracebacks (the bench settings log nothing else) for a failed run to show.
        stdout=SERVER_LOG.open("a"),
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://{env['GUNICORN_BIND']}"
        wait_until_up(base + "/healthz")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def load_urls(base, urls, args):
    """Each URL right after its own run of the floor view: {name: {"floor": ..., "url": ...}}."""
    load = load_with_wrk if shutil.which("wrk") and not args.python_load else load_with_python
    results = {}
    for name, path in urls:
        for warm in (FLOOR, path):
            try:
                with urllib.request.urlopen(base + warm, timeout=30) as response:  # warm up, fail loudly
                    assert response.status == 200, (warm, response.status)
            except urllib.error.HTTPError as error:
                raise RuntimeError(f"{warm} answered {error.code}: see {SERVER_LOG}") from error
            for _ in range(20):
                urllib.request.urlopen(base + warm, timeout=30).read()
        pairs = []
        for _ in range(args.pairs):
            floor = load(base + FLOOR, args.duration, args.connections)
            pairs.append({"floor": floor, "url": load(base + path, args.duration, args.connections)})
        # The pair with the median ratio stands for the URL; the others show how far the speed drifted.
        pairs.sort(key=ratio)
        middle = pairs[len(pairs) // 2]
        results[name] = {"path": path, **middle, "pair_ratios": [round(ratio(pair), 2) for pair in pairs]}
        measured, floor = middle["url"], middle["floor"]
        print(
            f"  {name:28} {measured['rps']:8.0f} req/s   p50 {measured['p50']:7.1f} ms   "
            f"p99 {measured['p99']:7.1f} ms   floor {floor['rps']:6.0f} req/s "
            f"p99 {floor['p99']:6.1f} ms   {ratio(middle):5.2f}× (pairs {results[name]['pair_ratios']})"
            + (f"   {measured['errors']} errors" if measured["errors"] else ""),
            flush=True,
        )
    return results, load.__name__


class Editor(threading.Thread):
    """An analyst's script: PATCHes one citation's confidence through the API once a second."""

    def __init__(self, port, token, citation_id, levels):
        super().__init__(daemon=True)
        self.port, self.token, self.citation_id, self.levels = port, token, citation_id, levels
        self.stopping = threading.Event()
        self.edits, self.failures, self.latencies = 0, 0, []

    def run(self):
        turn = 0
        while not self.stopping.is_set():
            started = time.monotonic()
            body = json.dumps({"confidence": self.levels[turn % len(self.levels)]})
            turn += 1
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                connection.request(
                    "PATCH",
                    f"/api/citations/{self.citation_id}/",
                    body=body,
                    headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
            finally:
                connection.close()
            elapsed = time.monotonic() - started
            self.edits += ok
            self.failures += not ok
            self.latencies.append(elapsed * 1000)
            self.stopping.wait(max(0.0, 1.0 - elapsed))

    def stop(self):
        self.stopping.set()
        self.join(timeout=15)


def mixed_run(base, urls, args, env, database):
    """The readers' URLs loaded while one citation of the measured claim is edited each second."""
    claim_slug = dict(urls)["/claims/<slug>/"].split("/")[2]
    citation_id = int(
        sql(
            "SELECT c.id FROM claims_citation c JOIN claims_claim cl ON cl.id = c.claim_id "
            f"WHERE cl.slug = '{claim_slug}' ORDER BY c.id LIMIT 1",
            database,
        )
    )
    token = manage(env, "create_api_token", ANALYST).strip().splitlines()[-1]
    levels = sql("SELECT slug FROM claims_confidencelevel ORDER BY rank DESC", database).split()
    editor = Editor(int(env["GUNICORN_BIND"].rsplit(":", 1)[1]), token, citation_id, levels)
    editor.start()
    try:
        time.sleep(2)  # the first edits land before anything is measured
        results, _ = load_urls(base, [(name, path) for name, path in urls if name in MIXED_URLS], args)
    finally:
        editor.stop()
    latencies = sorted(editor.latencies) or [0.0]
    return {
        "results": results,
        "edits": editor.edits,
        "edit_failures": editor.failures,
        "edit_p50": latencies[len(latencies) // 2],
        "edit_max": latencies[-1],
    }


def render_budget(env):
    """bench/render_budget.py's table (in process, cache off) against this size's database."""
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "render_budget.py")],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver"},
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    ).stdout
    print(output, flush=True)
    return output.rstrip()


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
        # As deployed the throttles run; the limits are raised so that the load is not refused.
        "API_THROTTLE_ANON": args.throttle,
        "API_THROTTLE_USER": args.throttle,
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
        manage(env, "create_analyst", ANALYST, "--password", secrets.token_urlsafe(16))
        sql("VACUUM ANALYZE", database)
        # Write out the bulk insert now, not as a checkpoint in the middle of the measurements.
        sql("CHECKPOINT", database)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        urls = bench_urls(env, database)
        print(
            "As deployed (pages and hot API reads served from the response cache between edits; "
            "throttles active):",
            flush=True,
        )
        with gunicorn(env) as base:
            results, load = load_urls(base, urls, args)
            print("Mixed (one citation of the claim page's claim edited through the API each second):")
            mixed = mixed_run(base, urls, args, env, database)
        print(
            f"  {mixed['edits']} edits ({mixed['edit_failures']} failed), p50 {mixed['edit_p50']:.0f} ms",
            flush=True,
        )
        print("Response cache off (what rendering costs):", flush=True)
        with gunicorn({**env, "RESPONSE_CACHE": "false"}) as base:
            uncached, _ = load_urls(base, urls, args)
        budget = render_budget(env) if not args.no_budget else None
        return {
            "generated_in": generated_in,
            "results": results,
            "mixed": mixed,
            "uncached": uncached,
            "load": load,
            "budget": budget,
        }
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


def ratio(run):
    return run["url"]["rps"] / run["floor"]["rps"]


def p99_ok(run, *, at_most_ms, times_floor):
    return run["url"]["p99"] <= max(at_most_ms, times_floor * run["floor"]["p99"])


# The Done-when lines (see write_results): reader URLs and API reads as deployed, with
# one edit a second, and with the cache off.
DEPLOYED_RATIO, DEPLOYED_P99_MS, DEPLOYED_P99_TIMES = 0.8, 100, 2
MIXED_RATIO, MIXED_P99_MS, MIXED_P99_TIMES = 0.5, 150, 3
CACHE_OFF_RATIOS = {"/claims/<slug>/": 0.25, "/": 0.2, "/matrix/?topic=<slug>": 0.1}
SCALE_RATIO = 0.8


def table(runs, *, p99_limit=None):
    lines = [
        "| URL | requests/s | p50 ms | p99 ms | paired floor requests/s | floor p99 ms | vs floor "
        "| every pair | errors |" + (" p99 within |" if p99_limit else ""),
        "|---|---:|---:|---:|---:|---:|---:|---|---:|" + ("---|" if p99_limit else ""),
    ]
    for name, run in runs.items():
        url, floor = run["url"], run["floor"]
        cells = [
            f"`{name}`",
            f"{url['rps']:.0f}",
            f"{url['p50']:.1f}",
            f"{url['p99']:.1f}",
            f"{floor['rps']:.0f}",
            f"{floor['p99']:.1f}",
            f"{ratio(run):.2f}×",
            ", ".join(f"{pair:.2f}" for pair in run.get("pair_ratios", [ratio(run)])),
            str(url["errors"] + floor["errors"]),
        ]
        if p99_limit:
            at_most, times = p99_limit
            limit = max(at_most, times * floor["p99"])
            cells.append(f"{'yes' if url['p99'] <= limit else 'NO'} (≤ {limit:.0f} ms)")
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def verdicts(runs):
    """Each Done-when line against the largest size (and the scale line against the smallest)."""
    sizes = sorted(runs)
    small, large = runs[sizes[0]], runs[sizes[-1]]
    checks = []
    slow = [f"`{n}` {ratio(r):.2f}×" for n, r in large["results"].items() if ratio(r) < DEPLOYED_RATIO]
    checks.append((f"as deployed, every URL ≥ {DEPLOYED_RATIO}× its paired floor", not slow, slow))
    late = [
        f"`{n}` p99 {r['url']['p99']:.0f} ms"
        for n, r in large["results"].items()
        if not p99_ok(r, at_most_ms=DEPLOYED_P99_MS, times_floor=DEPLOYED_P99_TIMES)
    ]
    checks.append(
        (f"as deployed, p99 ≤ {DEPLOYED_P99_MS} ms or ≤ {DEPLOYED_P99_TIMES}× the floor's", not late, late)
    )
    mixed = large["mixed"]["results"]
    slow = [f"`{n}` {ratio(r):.2f}×" for n, r in mixed.items() if ratio(r) < MIXED_RATIO]
    checks.append((f"one edit a second, every URL ≥ {MIXED_RATIO}× its paired floor", not slow, slow))
    late = [
        f"`{n}` p99 {r['url']['p99']:.0f} ms"
        for n, r in mixed.items()
        if not p99_ok(r, at_most_ms=MIXED_P99_MS, times_floor=MIXED_P99_TIMES)
    ]
    checks.append(
        (f"one edit a second, p99 ≤ {MIXED_P99_MS} ms or ≤ {MIXED_P99_TIMES}× the floor's", not late, late)
    )
    for name, wanted in CACHE_OFF_RATIOS.items():
        got = ratio(large["uncached"][name])
        checks.append((f"cache off, `{name}` ≥ {wanted}×", got >= wanted, [f"{got:.2f}×"]))
    if len(sizes) > 1:
        worse = [
            f"`{n}` {ratio(r):.2f}× against {ratio(small['results'][n]):.2f}×"
            for n, r in large["results"].items()
            if ratio(r) < SCALE_RATIO * ratio(small["results"][n])
        ]
        checks.append(
            (
                f"scale, each URL's ratio at {sizes[-1]:,} ≥ {SCALE_RATIO}× its ratio at {sizes[0]:,}",
                not worse,
                worse,
            )
        )
    if large.get("budget"):
        over = [line.split()[0] for line in large["budget"].splitlines() if line.endswith("OVER")]
        checks.append(("in-process budgets (render_budget.py, median of 50, cache off)", not over, over))
    return checks


def write_results(runs, args, facts):
    sizes = sorted(runs)
    small, large = sizes[0], sizes[-1]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.date.today().isoformat()} at commit `{facts['commit']}`: {facts['cores']} cores, "
        f"{facts['memory']} memory, PostgreSQL {facts['postgres']}, Python {facts['python']}. "
        f"gunicorn with `gunicorn.conf.py` (gthread), {args.connections} connections, "
        f"{args.duration} s a run, load from `{runs[small]['load']}` on the same machine. The machine's "
        "speed drifts within minutes, so each URL is loaded right after its own run of the floor view "
        "(Django reading 12 rows and rendering a small page under the same server and middleware), "
        f"{args.pairs} such pairs in turn; `vs floor` is the URL's requests/s over its paired floor run's "
        "in the pair with the median ratio, whose figures the row shows, and `every pair` lists the "
        "ratios of all the pairs.",
        "",
        "- **As deployed**: production settings; anonymous readers' pages and the API's claim list and "
        "detail come from the response cache (keyed on the data version, shared through Redis); the "
        f"API's throttle classes are active with their limits raised for the load ({args.throttle}).",
        "- **Mixed**: the same server while an analyst's script PATCHes one citation of the measured "
        "claim through the API with a token once a second (its confidence, back and forth): every edit "
        "moves the global epoch (lists, API list) and that claim's version (its page).",
        "- **Cache off**: `RESPONSE_CACHE=false`, what rendering costs.",
        "",
        "## Done when (issue 10), checked at the largest size",
        "",
    ]
    for text, ok, detail in verdicts(runs):
        lines.append(
            f"- {'✅' if ok else '❌'} {text}" + (f": {', '.join(detail)}" if detail and not ok else "")
        )
    lines.append("")
    for size in sizes:
        run = runs[size]
        mixed = run["mixed"]
        lines += [
            f"## {size:,} claims (generated in {run['generated_in']:.1f} s)",
            "",
            "### As deployed",
            "",
            *table(run["results"], p99_limit=(DEPLOYED_P99_MS, DEPLOYED_P99_TIMES)),
            f"### Mixed: one edit a second ({mixed['edits']} edits, {mixed['edit_failures']} failed, "
            f"edit p50 {mixed['edit_p50']:.0f} ms, slowest {mixed['edit_max']:.0f} ms)",
            "",
            *table(mixed["results"], p99_limit=(MIXED_P99_MS, MIXED_P99_TIMES)),
            "### Cache off",
            "",
            *table(run["uncached"]),
        ]
        if run.get("budget"):
            lines += [
                "### In process, cache off (`bench/render_budget.py`)",
                "",
                "```",
                run["budget"],
                "```",
                "",
            ]
    if small != large:
        lines += [
            f"## Scale: ratio to the floor at {large:,} claims against {small:,}",
            "",
            f"| URL | at {small:,} | at {large:,} | {large:,} / {small:,} |",
            "|---|---:|---:|---:|",
        ]
        for name, run in runs[large]["results"].items():
            before, after = ratio(runs[small]["results"][name]), ratio(run)
            lines.append(f"| `{name}` | {before:.2f}× | {after:.2f}× | {after / before:.2f} |")
        lines.append("")
    notes = ROOT / "bench" / "results_notes.md"
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load a run")
    parser.add_argument(
        "--pairs", type=int, default=3, help="runs of the floor, each followed by one of the URL, per URL"
    )
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
    parser.add_argument(
        "--throttle",
        default="1000000/minute",
        help="the API's anonymous and user rate limits as deployed (raised for the load; the classes stay)",
    )
    parser.add_argument("--no-budget", action="store_true", help="skip bench/render_budget.py")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument(
        "--save", default="/tmp/corroborate-bench-runs.json", help="where the raw figures are kept"
    )
    parser.add_argument(
        "--from-json", help="write bench/RESULTS.md again from figures --save kept, measuring nothing"
    )
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text())
        facts, runs = saved["facts"], {int(size): run for size, run in saved["runs"].items()}
        saved["args"].setdefault("pairs", 1)
        for name in ("duration", "connections", "throttle", "pairs"):
            setattr(args, name, saved["args"][name])
    else:
        facts = machine()
        runs = {size: run_size(size, args, args.port) for size in args.sizes}
        Path(args.save).write_text(json.dumps({"facts": facts, "runs": runs, "args": vars(args)}))
    if not args.no_write:
        write_results(runs, args, facts)
        print(f"Wrote {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
