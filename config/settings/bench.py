"""The benchmark: production settings over plain HTTP on loopback, plus the floor view."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .production import *  # noqa: E402, F403
from .production import INSTALLED_APPS, PAGE_CACHE_SKIPPED_PREFIXES, TEMPLATES  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # generate_bench_data
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"].append(BASE_DIR / "bench" / "templates")  # noqa: F405
# The API's throttles stay on, as deployed: bench/run.py raises their limits for the load
# (API_THROTTLE_ANON, API_THROTTLE_USER), and the in-process scripts do the same.
# Quiet under load (no access log), but errors and write-conflict retries still reach stdout.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {"django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False}},
}

# The floor view does its work on every request: it is the yardstick, not a cached page.
PAGE_CACHE_SKIPPED_PREFIXES = (*PAGE_CACHE_SKIPPED_PREFIXES, "/bench/")
