"""The benchmark: production settings over plain HTTP on loopback, plus the floor view."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .production import *  # noqa: E402, F403
from .production import PAGE_CACHE_SKIPPED_PREFIXES, REST_FRAMEWORK, TEMPLATES  # noqa: E402

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"].append(BASE_DIR / "bench" / "templates")  # noqa: F405
# The benchmark measures the app, not the rate limiter.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
# Quiet under load (no access log), but errors and write-conflict retries still reach stdout.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {"django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False}},
}

# The floor view does its work on every request: it is the yardstick, not a cached page.
PAGE_CACHE_SKIPPED_PREFIXES = (*PAGE_CACHE_SKIPPED_PREFIXES, "/bench/")
