"""Filters of the portal-wide audit log (issue 13, item 7): by user, OPD, kind of data, action, dates."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intan_wpl import audit
from intan_wpl.forms import BoundedModelChoiceField, DateInput
from intan_wpl.models import AuditAction, AuditEntry, User
from pilots.filters.opds import StyledFilterSet
from pilots.models import Opd
from pilots.selectors import AUDIT_MATCH_LIMIT, audit_opd_matches, audit_user_matches


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


def _kind_choices():
    return sorted(
        ((model._meta.label_lower, str(model._meta.verbose_name).capitalize()) for model in audit.registered_models()),
        key=lambda choice: choice[1],
    )


def _resolve(value, matches, *, none, too_many):
    """The ids a search text stands for (one bounded query); a message at the field when it
    matches nothing or more than AUDIT_MATCH_LIMIT."""
    value = (value or "").strip()
    if not value:
        return None
    ids = matches(value)
    if not ids:
        raise ValidationError(none)
    if len(ids) > AUDIT_MATCH_LIMIT:
        raise ValidationError(too_many % {"limit": AUDIT_MATCH_LIMIT})
    return ids


class AuditFilterForm(forms.Form):
    """The audit log's filter: search texts for the user and the OPD, resolved on the server to
    at most AUDIT_MATCH_LIMIT ids each; links may still name one by id (?user=, ?opd=)."""

    def clean_user_search(self):
        return _resolve(
            self.cleaned_data.get("user_search"),
            audit_user_matches,
            none=_("Tidak ada pengguna dengan nama atau nama pengguna itu."),
            too_many=_("Lebih dari %(limit)s pengguna cocok; ketik lebih lengkap."),
        )

    def clean_opd_search(self):
        return _resolve(
            self.cleaned_data.get("opd_search"),
            audit_opd_matches,
            none=_("Tidak ada OPD dengan nama atau singkatan itu."),
            too_many=_("Lebih dari %(limit)s OPD cocok; ketik lebih lengkap."),
        )


def _search(label, placeholder, method):
    return django_filters.CharFilter(
        label=label,
        method=method,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


class AuditEntryFilter(StyledFilterSet):
    # Hidden: a link from another page may name one user or OPD by id; never a list of all.
    user = BoundedModelChoiceFilter(queryset=User.objects.all(), widget=forms.HiddenInput)
    opd = BoundedModelChoiceFilter(queryset=Opd.objects.all(), method="filter_opd", widget=forms.HiddenInput)
    user_search = _search(_("Pengguna"), _("Nama atau nama pengguna"), "filter_user_search")
    opd_search = _search(_("OPD"), _("Nama atau singkatan OPD"), "filter_opd_search")
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
        form = AuditFilterForm
        fields = ["user", "opd", "user_search", "opd_search", "model_label", "action", "since", "until"]

    def filter_opd(self, queryset, name, value):
        return queryset.filter(opd_id=value.pk)

    def filter_user_search(self, queryset, name, value):
        return queryset.filter(user_id__in=value) if value else queryset

    def filter_opd_search(self, queryset, name, value):
        return queryset.filter(opd_id__in=value) if value else queryset
