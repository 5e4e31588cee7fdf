"""Filters of the portal-wide audit log (issue 13, item 7): by user, OPD, kind of data, action, dates."""

import django_filters
from django.utils.translation import gettext_lazy as _

from intan_wpl import audit
from intan_wpl.forms import BoundedModelChoiceField, DateInput
from intan_wpl.models import AuditAction, AuditEntry, User
from pilots.filters.opds import StyledFilterSet
from pilots.models import Opd


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


def _kind_choices():
    return sorted(
        ((model._meta.label_lower, str(model._meta.verbose_name).capitalize()) for model in audit.registered_models()),
        key=lambda choice: choice[1],
    )


class AuditEntryFilter(StyledFilterSet):
    user = BoundedModelChoiceFilter(
        label=_("Pengguna"), queryset=User.objects.order_by("full_name", "username"), empty_label=_("Semua pengguna")
    )
    opd = BoundedModelChoiceFilter(
        label=_("OPD"), queryset=Opd.objects.order_by("name"), method="filter_opd", empty_label=_("Semua OPD")
    )
    model_label = django_filters.ChoiceFilter(label=_("Jenis data"), choices=_kind_choices, empty_label=_("Semua"))
    action = django_filters.ChoiceFilter(label=_("Tindakan"), choices=AuditAction.choices, empty_label=_("Semua"))
    since = django_filters.DateFilter(
        label=_("Dari tanggal"), field_name="created_at", lookup_expr="date__gte", widget=DateInput()
    )
    until = django_filters.DateFilter(
        label=_("Sampai tanggal"), field_name="created_at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = AuditEntry
        fields = ["user", "opd", "model_label", "action", "since", "until"]

    def filter_opd(self, queryset, name, value):
        return queryset.filter(opd_id=value.pk)
