"""The Celery application of the portal (issue 12): long work runs as a task.

Production sets CELERY_BROKER_URL (Redis) and runs any number of workers on any number of
machines: `celery -A intan_wpl worker`. Without a broker (`make run`, the tests) settings make
every task run in-process, so a fresh clone needs nothing else (docs/jobs.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intan_wpl.settings")

app = Celery("intan_wpl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
