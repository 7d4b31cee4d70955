#!/usr/bin/env python
"""Benchmark the write path under load: long creates, concurrent writers, a grade change's fan-out.

It makes a scratch PostgreSQL database (or reuses one), fills it with generate_bench_data,
starts gunicorn (the production config, bench settings) and one Celery worker on 127.0.0.1,
then measures, over the API with an analyst's token:

1. a POST /api/claims/ with 200 nested citations, and PATCHes of an unrelated claim sent
   while it runs (3 rounds);
2. 1 and then 16 writers PATCHing citations of different claims for ~10 s;
3. a source's grade change fanning out to 2,000+ claims: the PATCH's own time, how long until
   /healthz reports no pending recomputation, and `recompute_consensus --check` afterwards.

Everything it starts is stopped by its pid; the table goes to bench/WRITES.md.

    .venv/bin/python bench/write_load.py                    # 100,000 claims (~2 min to generate)
    .venv/bin/python bench/write_load.py --claims 2000      # a quick shake-out
    .venv/bin/python bench/write_load.py --reuse-db corroborate_writebench_100000 --keep-db
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ on the path, not the project root that `bench` lives in.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench.run import PYTHON, machine, manage, sql, wait_until_up  # noqa: E402

ANALYST = "writebench"
FANOUT_MIN_CITATIONS = 2000
STANCES = ["supports", "disputes", "qualifies"]
LEVELS = ["high", "moderate", "low"]
# How long a single request may take before it counts as an error rather than a slow answer.
REQUEST_TIMEOUT = 60


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int  # 0: no answer (timeout, connection refused or reset)
    seconds: float
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    started: float = 0.0  # time.monotonic() when sent

    @property
    def ok(self):
        return 200 <= self.status < 300

    def json(self):
        return json.loads(self.body)


class Api:
    """Token-authenticated JSON requests to one gunicorn, a fresh connection each (as clients do)."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.errors = []  # (method, path, status, first bytes of the body), for the report

    def request(self, method, path, body=None, *, auth=True):
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            answer = Answer(response.status, time.monotonic() - started, dict(response.getheaders()), data)
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(0, time.monotonic() - started, body=repr(error).encode())
        finally:
            connection.close()
        answer.started = started
        if not answer.ok:
            self.errors.append((method, path, answer.status, summary(answer.body)))
        return answer


def summary(body):
    """A failed answer's gist: JSON errors whole (shortened), an HTML error page by its title."""
    text = body.decode(errors="replace")
    if "<title>" in text:
        return text.split("<title>", 1)[1].split("</title>", 1)[0].strip()
    return " ".join(text.split())[:200]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, p):
    """The p-th percentile (statistics.quantiles' default method); the value itself for one sample."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100)[p - 1]


# --- Processes ---------------------------------------------------------------------------------


def stop(process, name, seconds=30):
    """SIGTERM by pid, then SIGKILL if it has not gone within `seconds`."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        print(f"  {name} (pid {process.pid}) ignored SIGTERM for {seconds} s: killing it", flush=True)
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def servers(env, logs):
    """gunicorn (production config) and one Celery worker, logging to files; both stopped on the way out."""
    # The cache keys repeat between scratch databases, and a queue left by an earlier run would
    # hand this worker stale tasks: this run's Redis database starts empty.
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    gunicorn_log = open(logs / "gunicorn.log", "w")  # noqa: SIM115  (closed below)
    celery_log = open(logs / "celery.log", "w")  # noqa: SIM115
    worker_name = f"writebench-{os.getpid()}@{socket.gethostname()}"
    started = []
    try:
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=gunicorn_log,
            stderr=subprocess.STDOUT,
        )
        started.append((gunicorn, "gunicorn"))
        worker = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "-n",
                worker_name,
            ],
            cwd=ROOT,
            env=env,
            stdout=celery_log,
            stderr=subprocess.STDOUT,
        )
        started.append((worker, "celery worker"))
        wait_until_up(f"http://{env['GUNICORN_BIND']}/healthz", seconds=60)
        wait_for_worker(env, worker, worker_name)
        print(
            f"  gunicorn pid {gunicorn.pid} on {env['GUNICORN_BIND']}, celery worker pid {worker.pid}; "
            f"logs in {logs}",
            flush=True,
        )
        yield gunicorn, worker
    finally:
        # The worker first: it should not be mid-batch when gunicorn (or the database) goes.
        for process, name in reversed(started):
            stop(process, name)
        gunicorn_log.close()
        celery_log.close()


