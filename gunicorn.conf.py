"""gunicorn settings for production: `gunicorn config.wsgi` picks this file up from the project root."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# One process per core, threads for the time spent waiting on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load the app once in the master: a recycled worker is a cheap fork, not a fresh import of Django.
preload_app = True
# Recycle workers now and then so slow leaks cannot build up; jitter keeps them from restarting at once.
# At a thousand requests a second a worker would otherwise restart every few seconds, each time
# with its own page cache empty (the p99 spikes of bench/RESULTS.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "20000"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# One line per request with status and duration; errors with tracebacks go to stdout as well.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
