"""gunicorn settings, read from the working directory (`gunicorn intan_wpl.wsgi:application`).

No web request does work that grows with the province: long work is a background job
(docs/jobs.md). The timeout is the backstop: a request that hangs past it is killed and logged
rather than holding a worker for ever."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (with jitter), so a slow leak cannot grow.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"


def post_worker_init(worker):
    """Compile the templates and build the URL resolver before the worker's first request, so the
    first person it serves does not wait for them (intan_wpl/warmup.py)."""
    from intan_wpl.warmup import warm_up

    worker.log.info("warmed up: %d templates compiled", warm_up())
