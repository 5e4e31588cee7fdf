"""Filters of the session lists (per OPD and per Widyaiswara). Choices are scoped: only the
units and Widyaiswara of that programme OPD, only the programme OPDs the user may see."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy

from intan_wpl.forms import DateInput
from learning_needs.models import FieldSession, SessionKind
from learning_needs.selectors.sessions import assigned_widyaiswara
from pilots.models import ProgrammeOpd, UnitKerja

SELECT = forms.Select(attrs={"class": "form-select"})


def _date_widget():
    return DateInput(attrs={"class": "form-control"})


class _SessionFilterBase(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Jenis sesi"),
        choices=SessionKind.choices,
        empty_label=gettext_lazy("Semua jenis"),
        widget=SELECT,
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=gettext_lazy("Dari tanggal"), widget=_date_widget()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=gettext_lazy("Sampai tanggal"), widget=_date_widget()
    )

    class Meta:
        model = FieldSession
        fields = []


class OpdSessionFilter(_SessionFilterBase):
    widyaiswara = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Widyaiswara"), queryset=None, empty_label=gettext_lazy("Semua Widyaiswara"), widget=SELECT
    )
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Unit kerja"), queryset=None, empty_label=gettext_lazy("Semua unit"), widget=SELECT
    )

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["widyaiswara"].queryset = assigned_widyaiswara(programme_opd)
        self.filters["unit"].queryset = UnitKerja.objects.filter(opd_id=programme_opd.opd_id).order_by("name")
        self.form.fields["widyaiswara"].label_from_instance = lambda user: user.display_name


class MySessionFilter(_SessionFilterBase):
    programme_opd = django_filters.ModelChoiceFilter(
        label=gettext_lazy("OPD"), queryset=None, empty_label=gettext_lazy("Semua OPD"), widget=SELECT
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["programme_opd"].queryset = (
            ProgrammeOpd.objects.visible_to(user).select_related("opd", "programme").order_by("opd__name")
        )
        self.form.fields["programme_opd"].label_from_instance = lambda po: f"{po.opd.short_name} · {po.programme.name}"
