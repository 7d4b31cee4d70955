import os

from django.core.wsgi import get_wsgi_application

# Serving is production unless told otherwise; only manage.py defaults to local development.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
