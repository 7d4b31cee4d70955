"""Scale-out: two app servers (gunicorn processes) sharing only PostgreSQL and Redis.

An edit through one is visible through the other at once, whatever either has cached; and the
Atom feed, one instance serving concurrent threads, never mixes two requests' filters.
"""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from knox.models import AuthToken

from tests.factories import AnalystFactory, CitationFactory, ClaimFactory, TopicFactory

from .conftest import free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql"),
]

ROOT = Path(__file__).resolve().parents[2]


def server_env(database_url, redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "API_THROTTLE_ANON": "100000/minute",
        "API_THROTTLE_USER": "100000/minute",
        "GUNICORN_WORKERS": "1",
        "LOG_LEVEL": "WARNING",
    }


def start_server(env):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def patch(url, token, body):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@pytest.fixture
def two_servers(redis_server):
    settings = connection.settings_dict
    database_url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = server_env(database_url, redis_server.url)
    # Production serves hashed static files from a manifest: collect them as a deploy would.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    servers = [start_server(env) for _ in range(2)]
    yield [base for _, base in servers]
    for process, _ in servers:
        process.terminate()
        process.wait(timeout=20)


def test_an_edit_through_one_server_shows_through_the_other_at_once(two_servers):
    one, other = two_servers
    claim = ClaimFactory(slug="bridge", context="Before the edit.")
    CitationFactory(claim=claim)
    _, token = AuthToken.objects.create(user=AnalystFactory(username="editor"))
    for server in (one, other):  # both have it cached now, locally and in Redis
        assert "Before the edit." in get(f"{server}/claims/bridge/")
        assert "Before the edit." in get(f"{server}/api/claims/bridge/")
        get(f"{server}/")
    for round_number in range(5):
        context = f"Edit number {round_number}."
        assert patch(f"{one}/api/claims/bridge/", token, {"context": context}) == 200
        assert context in get(f"{other}/claims/bridge/")
        assert context in get(f"{other}/api/claims/bridge/")
        assert (
            patch(f"{other}/api/claims/bridge/", token, {"statement": f"Bridge claim {round_number}."}) == 200
        )
        assert f"Bridge claim {round_number}." in get(f"{one}/")


def test_concurrent_feed_requests_keep_their_own_filters(two_servers):
    server = two_servers[0]
    topics = [TopicFactory(slug=f"front-{n}", name=f"Front {n}") for n in range(4)]
    for topic in topics:
        ClaimFactory(statement=f"Only on {topic.name}.", topics=[topic])
    mixed = []

    def read(topic):
        for _ in range(10):
            feed = get(f"{server}/feeds/claims/?topic={topic.slug}")
            others = [t.name for t in topics if t is not topic and f"Only on {t.name}." in feed]
            if others or f"Only on {topic.name}." not in feed:
                mixed.append((topic.slug, others))

    threads = [threading.Thread(target=read, args=(topic,)) for topic in topics]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert mixed == []
