"""Filters of the admin's security pages: the export log (who, when, what, how many rows)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import ExportLog, User

# Forms and filters are one layer (pyproject.toml): the date widget is spelled out here, ISO like
# intan_wpl.forms.DateInput, and an id too large for the database is a 400 (HostileInputMiddleware).
DATE = {"type": "date"}


def _kind_choices():
    kinds = ExportLog.objects.order_by("kind").values_list("kind", flat=True).distinct()
    return [(kind, kind) for kind in kinds]


class ExportLogFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Pengguna"),
        queryset=User.objects.filter(exports__isnull=False).distinct().order_by("full_name", "username"),
        empty_label=_("Semua pengguna"),
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis ekspor"), choices=_kind_choices, empty_label=_("Semua"))
    since = django_filters.DateFilter(
        label=_("Dari tanggal"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    until = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    min_rows = django_filters.NumberFilter(
        label=_("Paling sedikit (baris)"), field_name="row_count", lookup_expr="gte", min_value=0, max_value=10**9
    )

    class Meta:
        model = ExportLog
        fields = ["user", "kind", "since", "until", "min_rows"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
