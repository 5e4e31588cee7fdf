"""Settings that would only fail at run time are refused by `manage.py check`."""

from intan_wpl.checks import shared_cache_with_a_broker


def test_a_broker_needs_a_cache_shared_between_processes(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in shared_cache_with_a_broker(None)] == ["intan_wpl.E001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert shared_cache_with_a_broker(None) == []


def test_without_a_broker_any_cache_will_do(settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_with_a_broker(None) == []
