"""Safety nets around every request: hostile input that Django lets through to the database
layer, input that is not UTF-8, and browser caching of pages with personal data."""

import logging
from urllib.parse import unquote_to_bytes

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)


class HostileInputMiddleware:
    """Safety net for input Django's forms do not see:

    - a NUL character in the query string (PostgreSQL refuses it in any query, so a search box
      or filter read from request.GET would answer 500; form fields already reject NUL);
    - an OverflowError (an id beyond 64 bits posted to a multi-select: Django's `__in` lookup
      passes it to SQLite unchecked).
    Both get a styled 400 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _input_is_utf8(request):
            logger.warning("Rejected input that is not UTF-8 in %s %s", request.method, request.path)
            return render(request, "400.html", status=400)
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            logger.warning("Rejected NUL character in the query string of %s", request.path)
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            logger.warning("Rejected out-of-range number in %s %s", request.method, request.path)
            return render(request, "400.html", status=400)
        return None


def _is_utf8(raw):
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _urlencoded_is_utf8(raw):
    return _is_utf8(unquote_to_bytes(raw.replace(b"+", b" ")))


def _input_is_utf8(request):
    """Every page of the portal is UTF-8 and so is everything its forms send. Anything else (a
    query string or form body with bytes that are not UTF-8, a declared charset other than
    UTF-8, a multipart field Django could only decode with replacement characters) is refused
    before a view turns it into text that a database or a template chokes on."""
    if not _urlencoded_is_utf8(request.META.get("QUERY_STRING", "").encode("latin-1", "replace")):
        return False
    if request.method not in ("POST", "PUT", "PATCH"):
        return True
    charset = request.content_params.get("charset")
    if charset and charset.replace("-", "").replace("_", "").lower() != "utf8":
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return _urlencoded_is_utf8(request.body)
    if request.content_type == "multipart/form-data":
        texts = [text for key, values in request.POST.lists() for text in (key, *values)]
        texts += [upload.name or "" for upload in request.FILES.values()]
        return not any("\ufffd" in text or _has_surrogate(text) for text in texts)
    return True


def _has_surrogate(text):
    return any("\ud800" <= char <= "\udfff" for char in text)


class NoStoreMiddleware:
    """Pages of a signed-in person carry names, NIPs and performance data (UU 27/2022): the
    browser must not keep them (Cache-Control: no-store), so the back button after logout or a
    shared computer's cache shows nothing. Static files are served before this (whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
