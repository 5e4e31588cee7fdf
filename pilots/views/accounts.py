"""Pegawai accounts: issuing activation codes for an OPD's staff (admin, or the OPD's Kepala OPD)
and the public page where a person activates their account with NIP and code."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from intan_wpl.forms import add_service_errors
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from pilots.forms.accounts import ActivationForm, ActivationIssueForm, IssueOutput
from pilots.models import Pegawai
from pilots.selectors import get_opd_for_user
from pilots.services import accounts as account_service

FILE_TYPES = {
    IssueOutput.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    IssueOutput.CSV: "text/csv; charset=utf-8",
}


def _staff_to_issue(user, opd, data):
    staff = Pegawai.objects.visible_to(user).filter(opd=opd, is_active=True)
    if data["unit"]:
        staff = staff.filter(unit=data["unit"])
    if data["nips"]:
        staff = staff.filter(nip__in=data["nips"])
    if data["only_without_account"]:
        staff = staff.exclude(account__is_active=True)
    return staff


def _link_maker(request):
    base = request.build_absolute_uri(reverse("pilots:account_activate"))

    def link_for(item):
        return f"{base}?{urlencode({'nip': item.pegawai.nip, 'kode': item.code_display})}"

    return link_for


@role_required(Role.ADMIN, Role.KEPALA_OPD)
@never_cache
def activation_issue(request, opd_pk):
    """GET: the form. POST: new codes for the chosen staff, answered at once as the printable
    sheet or the file; the codes are never shown again (a new issue voids them)."""
    opd = get_opd_for_user(request.user, opd_pk)
    form = ActivationIssueForm(request.POST or None, opd=opd)
    if request.method == "POST" and form.is_valid():
        staff = _staff_to_issue(request.user, opd, form.cleaned_data)
        issued, skipped = account_service.activations_issue(actor=request.user, opd=opd, staff=staff)
        if not issued:
            form.add_error(
                None, _("Tidak ada pegawai aktif yang cocok dengan pilihan ini; tidak ada kode diterbitkan.")
            )
        else:
            output = form.cleaned_data["output"]
            link_for = _link_maker(request)
            if output in FILE_TYPES:
                content = account_service.activation_file(
                    user=request.user, opd=opd, issued=issued, link_for=link_for, file_format=output
                )
                name = f"aktivasi-{slugify(opd.abbreviation or opd.name)}-{timezone.localdate():%Y%m%d}.{output}"
                response = HttpResponse(content, content_type=FILE_TYPES[output])
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            cards = [(item, link_for(item)) for item in issued]
            return render(request, "pilots/accounts/sheet.html", {"opd": opd, "cards": cards, "skipped": skipped})
    accounts = Pegawai.objects.visible_to(request.user).filter(opd=opd, is_active=True)
    context = {
        "opd": opd,
        "form": form,
        "active_staff": accounts.count(),
        "activated": accounts.filter(account__is_active=True).count(),
    }
    return render(request, "pilots/accounts/issue.html", context)


@login_not_required
@never_cache
@sensitive_post_parameters("code", "password1", "password2")
def account_activate(request):
    """A Pegawai activates their account: NIP, the one-time code, a new password; then signed in."""
    if request.user.is_authenticated:
        return redirect("insights:home")
    initial = {"nip": request.GET.get("nip", "")[:30], "code": request.GET.get("kode", "")[:20]}
    form = ActivationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_service.activation_redeem(
                nip=form.cleaned_data["nip"], code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Akun Anda aktif. Selamat datang, %(name)s.") % {"name": user.display_name})
            return redirect("insights:home")
    return render(request, "pilots/accounts/activate.html", {"form": form})
