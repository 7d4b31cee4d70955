import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from knox.models import AuthToken
from rest_framework.test import APIClient

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


def token_client(user, **token_options):
    """An API client that sends a fresh knox token of `user`, as a script would."""
    _, token = AuthToken.objects.create(user=user, **token_options)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def analyst_api(analyst):
    return token_client(analyst)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


DEMO_APPS = ("sources", "claims")


def rows_by_model():
    """Every row of the demo's apps (history included), as the serializer writes it, by model."""
    models = serializers.sort_dependencies([(apps.get_app_config(name), None) for name in DEMO_APPS])
    return {
        model: {row["pk"]: row for row in serializers.serialize("python", model._base_manager.order_by("pk"))}
        for model in models
    }


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """What load_demo writes, through the whole write path, once per session: per model, the rows
    it added and those it changed (the migrations' own rows, such as the default confidence
    levels), read back and then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = rows_by_model()
        call_command("load_demo", stdout=io.StringIO())
        after = rows_by_model()
        transaction.set_rollback(True)
    written = []
    for model, rows in after.items():
        added = [row for pk, row in rows.items() if pk not in before[model]]
        changed = [row for pk, row in rows.items() if pk in before[model] and row != before[model][pk]]
        if added or changed:
            written.append((model, added, changed))
    return written


@pytest.fixture
def demo(db, demo_rows):
    """The demo data in this test's database: load_demo's rows written back in a few bulk inserts
    (what load_demo itself does is tested in test_demo.py, which runs it)."""
    for model, added, changed in demo_rows:
        for item in serializers.deserialize("python", changed):
            item.save()
        objects = list(serializers.deserialize("python", added))
        model._base_manager.bulk_create([item.object for item in objects])
        for item in objects:
            for name, values in (item.m2m_data or {}).items():
                through = model._meta.get_field(name).remote_field.through
                source, target = through_columns(model, name)
                through.objects.bulk_create(
                    [through(**{source: item.object.pk, target: value}) for value in values]
                )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, *_ in demo_rows]):
            cursor.execute(statement)


def through_columns(model, name):
    """The attnames of a many-to-many table's two keys: this model's, then the other's."""
    field = model._meta.get_field(name)
    return f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"


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
