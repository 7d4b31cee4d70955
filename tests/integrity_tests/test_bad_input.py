"""Every API error is JSON: parse depth, body size, unexpected errors. And serving defaults to
production settings: only manage.py runs local development settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.api.views import ClaimViewSet
from tests.factories import AnalystFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def api():
    _, token = AuthToken.objects.create(user=AnalystFactory(username="fuzzer"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_json_nested_50000_deep_is_a_400_with_a_json_detail(api):
    body = "[" * 50_000 + "]" * 50_000
    response = api.post("/api/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_20_mb_body_is_a_413_with_a_json_detail(api):
    body = '{"statement": "' + "x" * (20 * 1024 * 1024) + '"}'
    response = api.post("/api/claims/", body, content_type="application/json")
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def test_an_unexpected_error_under_api_is_a_json_500(client, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ClaimViewSet, "list", broken)
    client.raise_request_exception = False
    response = client.get("/api/claims/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Server error" in response.json()["detail"]


@pytest.mark.parametrize("name", ["0" * 200, "Ünïcødé " * 20, "—", "a" * 79 + "-b"])
def test_long_and_odd_names_never_collide_into_a_500(api, name):
    slugs = []
    for _ in range(3):
        response = api.post("/api/topics/", {"name": name}, format="json")
        assert response.status_code == 201, response.content
        slugs.append(response.json()["slug"])
    assert len(set(slugs)) == 3
    assert all(len(slug) <= 80 for slug in slugs)


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_serving_without_settings_means_production_which_refuses_a_missing_secret(module):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
