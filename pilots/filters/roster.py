"""Search and filters of an OPD's staff roster (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pilots.domain import GOLONGAN_CHOICES, EmploymentType, JabatanKind, normalize_nip
from pilots.models import Pegawai, UnitKerja

ACTIVE_CHOICES = [("1", _("Aktif")), ("0", _("Tidak aktif"))]


class PegawaiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari nama atau NIP"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("nama atau NIP")}),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), empty_label=_("Semua unit")
    )
    jabatan_kind = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), choices=JabatanKind.choices, empty_label=_("Semua jenis")
    )
    golongan = django_filters.ChoiceFilter(label=_("Gol/ruang"), choices=GOLONGAN_CHOICES, empty_label=_("Semua"))
    employment_type = django_filters.ChoiceFilter(
        label=_("Status"), choices=EmploymentType.choices, empty_label=_("PNS dan PPPK")
    )
    aktif = django_filters.ChoiceFilter(
        label=_("Keaktifan"), choices=ACTIVE_CHOICES, empty_label=_("Semua"), method="filter_active"
    )

    class Meta:
        model = Pegawai
        fields = ["q", "unit", "jabatan_kind", "golongan", "employment_type", "aktif"]

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = opd.units.order_by("name")
        for form_field in self.form.fields.values():
            is_select = isinstance(form_field.widget, forms.Select)
            form_field.widget.attrs.setdefault("class", "form-select form-select-sm" if is_select else "form-control")

    def search(self, queryset, name, value):
        text = " ".join(value.split())[:200]
        if not text:
            return queryset
        digits = normalize_nip(text)
        condition = Q(name__icontains=text)
        if digits.isdigit():
            condition |= Q(nip__contains=digits)
        return queryset.filter(condition)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")
