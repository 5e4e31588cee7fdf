"""Second factor pages (issue 13, item 2): enrolment with a QR code and backup codes, the code
page after the password, new backup codes, the admin's reset for a lost phone, and the session
keep-alive the idle warning calls."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from intan_wpl.forms import OtpCodeForm
from intan_wpl.middleware import ENROLLED_KEY
from intan_wpl.roles import admin_required
from intan_wpl.selectors.accounts import get_account_for_admin
from intan_wpl.services import second_factor as services


def _next_url(request, default="insights:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def second_factor(request):
    """The person's own second factor: set it up (QR code, then a code to confirm), or see that it
    is on and make new backup codes."""
    user = request.user
    if services.has_second_factor(user) and request.method == "GET":
        return render(request, "registration/second_factor.html", {"enrolled": True})
    if services.has_second_factor(user) and not user.is_verified():
        return redirect("intan_wpl:second_factor_verify")
    device = services.enrolment_device(user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed, codes = services.second_factor_confirm(user=user, token=form.cleaned_data["code"])
        if confirmed is None:
            form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel dan masukkan kode yang sedang tampil."))
        else:
            otp_login(request, confirmed)
            request.session[ENROLLED_KEY] = True
            messages.success(request, _("Verifikasi dua langkah aktif. Simpan kode cadangan di tempat aman."))
            return render(
                request, "registration/second_factor_codes.html", {"codes": codes, "next": _next_url(request, "")}
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/second_factor.html",
        {
            "enrolled": False,
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
            "secret": device_secret(device),
            "required": services.requires_second_factor(user),
            "next": _next_url(request, ""),
        },
    )


def device_secret(device):
    """The TOTP key as people type it into an app (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def second_factor_verify(request):
    """After the password: the code from the app, or a backup code, for this session."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not services.has_second_factor(user):
        return redirect("intan_wpl:second_factor")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=user, token=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _("Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil di aplikasi."))
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "registration/second_factor_verify.html", {"form": form, "next": _next_url(request, "")})


@require_POST
def backup_codes(request):
    if not (services.has_second_factor(request.user) and request.user.is_verified()):
        return redirect("intan_wpl:second_factor")
    codes = services.backup_codes_renew(user=request.user)
    return render(request, "registration/second_factor_codes.html", {"codes": codes, "next": ""})


@admin_required
@require_POST
def second_factor_reset(request, pk):
    account = get_account_for_admin(request.user, pk)
    services.second_factor_reset(user=account, actor=request.user)
    messages.success(
        request,
        _("Verifikasi dua langkah %(name)s diatur ulang: ia mendaftarkannya lagi saat masuk berikutnya.")
        % {"name": account.display_name},
    )
    return redirect("pilots:user_edit", pk=account.pk)


@require_POST
def session_keepalive(request):
    """The idle warning's "Tetap masuk": this request itself renews the session (it is saved on
    every request); the answer says how long it now lasts."""
    request.session.modified = True
    return JsonResponse({"idle_seconds": request.session.get_expiry_age()})
