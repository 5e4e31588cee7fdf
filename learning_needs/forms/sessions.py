"""Forms for field sessions, built for a phone: ISO date and time inputs (the browser's own
pickers; Django's `id` locale would read dd/mm as mm/dd), querysets scoped to the
programme OPD so an id from another OPD is refused with a clear message."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms import BaseFormSet, BaseInlineFormSet, formset_factory, inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intan_wpl.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    DateInput,
    LockVersionMixin,
    TimeInput,
    is_sane_id,
)
from intan_wpl.models import User
from intan_wpl.selectors.profile import zone_label_lazy
from intan_wpl.uploads import IMAGES, OFFICE, PDF, validate_upload
from learning_needs.models import FieldSession, FollowUp, SessionKind
from learning_needs.selectors.sessions import assigned_widyaiswara, roster_of
from learning_needs.services.sessions import FollowUpRow, Repeat, UploadedAttachment
from pilots.models import UnitKerja

# Session times are the wall-clock times at the OPD, in the instance profile's zone.
START_LABEL = format_lazy(gettext_lazy("Mulai ({zone})"), zone=zone_label_lazy())
END_LABEL = format_lazy(gettext_lazy("Selesai ({zone})"), zone=zone_label_lazy())

ATTACHMENT_TYPES = IMAGES | PDF | OFFICE
ATTACHMENT_LABEL = gettext_lazy("foto (JPG/PNG/WEBP/HEIC), PDF, atau dokumen Office (Word/Excel/PowerPoint)")
MAX_FILES_PER_UPLOAD = 10
LONG_TEXT_MAX = 20_000
ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"


def pegawai_detail(pegawai):
    """The second line under a participant's name: NIP and unit."""
    return " · ".join(part for part in (pegawai.nip_display, pegawai.unit.name if pegawai.unit else "") if part)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [f for f in files if f]
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(_("Paling banyak %(count)s berkas sekali unggah.") % {"count": MAX_FILES_PER_UPLOAD})
        checked, errors = [], []
        for uploaded in files:
            super().clean(uploaded, initial)
            try:
                mime = validate_upload(uploaded, allowed=ATTACHMENT_TYPES, label=str(ATTACHMENT_LABEL))
            except ValidationError as error:
                errors.extend(f"{uploaded.name}: {message}" for message in error.messages)
            else:
                checked.append(UploadedAttachment(file=uploaded, mime=mime))
        if errors:
            raise ValidationError(errors)
        return checked


def _attachments_field():
    return MultipleFileField(
        label=gettext_lazy("Lampiran (foto, PDF, dokumen)"),
        required=False,
        help_text=gettext_lazy("Boleh beberapa berkas sekaligus, masing-masing paling besar %(mb)s MB.")
        % {"mb": settings.MAX_UPLOAD_MB},
    )


