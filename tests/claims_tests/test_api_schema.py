"""Schemathesis, in process, over every operation of the published OpenAPI schema.

It sends generated requests (anonymous, and with an analyst's token for writes) and checks that
no response is a server error, every status code is one the schema documents, and every body
matches the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application
from tests.factories import AnalystFactory

# Every operation of the schema with generated data: the slowest part of the suite. CI runs it;
# -m "not slow" skips it.
pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


# Loaded from the running app's own /api/schema/ (no database is needed to build it).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def keep_the_test_transaction_open():
    # The app is called as a plain WSGI callable, so Django's request signals would close the
    # connection that holds the test's transaction; Django's own test client unhooks them too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def data_and_no_rate_limits(db, demo, monkeypatch):
    # Generated traffic would otherwise hit the rate limits, which have tests of their own.
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/minute", raising=False)
    monkeypatch.setattr(UserRateThrottle, "rate", "100000/minute", raising=False)


@pytest.fixture
def analyst_token(db):
    _, token = AuthToken.objects.create(user=AnalystFactory(username="schemathesis"))
    return token


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, analyst_token):
    headers = {"Authorization": f"Token {analyst_token}"} if case.method.upper() != "GET" else None
    case.call_and_validate(headers=headers, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema_for_anonymous_callers(case):
    case.call_and_validate(checks=CHECKS)
