"""Shared list-page plumbing: pagination that keeps the filters in the links."""

from django.core.paginator import Paginator

DEFAULT_PAGE_SIZE = 25


def paginate(request, queryset, *, per_page=DEFAULT_PAGE_SIZE):
    """Return (page, query_string) where query_string repeats the filters without `page`."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
