import pytest
from django.core.cache import cache, caches
from django.core.management import call_command

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser build (none can be fetched here).
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Makassar"}


@pytest.fixture
def phone_context_args():
    return {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def _fail_fast(page):
    # A missing element should fail in seconds, not after Playwright's 30 s default.
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(20_000)


@pytest.fixture
def demo(settings):
    """The demo data of `make run` (every role's pages have something to show)."""
    # Cached pages (the dashboard) of an earlier test's demo would link to objects that are gone.
    cache.clear()
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def wait_for_htmx(page):
    """Wait until the page has finished loading and htmx has bound its elements.

    After a form submit Playwright returns as soon as the new page's heading is visible, which
    on a loaded machine is before the deferred scripts have run: a click then follows the plain
    link (the no-JavaScript fallback) instead of the htmx request the test is about."""
    page.wait_for_function("() => document.readyState === 'complete' && window.htmx !== undefined")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """The live server shares this process's caches: a dashboard an earlier test cached under the
    same key (same filters, other data) must not be served to this test."""
    for store in caches.all():
        store.clear()
