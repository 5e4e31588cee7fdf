"""Forms for an OPD's staff roster: one Pegawai, and the roster file upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import DateInput
from intan_wpl.uploads import max_upload_bytes
from pilots.domain import normalize_nip, parse_nip
from pilots.models import Pegawai
from pilots.services.roster_import import ROSTER_MAX_MB, check_roster_upload


class PegawaiForm(forms.ModelForm):
    # Wider than the stored 18 digits: people type the NIP grouped ("19860926 201505 1 001").
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        help_text=_("18 digit; boleh ditulis berkelompok, misalnya 19860926 201505 1 001."),
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "name",
            "employment_type",
            "contract_start",
            "contract_end",
            "jabatan",
            "jabatan_kind",
            "golongan",
            "unit",
            "supervisor",
            "is_active",
        ]
        widgets = {"contract_start": DateInput(), "contract_end": DateInput()}
        help_texts = {
            "contract_start": _(
                "Khusus PPPK. Batas JP PPPK dihitung per tahun perjanjian kerja, mulai dari tanggal ini."
            ),
            "employment_type": _("NI PPPK tidak memuat bulan TMT, jadi aturan NIP-nya berbeda."),
            "golongan": _("PNS: I/a sampai IV/e. PPPK: I sampai XVII."),
        }

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opd = opd
        self.fields["unit"].queryset = opd.units.order_by("name")
        self.fields["unit"].empty_label = _("— Tanpa unit kerja —")
        supervisors = opd.staff.filter(is_active=True).order_by("name")
        if self.instance.pk:
            supervisors = supervisors.exclude(pk=self.instance.pk)
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].empty_label = _("— Belum diisi —")
        self.fields["supervisor"].help_text = _("Memvalidasi jurnal belajar pegawai ini.")
        self.fields["golongan"].choices = [("", _("— Belum diisi —")), *self.fields["golongan"].choices[1:]]
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        if not nip.isdigit() or len(nip) != 18:
            parse_nip(nip)  # raises the message that says what is wrong (digits, length)
        clash = Pegawai.objects.filter(nip=nip).exclude(pk=self.instance.pk).select_related("opd").first()
        if clash:
            raise ValidationError(
                _("NIP ini sudah terdaftar atas nama %(name)s di %(opd)s."),
                params={"name": clash.name, "opd": clash.opd},
                code="nip_taken",
            )
        return nip

    def _post_clean(self):
        super()._post_clean()
        # The model re-checks a NIP the form has already refused: one message per problem is enough.
        if "nip" in self._errors:
            del self._errors["nip"].data[1:]


class ImportMode:
    ALL = "semua"
    PARTIAL = "sebagian"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar pegawai (XLSX atau CSV)"),
        help_text=_(
            "Ekspor SIMPEG/SIASN boleh langsung diunggah: baris judul di atas tabel tidak masalah. Wajib ada "
            "kolom NIP dan Nama; kolom lain yang dikenali: Status, Jabatan, Jenis Jabatan, Gol/Ruang, Pangkat, "
            "Unit Kerja. Paling besar %(limit)s."
        )
        % {"limit": filesizeformat(max_upload_bytes(ROSTER_MAX_MB))},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv",
                "data-max-bytes": max_upload_bytes(ROSTER_MAX_MB),
            }
        ),
    )

    mode = forms.ChoiceField(
        label=_("Bila ada baris yang salah"),
        choices=[
            (ImportMode.ALL, _("Jangan impor apa pun sampai semua baris benar")),
            (ImportMode.PARTIAL, _("Impor baris yang benar; kembalikan sisanya sebagai XLSX dengan alasannya")),
        ],
        initial=ImportMode.ALL,
        required=False,  # an upload that does not say (an older form, a script) is all or nothing
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_roster_upload(upload)
        return upload


class SkpUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas SKP dari e-Kinerja (XLSX atau CSV)"),
        help_text=_("Kolom: NIP, Periode, Rencana hasil kerja, Indikator, Target, Realisasi."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"}
        ),
    )
