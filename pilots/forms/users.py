"""Forms for the admin's account pages. Passwords go through Django's password validators and
are never shown back (no field renders a hash)."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role, User


class UserCreateForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "email", "role"]
        help_texts = {
            "username": _("Dipakai untuk masuk. Huruf, angka dan @ . + - _ saja, paling banyak 150 karakter."),
            "role": _("Admin BPSDM mengelola semua data; Widyaiswara dan Kepala OPD hanya membaca OPD mereka."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        # A Pegawai account belongs to a roster row: it is made by issuing activation, never here.
        self.fields["role"].choices = [choice for choice in self.fields["role"].choices if choice[0] != Role.PEGAWAI]
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password2"].label = _("Ulangi kata sandi")
        self.fields["password2"].help_text = _("Ketik kata sandi yang sama sekali lagi.")
        self.error_messages = {**self.error_messages, "password_mismatch": _("Kedua kata sandi tidak sama.")}


class UserEditForm(forms.ModelForm):
    # Typed grouped as printed ("19750101 200003 1 002"); the service keeps the 18 digits.
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        required=False,
        help_text=_("Untuk blok tanda tangan dokumen resmi (Kepala OPD)."),
    )

    class Meta:
        model = User
        fields = ["full_name", "nip", "email", "role", "is_active"]
        labels = {"is_active": _("Akun aktif")}
        help_texts = {
            "is_active": _("Akun nonaktif tidak dapat masuk; datanya tetap tersimpan."),
            "role": _(
                "Peran Kepala OPD yang masih memimpin OPD, atau Widyaiswara yang masih bertugas, tidak dapat diubah."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_nip(self):
        nip = "".join(self.cleaned_data["nip"].split())
        if nip and (len(nip) != 18 or not nip.isdigit()):
            raise forms.ValidationError(_("NIP terdiri atas 18 angka."))
        return nip


class UserPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = _("Ketik kata sandi yang sama sekali lagi.")
        self.error_messages = {**self.error_messages, "password_mismatch": _("Kedua kata sandi tidak sama.")}
