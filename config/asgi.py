import os

from django.core.asgi import get_asgi_application

# Serving is production unless told otherwise; only manage.py defaults to local development.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
