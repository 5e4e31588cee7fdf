"""Search and filters for the programme, Widyaiswara and load lists (django-filter).

Invalid filter values (a year of "abc", an unknown status) show a message on the filter form
and are ignored; they never break the page."""

import django_filters
from django import forms
from django.db.models import Max, Min, Q
from django.utils.translation import gettext_lazy as _

from pilots.domain import normalize_nip
from pilots.models import Programme, ProgrammeStatus, WidyaiswaraJenjang

SEARCH_MAX_LENGTH = 100


def _search_field(placeholder):
    return django_filters.CharFilter(
        label=_("Cari"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


def programme_years():
    """Every year some programme runs in, newest first (one query)."""
    bounds = Programme.objects.aggregate(first=Min("start_date"), last=Max("end_date"))
    if not bounds["first"] or not bounds["last"]:
        return []
    return [(year, str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)]


class ProgrammeFilter(django_filters.FilterSet):
    q = _search_field(_("Nama program atau nomor SK"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProgrammeStatus.choices, empty_label=_("Semua"))
    year = django_filters.ChoiceFilter(
        label=_("Tahun"), choices=programme_years, method="running_in", empty_label=_("Semua")
    )

    class Meta:
        model = Programme
        fields = ["q", "status", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(decree_number__icontains=value))

    def running_in(self, queryset, name, value):
        if not value:
            return queryset
        year = int(value)  # one of programme_years(): the form refused anything else
        return queryset.filter(start_date__year__lte=year, end_date__year__gte=year)


class WidyaiswaraFilter(django_filters.FilterSet):
    """Over Widyaiswara accounts (User), each with an optional profile."""

    q = _search_field(_("Nama, nama pengguna, NIP atau keahlian"))
    jenjang = django_filters.ChoiceFilter(
        label=_("Jenjang"),
        field_name="widyaiswara_profile__jenjang",
        choices=WidyaiswaraJenjang.choices,
        empty_label=_("Semua jenjang"),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = (
            Q(full_name__icontains=value)
            | Q(username__icontains=value)
            | Q(email__icontains=value)
            | Q(widyaiswara_profile__expertise__icontains=value)
        )
        digits = normalize_nip(value)
        if digits.isdigit():
            condition |= Q(widyaiswara_profile__nip__contains=digits)
        return queryset.filter(condition)


class WidyaiswaraLoadFilter(django_filters.FilterSet):
    q = _search_field(_("Nama Widyaiswara"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value))
