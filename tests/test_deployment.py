"""Production settings, health check, security headers and login lockout."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse

from config.middleware import DatabaseUnavailableMiddleware
from tests.factories import AnalystFactory

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestProductionSettings:
    def test_check_deploy_reports_no_issues(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="corroborate.example",
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout

    @pytest.mark.parametrize(
        "secret",
        ["", "short", "x" * 60, "django-insecure-Sh853ttasRuJhSfVvUIUkGRYkyXbylEbzWvM41q6m5JeYg4c2McaDRD"],
        ids=["empty", "short", "one-character", "django-insecure"],
    )
    def test_refuses_to_start_without_a_real_secret(self, secret):
        result = manage("check", SECRET_KEY=secret, ALLOWED_HOSTS="corroborate.example")
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = manage("check", SECRET_KEY=secrets.token_urlsafe(50))
        assert result.returncode != 0
        assert "ALLOWED_HOSTS must list" in result.stderr


@pytest.mark.django_db
class TestHealthz:
    def test_ok_when_the_database_answers(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "database": "up",
            "cache": "local",
            "pending_recomputations": 0,
        }
        assert "no-cache" in response["Cache-Control"]

    def test_503_when_the_database_does_not(self, client, monkeypatch):
        def refuse(*args, **kwargs):
            raise OperationalError("connection refused")

        # The database really is up here; make this connection's cursor fail as a down one does.
        monkeypatch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"


class TestDatabaseOutage:
    @pytest.mark.parametrize("error", [OperationalError, InterfaceError])
    def test_database_errors_become_a_clean_503_page(self, rf, error):
        middleware = DatabaseUnavailableMiddleware(lambda request: None)
        response = middleware.process_exception(rf.get("/claims/x/"), error("server closed the connection"))
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert b"Temporarily unavailable" in response.content

    def test_api_callers_get_json(self, rf):
        middleware = DatabaseUnavailableMiddleware(lambda request: None)
        response = middleware.process_exception(rf.get("/api/claims/"), OperationalError("timeout expired"))
        assert response.status_code == 503
        assert json.loads(response.content)["detail"].startswith("The database is unavailable")

    def test_other_errors_are_left_alone(self, rf):
        middleware = DatabaseUnavailableMiddleware(lambda request: None)
        assert middleware.process_exception(rf.get("/"), ValueError("bug")) is None


@pytest.mark.django_db
class TestSecurityHeaders:
    @pytest.mark.parametrize("path", ["/", "/admin/login/", "/healthz", "/api/docs/", "/api/claims/"])
    def test_csp_and_friends_on_every_response(self, client, path):
        response = client.get(path)
        assert response["Content-Security-Policy"].startswith("default-src 'self'")
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
class TestLoginLockout:
    def test_repeated_failed_admin_logins_lock_the_account_out(self, client, settings):
        settings.AXES_FAILURE_LIMIT = 3
        AnalystFactory(username="mallory-target")
        url = reverse("admin:login")
        for _ in range(2):
            response = client.post(url, {"username": "mallory-target", "password": "wrong"})
            assert response.status_code == 200
            assert b"Please enter the correct username and password" in response.content
        response = client.post(url, {"username": "mallory-target", "password": "wrong"})
        assert response.status_code == 429
        assert b"Too many failed logins" in response.content
        # Even the right password is refused while locked out.
        response = client.post(
            url, {"username": "mallory-target", "password": "correct horse battery staple"}
        )
        assert response.status_code == 429

    def test_a_successful_login_is_not_locked(self, client):
        AnalystFactory(username="alice")
        response = client.post(
            reverse("admin:login"), {"username": "alice", "password": "correct horse battery staple"}
        )
        assert response.status_code == 302
