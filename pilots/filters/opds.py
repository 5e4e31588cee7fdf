"""Filters (django-filter) for the registry lists: OPDs and portal accounts."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role
from pilots.models import OpdKind


class SearchInput(forms.TextInput):
    input_type = "search"


def _search_field(label, placeholder):
    return django_filters.CharFilter(
        label=label,
        method="search",
        max_length=100,
        widget=SearchInput(attrs={"placeholder": placeholder}),
    )


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every filter widget, so the list pages lay the form out by hand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class OpdFilter(StyledFilterSet):
    q = _search_field(_("Cari"), _("Nama atau singkatan OPD"))
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=OpdKind.choices, empty_label=_("Semua jenis"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(abbreviation__icontains=value))


class UserFilter(StyledFilterSet):
    q = _search_field(_("Cari"), _("Nama pengguna, nama lengkap atau email"))
    role = django_filters.ChoiceFilter(label=_("Peran"), choices=Role.choices, empty_label=_("Semua peran"))
    is_active = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("1", _("Aktif")), ("0", _("Nonaktif"))],
        empty_label=_("Semua status"),
        method="filter_active",
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value) | Q(email__icontains=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")
