"""Forms of the learning plan pages: the plan, its activities, the review and the comparison.

Choice fields offer only what may be chosen (this OPD's needs and staff, active development
forms), so an id of another OPD's need or person is a field error, never a save. Plan and
activity forms carry the lock_version they were built from (optimistic locking)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    LockVersionMixin,
    add_service_errors,
)
from intan_wpl.validators import check_period
from learning_needs.models import LearningNeed
from learning_plans.models import DevelopmentForm, LearningPlan, PlanActivity
from pilots.models import Pegawai, Programme


class PlanCreateForm(forms.ModelForm):
    class Meta:
        model = LearningPlan
        fields = ["title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "summary": _("Arah strategi pembelajaran OPD: masalah kinerja utama yang dijawab dan pendekatannya."),
        }


class PlanForm(LockVersionMixin, forms.ModelForm):
    class Meta:
        model = LearningPlan
        fields = ["title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version


class DevelopmentFormChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.lan_code} {obj.name} · {obj.get_family_display()}"


class DevelopmentFormSelect(forms.Select):
    """Options carry the form's default JP and typical cost so the page can prefill them."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-default-jp"] = str(instance.default_jp)
            option["attrs"]["data-typical-cost"] = str(instance.typical_cost)
            option["attrs"]["data-family"] = instance.get_family_display()
        return option


class NeedChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.competency.code} {obj.competency.name} (level {obj.current_level} → {obj.required_level})"
        if obj.target_positions:
            label += f" · {obj.target_positions}"
        return label


class ParticipantChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        parts = [obj.name, obj.nip_display]
        if obj.jabatan:
            parts.append(obj.jabatan)
        return " · ".join(parts)