class PegawaiIdsField(BoundedModelMultipleChoiceField):
    """Ids of staff posted by the picker; anything outside the OPD's roster is refused."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": gettext_lazy(
                    "Pegawai dengan id %(value)s tidak ada dalam daftar pegawai OPD ini. "
                    "Pilih peserta dari daftar pegawai OPD ini."
                ),
                "invalid_pk_value": gettext_lazy("“%(pk)s” bukan id pegawai yang sah."),
                "invalid_list": gettext_lazy("Daftar peserta tidak sah."),
            },
        )
        super().__init__(queryset=kwargs.pop("queryset"), **kwargs)


class SessionForm(LockVersionMixin, forms.ModelForm):
    # Set by the browser for each recording (static/js/offline.js); see session_create.
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    unit = BoundedModelChoiceField(
        queryset=UnitKerja.objects.none(),
        required=False,
        label=gettext_lazy("Unit kerja"),
        error_messages={"invalid_choice": gettext_lazy("Unit kerja ini bukan unit OPD ini.")},
    )
    widyaiswara = BoundedModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Widyaiswara yang hadir"),
        error_messages={
            "required": gettext_lazy("Pilih minimal satu Widyaiswara yang hadir."),
            "invalid_choice": gettext_lazy("Widyaiswara ini tidak ditugaskan di OPD ini."),
            "invalid_pk_value": gettext_lazy("“%(pk)s” bukan id Widyaiswara yang sah."),
        },
    )
    participants_chosen = PegawaiIdsField(queryset=None, label=gettext_lazy("Peserta"))
    participants_attended = PegawaiIdsField(queryset=None, label=gettext_lazy("Hadir"))
    attachments = _attachments_field()

    class Meta:
        model = FieldSession
        fields = [
            "date",
            "start_time",
            "end_time",
            "kind",
            "place",
            "topic",
            "unit",
            "widyaiswara",
            "notes",
            "findings",
        ]
        labels = {
            "date": gettext_lazy("Tanggal"),
            "start_time": START_LABEL,
            "end_time": END_LABEL,
            "kind": gettext_lazy("Jenis sesi"),
            "place": gettext_lazy("Tempat"),
            "topic": gettext_lazy("Topik"),
            "notes": gettext_lazy("Catatan"),
            "findings": gettext_lazy("Temuan"),
        }
        help_texts = {
            "findings": gettext_lazy("Apa yang ditemukan tentang kinerja dan kebutuhan belajar unit ini."),
        }
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "findings": forms.Textarea(attrs={"rows": 5}),
            # Suggestions: the regencies and cities of the instance profile (session_form.html).
            "place": forms.TextInput(attrs={"autocomplete": "off", "list": "daftar-kabupaten-kota"}),
            "topic": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme_opd = programme_opd
        self.instance.programme_opd = programme_opd
        self.fields["unit"].queryset = UnitKerja.objects.filter(opd_id=programme_opd.opd_id).order_by("name")
        self.fields["unit"].empty_label = _("— Tanpa unit tertentu —")
        self.fields["widyaiswara"].queryset = assigned_widyaiswara(programme_opd)
        self.fields["widyaiswara"].label_from_instance = lambda user: user.display_name
        self.fields["kind"].choices = SessionKind.choices
        for name in ("notes", "findings"):
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT_MAX))
            self.fields[name].widget.attrs["maxlength"] = LONG_TEXT_MAX
        roster = roster_of(programme_opd)
        self.fields["participants_chosen"].queryset = roster
        self.fields["participants_attended"].queryset = roster
        if self.instance.pk and not self.is_bound:
            rows = list(self.instance.attendance.all())
            self.initial["participants_chosen"] = [row.pegawai_id for row in rows]
            self.initial["participants_attended"] = [row.pegawai_id for row in rows if row.attended]

    def attendance(self):
        """{Pegawai: attended} from the cleaned form."""
        attended = {p.pk for p in self.cleaned_data.get("participants_attended", [])}
        return {p: p.pk in attended for p in self.cleaned_data.get("participants_chosen", [])}

    def session_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields if name != "widyaiswara"}

    def chosen_rows(self):
        """The participants to show in the picker: saved ones, or (bound) the posted ones that
        are on this OPD's roster, with their attendance ticks; foreign ids are dropped."""
        if self.is_bound:
            chosen = self.data.getlist(self.add_prefix("participants_chosen"))
            attended = set(self.data.getlist(self.add_prefix("participants_attended")))
        else:
            chosen = [str(pk) for pk in self.initial.get("participants_chosen", [])]
            attended = {str(pk) for pk in self.initial.get("participants_attended", [])}
        ids = [int(value) for value in chosen if str(value).isdigit() and is_sane_id(value)][:1000]
        staff = self.fields["participants_chosen"].queryset.filter(pk__in=ids).select_related("unit").in_bulk()
        rows, seen = [], set()
        for pk in ids:
            if pk in staff and pk not in seen:
                seen.add(pk)
                rows.append(
                    {"pegawai": staff[pk], "detail": pegawai_detail(staff[pk]), "attended": str(pk) in attended}
                )
        return rows


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["action", "person_in_charge", "due_date", "done"]
        labels = {
            "action": gettext_lazy("Tindak lanjut"),
            "person_in_charge": gettext_lazy("Penanggung jawab"),
            "due_date": gettext_lazy("Tenggat"),
            "done": gettext_lazy("Selesai"),
        }
        widgets = {
            "due_date": DateInput(),
            "action": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["action"].help_text = _("Biarkan baris ini kosong bila tidak ada tindak lanjut.")

    def row(self):
        data = self.cleaned_data
        return FollowUpRow(
            action=data.get("action", ""),
            person_in_charge=data.get("person_in_charge", ""),
            due_date=data.get("due_date"),
            done=bool(data.get("done")),
            follow_up_id=self.instance.pk,
            delete=bool(data.get("DELETE")),
        )


class BaseFollowUpFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": gettext_lazy("Paling banyak %(num)d tindak lanjut per sesi."),
    }

    def clean(self):
        super().clean()
        for form in self.forms:
            # A posted id that is not one of this session's follow-ups (e.g. another OPD's).
            chosen = getattr(form, "cleaned_data", {}).get("id")
            if chosen is not None and form.instance.pk is None:
                raise ValidationError(_("Tindak lanjut yang dikirim bukan milik sesi ini."))


