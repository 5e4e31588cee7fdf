from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa kembali; setelah 5 kali gagal, "
            "akun dikunci sementara selama 15 menit."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi Admin BPSDM."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Kata sandi")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True
