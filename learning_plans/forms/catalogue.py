"""Forms of the admin's development forms catalogue and learning settings pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learning_plans.models import DevelopmentForm, LearningSettings
from learning_plans.services.catalogue import lan_code_taken

# siasn_jenis_diklat_id is a PositiveSmallIntegerField: PostgreSQL refuses anything larger.
SIASN_ID_MAX = 32767


class DevelopmentFormForm(forms.ModelForm):
    class Meta:
        model = DevelopmentForm
        fields = [
            "lan_code",
            "name",
            "jalur",
            "family",
            "siasn_jenis_diklat_id",
            "jp_rule",
            "default_jp",
            "typical_cost",
            "is_active",
        ]
        help_texts = {
            "lan_code": _("Kode Peraturan LAN 10/2018, misalnya KL03 atau NKL01."),
            "siasn_jenis_diklat_id": _(
                "Nomor jenis diklat pada riwayat kursus SIASN (BKN), misalnya 14 untuk Coaching."
            ),
            "family": _("Kelompok 70:20:10 (Peraturan LAN 6/2023 Pasal 18)."),
            "jp_rule": _("JP tetap: tiap peserta mendapat JP kegiatan. Dari durasi: menit kegiatan ÷ menit per JP."),
            "default_jp": _("JP yang diusulkan saat kegiatan baru bentuk ini direncanakan."),
            "typical_cost": _("Perkiraan biaya per kegiatan, dalam rupiah."),
            "is_active": _("Bentuk nonaktif tidak ditawarkan lagi untuk kegiatan baru."),
        }
        error_messages = {"lan_code": {"unique": _("Kode LAN ini sudah dipakai bentuk lain.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["siasn_jenis_diklat_id"].min_value = 1
        self.fields["siasn_jenis_diklat_id"].widget.attrs.update({"min": 1, "max": SIASN_ID_MAX})
        self.fields["default_jp"].widget.attrs.update({"min": 0, "step": "0.5"})
        self.fields["typical_cost"].widget.attrs.update({"min": 0, "step": 1000})

    def clean_lan_code(self):
        code = (self.cleaned_data.get("lan_code") or "").strip().upper()
        if lan_code_taken(code, exclude_pk=self.instance.pk):
            raise ValidationError(_("Kode LAN %(code)s sudah dipakai bentuk lain."), params={"code": code})
        return code

    def clean_siasn_jenis_diklat_id(self):
        value = self.cleaned_data.get("siasn_jenis_diklat_id")
        if value is not None and value < 1:
            raise ValidationError(_("ID jenis diklat SIASN minimal 1."))
        if value is not None and value > SIASN_ID_MAX:
            raise ValidationError(_("ID jenis diklat SIASN paling besar %(max)s."), params={"max": SIASN_ID_MAX})
        return value

    def clean_default_jp(self):
        value = self.cleaned_data.get("default_jp")
        if value is not None and value < 0:
            raise ValidationError(_("JP tidak boleh negatif."))
        return value

    def clean_typical_cost(self):
        value = self.cleaned_data.get("typical_cost")
        if value is not None and value < 0:
            raise ValidationError(_("Biaya tidak boleh negatif."))
        return value


SETTINGS_FIELDS = [
    "pns_min_jp",
    "pppk_max_jp",
    "minutes_per_jp",
    "target_pengalaman",
    "target_sosial",
    "target_formal",
    "mix_tolerance",
    "culture_min_respondents",
]
SETTINGS_HELP = {
    "culture_min_respondents": _(
        "Di bawah jumlah responden ini indeks budaya belajar sebuah OPD tidak ditampilkan (menjaga anonimitas)."
    ),
    "pns_min_jp": _("PP 11/2017 jo. PP 17/2020 Pasal 203: paling sedikit 20 JP setahun."),
    "pppk_max_jp": _("PP 49/2018: paling lama 24 JP dalam satu tahun masa perjanjian kerja."),
    "minutes_per_jp": _("1 JP pembelajaran klasikal = 45 menit. Dipakai bentuk yang JP-nya dihitung dari durasi."),
    "mix_tolerance": _("Peringatan muncul bila komposisi menyimpang lebih dari sekian poin persen dari target."),
}


class LearningSettingsForm(forms.Form):
    """The settings row as a plain form: the 100% rule is reported next to the three targets
    (the model's own clean() would repeat it above the form)."""

    LIMITS = {
        "pns_min_jp": (1, 1000),
        "pppk_max_jp": (1, 1000),
        "minutes_per_jp": (1, 600),
        "target_pengalaman": (0, 100),
        "target_sosial": (0, 100),
        "target_formal": (0, 100),
        "mix_tolerance": (0, 100),
        "culture_min_respondents": (1, 1000),
    }
    TARGETS = ("target_pengalaman", "target_sosial", "target_formal")

    def __init__(self, *args, instance, **kwargs):
        kwargs.setdefault("initial", forms.models.model_to_dict(instance, fields=SETTINGS_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.models.fields_for_model(LearningSettings, fields=SETTINGS_FIELDS, help_texts=SETTINGS_HELP)
        )
        for name, (low, high) in self.LIMITS.items():
            field = self.fields[name]
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
            field.widget.attrs.update({"min": low, "max": high})

    def clean(self):
        cleaned = super().clean()
        for name, (low, high) in self.LIMITS.items():
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, _("Isi angka antara %(low)s dan %(high)s.") % {"low": low, "high": high})
        targets = [cleaned.get(name) for name in self.TARGETS]
        if None not in targets and sum(targets) != 100:
            message = _("Target 70:20:10 berjumlah %(total)s%%; ketiganya harus berjumlah 100%%.") % {
                "total": sum(targets)
            }
            for name in self.TARGETS:
                self.add_error(name, message)
        return cleaned