FollowUpFormSet = inlineformset_factory(
    FieldSession,
    FollowUp,
    form=FollowUpForm,
    formset=BaseFollowUpFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
FOLLOW_UP_PREFIX = "tindak"


def follow_up_rows(formset):
    """FollowUpRow for every filled or deleted form of a valid formset (blank extras skipped)."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        rows.append(form.row())
    return rows


class AttachmentUploadForm(forms.Form):
    attachments = _attachments_field()

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if not files:
            raise ValidationError(_("Pilih minimal satu berkas."))
        return files


class FollowUpAddForm(FollowUpForm):
    class Meta(FollowUpForm.Meta):
        fields = ["action", "person_in_charge", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].help_text = ""


class SeriesForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Topik"), max_length=200)
    unit = BoundedModelChoiceField(
        label=gettext_lazy("Unit kerja (bekerja dalam sif)"),
        queryset=UnitKerja.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy("Pilih unit kerja OPD ini yang bekerja dalam sif."),
            "required": gettext_lazy("Pilih unit kerja yang bekerja dalam sif."),
        },
    )
    kind = forms.ChoiceField(label=gettext_lazy("Jenis sesi"), choices=SessionKind.choices, initial="coaching")
    place = forms.CharField(label=gettext_lazy("Tempat"), max_length=200, required=False)
    participants_chosen = PegawaiIdsField(
        queryset=None,
        label=gettext_lazy("Peserta sasaran"),
    )

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme_opd = programme_opd
        self.fields["unit"].queryset = UnitKerja.objects.filter(
            opd_id=programme_opd.opd_id, works_in_shifts=True
        ).order_by("name")
        self.fields["participants_chosen"].queryset = roster_of(programme_opd)

    def chosen_rows(self):
        posted = self.data.getlist("participants_chosen") if self.is_bound else []
        ids = [int(v) for v in posted if str(v).isdigit() and is_sane_id(v)][:1000]
        staff = self.fields["participants_chosen"].queryset.filter(pk__in=ids).select_related("unit").in_bulk()
        seen, rows = set(), []
        for pk in ids:
            if pk in staff and pk not in seen:
                seen.add(pk)
                rows.append({"pegawai": staff[pk], "detail": pegawai_detail(staff[pk]), "attended": False})
        return rows


class RepeatForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Tanggal"), widget=DateInput())
    start_time = forms.TimeField(label=START_LABEL, widget=TimeInput())
    end_time = forms.TimeField(label=END_LABEL, widget=TimeInput())
    shift_label = forms.CharField(
        label=gettext_lazy("Sif"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("pagi / siang / malam"), "list": "shift-labels"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        return data

    def repeat(self):
        data = self.cleaned_data
        return Repeat(
            date=data["date"], start_time=data["start_time"], end_time=data["end_time"], shift_label=data["shift_label"]
        )


class BaseRepeatFormSet(BaseFormSet):
    default_error_messages = {
        "too_few_forms": gettext_lazy("Isi minimal %(num)d ulangan (tanggal, jam dan sif)."),
        "too_many_forms": gettext_lazy("Paling banyak %(num)d ulangan."),
    }

    def repeats(self):
        return [form.repeat() for form in self.forms if form.has_changed() and form.cleaned_data]


RepeatFormSet = formset_factory(
    RepeatForm, formset=BaseRepeatFormSet, extra=1, min_num=2, validate_min=True, max_num=12, validate_max=True
)
REPEAT_PREFIX = "ulangan"
