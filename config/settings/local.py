"""Local development: the default for manage.py; runs on SQLite with nothing set."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_list

# generate_bench_data (bench/), for a local look at many claims and for its own tests.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-development-only-not-a-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
