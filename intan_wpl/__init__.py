# The Celery app is loaded with Django, so @shared_task binds to it (intan_wpl/celery.py).
from intan_wpl.celery import app as celery_app

__all__ = ("celery_app",)