def wait_for_worker(env, worker, name, seconds=90):
    """Until the worker answers a ping, so the fan-out's time does not include its start-up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the celery worker exited with {worker.returncode}: see celery.log")
        ping = subprocess.run(
            [PYTHON, "-m", "celery", "-A", "config", "inspect", "ping", "-d", name, "--timeout", "3"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if ping.returncode == 0 and "pong" in ping.stdout:
            return
        time.sleep(1)
    raise RuntimeError(f"the celery worker did not answer a ping within {seconds} s")


# --- The database ------------------------------------------------------------------------------


def prepare_database(env, database, args):
    """Make and fill the scratch database (unless reusing one); an analyst and a token either way."""
    if args.reuse_db:
        print(f"Reusing database {database}", flush=True)
        manage(env, "migrate", "-v", "0")
        generated_in = None
    else:
        sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        sql(f'CREATE DATABASE "{database}"')
        manage(env, "migrate", "-v", "0")
        started = time.monotonic()
        manage(
            env,
            "generate_bench_data",
            "--claims",
            str(args.claims),
            "--sources",
            str(args.sources),
            "--seed",
            "1",
        )
        generated_in = time.monotonic() - started
        print(f"{args.claims:,} claims generated in {generated_in:.1f} s", flush=True)
        sql("VACUUM ANALYZE", database)
        # Write out the bulk insert now, not as a checkpoint in the middle of the measurements.
        sql("CHECKPOINT", database)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "create_analyst", ANALYST, "--password", secrets.token_urlsafe(18))
    token = manage(env, "create_api_token", ANALYST).strip().splitlines()[-1]
    return token, generated_in


def fanout_source(env, database):
    """The source with the most citations, given 2,000+ by SQL first if none has that many.

    Returns (slug, citations, note); the note says when the data was changed to get there.
    """
    source_id, count = sql(
        "SELECT source_id, count(*) FROM claims_citation GROUP BY 1 ORDER BY 2 DESC LIMIT 1", database
    ).split("|")
    source_id, count = int(source_id), int(count)
    note = ""
    if count < FANOUT_MIN_CITATIONS:
        moved = FANOUT_MIN_CITATIONS - count + 100
        # Citations that relay this source cannot be moved onto it (a source never relays itself).
        # One citation a claim first (then seconds, and so on), so the change reaches as many claims
        # as it can: a grade change goes to the background only past 500 claims.
        sql(
            f"UPDATE claims_citation SET source_id = {source_id} WHERE id IN ("
            f"SELECT id FROM claims_citation WHERE source_id <> {source_id} "
            f"AND (relies_on_id IS NULL OR relies_on_id <> {source_id}) "
            f"ORDER BY row_number() OVER (PARTITION BY claim_id ORDER BY id), id LIMIT {moved})",
            database,
        )
        # The SQL bypassed the services: repair the stored consensus so the run starts from fresh data.
        repaired = manage(env, "recompute_consensus").strip().splitlines()[-1]
        note = (
            f"No source had {FANOUT_MIN_CITATIONS:,} citations (the most was {count:,}): {moved:,} "
            f"citations were pointed at it by SQL UPDATE, then `recompute_consensus` ran ({repaired})."
        )
        print(note, flush=True)
        count = int(sql(f"SELECT count(*) FROM claims_citation WHERE source_id = {source_id}", database))
    slug, grade = sql(f"SELECT slug, reliability FROM sources_source WHERE id = {source_id}", database).split(
        "|"
    )
    return slug, grade, count, note


def targets(database):
    """Rows the measurements write to, chosen so no two of them touch the same claim."""
    claim_ids = [int(row) for row in sql("SELECT id FROM claims_claim ORDER BY id", database).split()]
    unrelated = sql(f"SELECT slug FROM claims_claim WHERE id = {claim_ids[0]}", database)
    # One citation on each of 16 claims spread over the table (not neighbours in one index page).
    step = max(1, len(claim_ids) // 20)
    picked = ",".join(str(pk) for pk in claim_ids[step::step][:16])
    citations = [
        int(row)
        for row in sql(
            f"SELECT DISTINCT ON (claim_id) id FROM claims_citation WHERE claim_id IN ({picked}) "
            "ORDER BY claim_id, id",
            database,
        ).split()
    ]
    if len(citations) < 16:
        raise RuntimeError(f"only {len(citations)} of the 16 writer claims have a citation")
    sources = sql("SELECT slug FROM sources_source ORDER BY id LIMIT 200", database).split()
    return unrelated, citations, sources


# --- The measurements --------------------------------------------------------------------------


def long_create(api, sources, unrelated, round_number, patch_delay=0.15):
    """POST a claim with 200 citations; PATCH an unrelated claim while it runs. (create, [patches])."""
    tag = secrets.token_hex(4)
    body = {
        "statement": f"Write benchmark claim {round_number} ({tag}): convoys moved near the border.",
        "status": "published",
        "citations": [
            {
                "source": sources[i % len(sources)],
                "stance": STANCES[i % 3],
                "confidence": LEVELS[i % 3],
                "quote": f"Write benchmark quote {tag}-{i}: columns of armour seen at night.",
                "published_on": (datetime.date(2024, 8, 1) + datetime.timedelta(days=i % 60)).isoformat(),
            }
            for i in range(200)
        ],
    }
    result = {}
    creator = threading.Thread(
        target=lambda: result.setdefault("create", api.request("POST", "/api/claims/", body))
    )
    creator.start()
    time.sleep(patch_delay)
    patches = []
    # At least one PATCH, then more while the POST is still running.
    while not patches or creator.is_alive():
        context = f"Context edited during write benchmark round {round_number}, edit {len(patches) + 1}."
        patches.append(api.request("PATCH", f"/api/claims/{unrelated}/", {"context": context}))
        if len(patches) >= 50:
            break
    creator.join(timeout=REQUEST_TIMEOUT + 5)
    create = result["create"]
    finished = create.started + create.seconds
    # Only those sent while the POST was in flight say anything about blocking.
    during = [p for p in patches if p.started < finished]
    return create, during or patches[:1], bool(during)


def writers(api, citations, count, seconds, max_writes):
    """`count` threads, each changing one citation's stance or confidence in a loop. Stats."""
    latencies, failures = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def write(citation_id):
        for n in range(max_writes):
            if time.monotonic() >= stop_at:
                break
            # Alternate the two fields that feed the consensus, so every write recomputes the claim.
            change = {"stance": STANCES[n % 3]} if n % 2 == 0 else {"confidence": LEVELS[n % 3]}
            answer = api.request("PATCH", f"/api/citations/{citation_id}/", change)
            with lock:
                latencies.append(answer.seconds)
                failures[0] += not answer.ok

    started = time.monotonic()
    threads = [threading.Thread(target=write, args=(citation,)) for citation in citations[:count]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    wall = time.monotonic() - started
    ok = len(latencies) - failures[0]
    return {
        "writers": count,
        "writes": len(latencies),
        "errors": failures[0],
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "throughput": ok / wall,
    }


def fanout(api, env, database, slug, grade, drain_limit):
    """Regrade the source; time the PATCH and the drain; then check every claim against a fresh one."""
    new_grade = "D" if grade in "ABC" else "A"
    patch = api.request("PATCH", f"/api/sources/{slug}/", {"reliability": new_grade})
    drained_in, pending, polls = None, None, 0
    deadline = patch.started + drain_limit
    while time.monotonic() < deadline:
        health = api.request("GET", "/healthz", auth=False)
        polls += 1
        if health.ok:
            pending = health.json().get("pending_recomputations")
            if pending == 0:
                drained_in = time.monotonic() - patch.started
                break
        time.sleep(0.5)
    started = time.monotonic()
    check = manage(env, "recompute_consensus", "--check").strip().splitlines()[-1]
    return {
        "grade": f"{grade} → {new_grade}",
        "patch": patch,
        "recomputing": patch.headers.get("Recomputing-Claims"),
        "background": patch.headers.get("Recomputing-In-Background"),
        "drained_in": drained_in,
        "pending_left": pending,
        "polls": polls,
        "check": check,
        "check_seconds": time.monotonic() - started,
    }


# --- Report ------------------------------------------------------------------------------------


def verdict(passed):
    return "PASS" if passed else "FAIL"


def summary_rows(creates, single, sixteen, fan, drain_limit, errors):
    rows = []
    for number, (create, patches, overlapped) in enumerate(creates, 1):
        rows.append(
            (
                f"Create with 200 citations, round {number}",
                f"{create.seconds:.2f} s (HTTP {create.status})",
                "< 3 s",
                verdict(create.ok and create.seconds < 3),
            )
        )
        worst = max(p.seconds for p in patches)
        statuses = sorted({p.status for p in patches})
        what = f"max {worst:.2f} s over {len(patches)} (HTTP {','.join(map(str, statuses))})"
        if not overlapped:
            what += ", none overlapped the POST"
        rows.append(
            (
                f"PATCH unrelated claim during round {number}",
                what,
                "< 1 s each",
                verdict(all(p.ok for p in patches) and worst < 1),
            )
        )
    for stats in (single, sixteen):
        n = stats["writers"]
        label = f"{n} writer{'s' if n > 1 else ''}"
        rows.append(
            (
                f"{label}: p50 citation PATCH",
                f"{stats['p50']:.3f} s",
                "< 1 s" if n == 16 else "(comparison)",
                verdict(stats["p50"] < 1 and not stats["errors"]) if n == 16 else "—",
            )
        )
        rows.append((f"{label}: p99", f"{stats['p99']:.3f} s", "—", "—"))
        rows.append(
            (
                f"{label}: throughput",
                f"{stats['throughput']:.1f} writes/s ({stats['writes']} writes, {stats['errors']} errors)",
                "—",
                "—",
            )
        )
    patch = fan["patch"]
    rows.append(
        (
            f"Regrade source ({fan['grade']}): PATCH time",
            f"{patch.seconds:.2f} s (HTTP {patch.status})",
            "< 1 s",
            verdict(patch.ok and patch.seconds < 1),
        )
    )
    rows.append(
        ("Recomputing-Claims / In-Background", f"{fan['recomputing']} / {fan['background']}", "—", "—")
    )
    drained = (
        f"{fan['drained_in']:.1f} s"
        if fan["drained_in"] is not None
        else f"not drained in {drain_limit} s ({fan['pending_left']} pending)"
    )
    rows.append(
        (
            "Pending recomputations drained (healthz = 0)",
            drained,
            "< 30 s",
            verdict(fan["drained_in"] is not None and fan["drained_in"] < 30),
        )
    )
    rows.append(
        (
            "`recompute_consensus --check` afterwards",
            fan["check"],
            "0 stale",
            verdict(fan["check"] == "0 stale"),
        )
    )
    rows.append(("Non-2xx answers during the run", str(len(errors)), "0", verdict(not errors)))
    return rows


def markdown_table(rows):
    lines = ["| measurement | result | target | |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def write_report(table, facts, claims, citations, notes, args):
    lines = [
        "# Write benchmark results",
        "",
        f"Run on {datetime.date.today().isoformat()} at commit `{facts['commit']}` (working tree as it was, "
        f"other edits in progress included): {facts['cores']} cores (speed drifts; the thresholds are "
        f"absolute), {facts['memory']} memory, PostgreSQL {facts['postgres']}, Python {facts['python']}. "
        f"{claims:,} claims, {citations:,} citations. gunicorn with `gunicorn.conf.py` (gthread), "
        "`config.settings.bench` (throttles on with raised limits, response cache as deployed, Redis "
        "shared), one Celery worker (`--concurrency 1`), load from `bench/write_load.py` on the same "
        "machine over loopback.",
        "",
        table,
        "",
    ]
    lines += [f"- {note}" for note in notes]
    (ROOT / "bench" / "WRITES.md").write_text("\n".join(lines).rstrip() + "\n")


# --- Main --------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument(
        "--reuse-db", metavar="NAME", help="an already-filled scratch database (kept afterwards)"
    )
    parser.add_argument("--keep-db", action="store_true", help="leave the scratch database in place")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/12",
        help="a Redis database for broker and cache; the benchmark empties it",
    )
    parser.add_argument("--writer-seconds", type=float, default=10)
    parser.add_argument("--writes-each", type=int, default=30, help="at most this many writes a writer")
    parser.add_argument("--drain-limit", type=float, default=120, help="stop polling /healthz after this")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/WRITES.md alone")
    args = parser.parse_args()
    run_started = time.monotonic()

    database = args.reuse_db or f"corroborate_writebench_{args.claims}"
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # As deployed: whatever this shell says about the response cache or another database.
        if key not in {"RESPONSE_CACHE", "DATABASE_URL", "CELERY_BROKER_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "REDIS_URL": args.redis_url,
            # The throttles run (bench settings keep them), with limits above any writer's pace.
            "API_THROTTLE_ANON": "1000000/minute",
            "API_THROTTLE_USER": "1000000/minute",
        }
    )
    logs = Path(tempfile.mkdtemp(prefix="writebench-", dir="/tmp"))
    facts = machine()
    notes = []
    try:
        token, generated_in = prepare_database(env, database, args)
        if generated_in is not None:
            notes.append(
                f"{args.claims:,} claims generated in {generated_in:.0f} s (not part of the figures)."
            )
        slug, grade, cited, note = fanout_source(env, database)
        if note:
            notes.append(note)
        claims = int(sql("SELECT count(*) FROM claims_claim", database))
        citations = int(sql("SELECT count(*) FROM claims_citation", database))
        unrelated, writer_citations, sources = targets(database)
        print(
            f"{claims:,} claims, {citations:,} citations; fan-out source {slug} ({cited:,} citations)",
            flush=True,
        )

        with servers(env, logs) as (gunicorn, worker):
            api = Api(port, token)

            print("Long create vs unrelated PATCH:", flush=True)
            creates = []
            for number in (1, 2, 3):
                create, patches, overlapped = long_create(api, sources, unrelated, number)
                creates.append((create, patches, overlapped))
                print(
                    f"  round {number}: create {create.seconds:.2f} s (HTTP {create.status}); "
                    f"PATCHes during it: {', '.join(f'{p.seconds:.2f}' for p in patches)} s"
                    + ("" if overlapped else " (the POST finished before the first PATCH)"),
                    flush=True,
                )

            print("Concurrent writers:", flush=True)
            single = writers(api, writer_citations, 1, args.writer_seconds, args.writes_each)
            sixteen = writers(api, writer_citations, 16, args.writer_seconds, args.writes_each)
            for stats in (single, sixteen):
                print(
                    f"  {stats['writers']:2} writer{'s' if stats['writers'] > 1 else ' '}: "
                    f"p50 {stats['p50']:.3f} s  p99 {stats['p99']:.3f} s  "
                    f"{stats['throughput']:.1f} writes/s  "
                    f"({stats['writes']} writes, {stats['errors']} errors)",
                    flush=True,
                )

            print("Fan-out:", flush=True)
            if worker.poll() is not None:
                notes.append(f"The celery worker had exited ({worker.returncode}) before the fan-out.")
            fan = fanout(api, env, database, slug, grade, args.drain_limit)
            print(
                f"  PATCH /api/sources/{slug}/ ({fan['grade']}): {fan['patch'].seconds:.2f} s "
                f"(HTTP {fan['patch'].status}), Recomputing-Claims {fan['recomputing']}, "
                f"in background {fan['background']}",
                flush=True,
            )
            print(
                "  drained in "
                + (
                    f"{fan['drained_in']:.1f} s"
                    if fan["drained_in"] is not None
                    else f"— still {fan['pending_left']} pending after {args.drain_limit} s"
                ),
                flush=True,
            )
            print(f"  recompute_consensus --check: {fan['check']} ({fan['check_seconds']:.0f} s)", flush=True)

        for method, path, status, body in api.errors[:20]:
            print(f"  error: {method} {path} → {status}: {body}", flush=True)
        rows = summary_rows(creates, single, sixteen, fan, args.drain_limit, api.errors)
        table = markdown_table(rows)
        total = time.monotonic() - run_started
        notes.append(f"The whole run took {total / 60:.1f} minutes end to end.")
        print()
        print(table)
        print()
        print("\n".join(notes))
        if not args.no_write:
            write_report(table, facts, claims, citations, notes, args)
            print(f"Wrote {ROOT / 'bench' / 'WRITES.md'}")
        print(f"gunicorn and celery logs: {logs}")
    finally:
        if not args.keep_db and not args.reuse_db:
            sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