class ActivityForm(LockVersionMixin, forms.ModelForm):
    form = DevelopmentFormChoiceField(
        label=_("Bentuk pengembangan"),
        queryset=DevelopmentForm.objects.none(),
        widget=DevelopmentFormSelect,
        help_text=_("Kode LAN (Peraturan LAN 10/2018) dan kelompok 70:20:10-nya."),
        error_messages={"invalid_choice": _("Pilih bentuk pengembangan yang aktif dari daftar.")},
    )
    needs = NeedChoiceField(
        label=_("Kebutuhan belajar yang dijawab"),
        queryset=LearningNeed.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Pilih kebutuhan belajar dari OPD ini saja.")},
    )
    participants = ParticipantChoiceField(
        label=_("Peserta (pegawai OPD)"),
        queryset=Pegawai.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila sasaran cukup disebut dengan jabatan."),
        error_messages={"invalid_choice": _("Peserta harus pegawai OPD ini: pilih dari daftar.")},
    )
    jp = forms.DecimalField(
        label=_("JP"),
        required=False,
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0, message=_("JP tidak boleh negatif."))],
        help_text=_("Jam Pelajaran per peserta. Kosongkan untuk memakai JP bawaan bentuk pengembangan."),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
    )
    estimated_cost = forms.DecimalField(
        label=_("Perkiraan biaya (Rp)"),
        required=False,
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(0, message=_("Biaya tidak boleh negatif."))],
        help_text=_("Dalam rupiah, tanpa titik. Kosong = 0."),
        widget=forms.NumberInput(attrs={"step": "1000", "min": "0"}),
    )

    class Meta:
        model = PlanActivity
        fields = [
            "form",
            "title",
            "description",
            "needs",
            "participants",
            "target_positions",
            "start_date",
            "end_date",
            "person_in_charge",
            "organiser",
            "jp",
            "estimated_cost",
            "rhk_indicator",
            "success_measure",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "target_positions": _("Misalnya: Pustakawan Ahli Pertama, petugas layanan sirkulasi."),
            "rhk_indicator": _("RHK atau indikator kinerja yang ingin digerakkan kegiatan ini."),
            "success_measure": _("Bagaimana keberhasilan terlihat, misalnya: 90% berkas selesai tepat waktu."),
        }

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        # An activity keeps its form (and its people) even when the form was deactivated or
        # the person left the active roster since; new choices are active ones only.
        keep_form = Q(pk=self.instance.form_id) if self.instance.pk else Q(pk__in=[])
        self.fields["form"].queryset = DevelopmentForm.objects.filter(Q(is_active=True) | keep_form).order_by(
            "jalur", "lan_code"
        )
        self.fields["needs"].queryset = (
            LearningNeed.objects.filter(programme_opd=programme_opd)
            .select_related("competency")
            .order_by("competency__code", "pk")
        )
        self.fields["participants"].queryset = (
            Pegawai.objects.filter(opd_id=programme_opd.opd_id)
            .filter(Q(is_active=True) | Q(pk__in=self._current_participant_ids()))
            .order_by("name", "nip")
        )
        if not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version

    def start_from_need(self, need_pk):
        """A new activity opened from a need answers it and starts with the need's target
        positions and target staff (those still on the OPD's active roster)."""
        need = self.fields["needs"].queryset.filter(pk=need_pk).prefetch_related("target_staff").first()
        if need is None:
            return
        self.initial["needs"] = [need.pk]
        if need.target_positions:
            self.initial["target_positions"] = need.target_positions
        allowed = set(self.fields["participants"].queryset.values_list("pk", flat=True))
        staff = [pegawai.pk for pegawai in need.target_staff.all() if pegawai.pk in allowed]
        if staff:
            self.initial["participants"] = staff

    def _current_participant_ids(self):
        # Somebody who left the OPD stays selectable on an activity that already names them.
        if not self.instance.pk:
            return []
        return list(self.instance.participants.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        try:
            check_period(cleaned.get("start_date"), cleaned.get("end_date"))
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned

    def _post_clean(self):
        # The model's own clean runs in the service (full_clean before save); the form checks
        # the fields and the date order, and keeps the instance untouched for the service.
        pass

    def service_fields(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ReviewDecision:
    APPROVE = "setujui"
    RETURN = "kembalikan"
    CHOICES = [
        (APPROVE, _("Setujui rencana")),
        (RETURN, _("Kembalikan untuk direvisi")),
    ]


class ReviewForm(forms.Form):
    """The Kepala OPD's decision, with a general comment and a comment box per activity."""

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=ReviewDecision.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan: setujui atau kembalikan.")},
    )
    note = forms.CharField(
        label=_("Catatan umum"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wajib bila rencana dikembalikan: apa yang perlu diperbaiki."),
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        for activity in self.activities:
            self.fields[self.activity_field(activity)] = forms.CharField(
                label=_("Komentar untuk kegiatan “%(title)s”") % {"title": activity.title},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def activity_field(activity):
        return f"komentar_{activity.pk}"

    def rows(self):
        return [(activity, self[self.activity_field(activity)]) for activity in self.activities]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ReviewDecision.RETURN and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Tuliskan catatan umum: apa yang perlu diperbaiki Widyaiswara."))
        return cleaned

    def activity_comments(self):
        return {activity.pk: self.cleaned_data.get(self.activity_field(activity), "") for activity in self.activities}


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan untuk Kepala OPD"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompareForm(forms.Form):
    dengan = forms.TypedChoiceField(
        label=_("Bandingkan dengan versi"),
        coerce=int,
        choices=(),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Pilih versi lain dari rencana OPD ini.")},
    )

    def __init__(self, *args, versions, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dengan"].choices = [
            (
                plan.pk,
                _("Versi %(version)s · %(status)s") % {"version": plan.version, "status": plan.get_status_display()},
            )
            for plan in versions
            if plan.pk != current.pk
        ]


class PlanPdfBatchForm(forms.Form):
    """The PDF batch of plans in force: one programme the user may see, or all of them."""

    program = BoundedModelChoiceField(
        label=_("Program"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Semua program"),
        error_messages={"invalid_choice": _("Program ini tidak tersedia untuk Anda.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Programme.objects.visible_to(user).order_by("-start_date", "name")
        self.fields["program"].widget.attrs["class"] = "form-select"
