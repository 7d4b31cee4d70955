"""The Celery app: `celery -A config worker` drains the recomputations grade and weight changes queue."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("corroborate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
