"""Safety net for hostile input that Django lets through to the database layer."""

import logging

from django.shortcuts import render

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
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            logger.warning("Rejected NUL character in the query string of %s", request.path)
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            logger.warning("Rejected out-of-range number in %s %s", request.method, request.path)
            return render(request, "400.html", status=400)
        return None
