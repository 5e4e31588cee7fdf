"""Forms for recording a realisation (held dates, duration, attendance) and for the JP ledger
filters. Choice querysets are scoped to the activity's OPD, so an id of another OPD's staff in
the POST data is a field error, never a credit."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import BoundedModelMultipleChoiceField, DateInput, add_service_errors
from intan_wpl.validators import check_period
from learning_plans.models import JpRule
from learning_records.selectors.ledger import Standing
from pilots.domain import EmploymentType
from pilots.models import Pegawai, UnitKerja

MAX_MINUTES = 60 * 24 * 366


class AttendeeField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.nip_display})"


class RealisationForm(forms.Form):
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DateInput())
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DateInput())
    duration_minutes = forms.IntegerField(
        label=_("Durasi (menit)"),
        required=False,
        min_value=1,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"min": 1, "step": 5}),
    )
    certificate_number = forms.CharField(label=_("Nomor sertifikat"), required=False, max_length=100)
    notes = forms.CharField(
        label=_("Catatan"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attendees = AttendeeField(
        label=_("Pegawai yang hadir"),
        queryset=Pegawai.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Centang minimal satu pegawai yang hadir."),
            "invalid_choice": _("Pegawai dengan id %(value)s bukan pegawai OPD ini."),
            "invalid_pk_value": _("“%(pk)s” bukan pegawai yang sah."),
        },
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["attendees"].queryset = Pegawai.objects.filter(opd=activity.plan.programme_opd.opd_id)
        if activity.form.jp_rule == JpRule.BY_DURATION:
            self.fields["duration_minutes"].required = True
            self.fields["duration_minutes"].help_text = _(
                "JP bentuk ini dihitung dari durasi: menit ÷ menit per JP, dibulatkan ke bawah per ½ JP."
            )
        else:
            self.fields["duration_minutes"].help_text = _(
                "Boleh dikosongkan: tiap peserta hadir mendapat %(jp)s JP sesuai rencana."
            ) % {"jp": floatformat(activity.jp, -1)}
        self.fields["duration_minutes"].error_messages["required"] = _(
            "Isi durasi kegiatan (menit): JP bentuk ini dihitung dari durasinya."
        )

    def clean(self):
        cleaned = super().clean()
        try:
            check_period(cleaned.get("start_date"), cleaned.get("end_date"))
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned


class LedgerFilterForm(forms.Form):
    """Filters of the JP ledger; a bad value is ignored (treated as no filter), never a 500."""

    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua unit")
    )
    status = forms.ChoiceField(
        label=_("Status kepegawaian"),
        required=False,
        choices=[("", _("PNS dan PPPK")), *EmploymentType.choices],
    )
    capaian = forms.ChoiceField(
        label=_("Capaian"),
        required=False,
        choices=[
            ("", _("Semua")),
            (Standing.MET, _("PNS memenuhi JP minimal")),
            (Standing.SHORT, _("PNS belum memenuhi")),
            (Standing.CAPPED, _("PPPK mencapai batas")),
        ],
    )
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(opd=opd).order_by("name")

    def filters(self):
        """The valid filters (an invalid one is simply left out)."""
        self.is_valid()
        return self.cleaned_data


class YearForm(forms.Form):
    tahun = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def year(self, default):
        return self.cleaned_data.get("tahun") or default if self.is_valid() else default
