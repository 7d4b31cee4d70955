"""Tests: the base settings (not local: DEBUG off, as deployed), made fast and deterministic."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_list

# generate_bench_data (bench/), for a local look at many claims and for its own tests.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tests measure what a request costs, so the response cache is off unless a test turns it on
# (tests/test_page_cache.py does, and runs the on-commit callbacks that move its epochs).
RESPONSE_CACHE_ENABLED = False
