import pytest
from django.core.management import call_command

from tests.factories import AnalystFactory


@pytest.fixture
def postgresql():
    """Row locks, real transactions between threads, servers sharing one database: PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def analyst(db):
    return AnalystFactory(username="analyst")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


MAIN_CLAIM_SLUG = "russia-moved-thousands-of-troops-from-its-ukraine-front-lines-to-defend-kursk"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Throttle counters and cached pages must not leak from one test into the next."""
    from django.core.cache import caches

    from claims.api.throttling import tally

    for cache in caches.all():
        cache.clear()
    tally.unsent.clear()
    tally.last_total.clear()
    yield
