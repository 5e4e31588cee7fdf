"""System checks of settings that only fail at run time otherwise (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Error, register

PROCESS_LOCAL_CACHES = ("LocMemCache", "DummyCache")


@register()
def shared_cache_with_a_broker(app_configs, **kwargs):
    """With a broker, tasks run in worker processes that hand results to the web servers through
    the cache (the dashboard's totals, insights.tasks): a cache inside one process never arrives."""
    if not settings.CELERY_BROKER_URL:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.rsplit(".", 1)[-1] in PROCESS_LOCAL_CACHES:
        return [
            Error(
                "CELERY_BROKER_URL is set but the cache lives inside each process.",
                hint="Set CACHE_URL to the shared Redis (e.g. redis://127.0.0.1:6379/1), as docs/deployment.md says.",
                id="intan_wpl.E001",
            )
        ]
    return []
