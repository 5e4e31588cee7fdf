"""Account pages for the BPSDM admin: the accounts of Widyaiswara, Kepala OPD and other admins.

A Widyaiswara's profile (NIP, jenjang) lives on the Widyaiswara pages; these pages manage only
the account itself: who signs in, with which role, and whether the account is active."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.roles import admin_required
from pilots.filters.opds import UserFilter
from pilots.forms.users import UserCreateForm, UserEditForm, UserPasswordForm
from pilots.selectors import accounts_with_assignment_count, get_account_for_user
from pilots.services import users as services


@admin_required
def user_list(request):
    filterset = UserFilter(request.GET or None, queryset=accounts_with_assignment_count())
    page, query_string = paginate(request, filterset.qs)
    template = "pilots/users/user_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"filter": filterset, "page": page, "query_string": query_string})


@admin_required
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                password=data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, _password_errors_on(error, "password1"))
        else:
            messages.success(request, _("Akun “%(username)s” dibuat.") % {"username": account.username})
            return redirect("pilots:user_list")
    return render(request, "pilots/users/user_form.html", {"form": form, "account": None})


@admin_required
def user_edit(request, pk):
    account = get_account_for_user(request.user, pk)
    # The form changes the instance in memory; the page keeps showing the saved name.
    saved_name = account.display_name
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Akun “%(username)s” disimpan.") % {"username": account.username})
            return redirect("pilots:user_list")
    return render(
        request, "pilots/users/user_form.html", {"form": form, "account": account, "account_name": saved_name}
    )


@admin_required
def user_set_password(request, pk):
    account = get_account_for_user(request.user, pk)
    form = UserPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(user=account, password=form.cleaned_data["new_password1"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, _password_errors_on(error, "new_password1"))
        else:
            if account.pk == request.user.pk:
                # Changing one's own password would otherwise end this session.
                update_session_auth_hash(request, account)
            messages.success(
                request,
                _("Kata sandi baru untuk “%(username)s” disimpan. Sampaikan kepadanya melalui jalur yang aman.")
                % {"username": account.username},
            )
            return redirect("pilots:user_list")
    return render(request, "pilots/users/user_password.html", {"form": form, "account": account})


def _password_errors_on(error, field):
    """The services call the password `password`; the forms have password1/new_password1."""
    if hasattr(error, "error_dict") and "password" in error.error_dict:
        errors = dict(error.error_dict)
        errors[field] = errors.pop("password")
        return ValidationError(errors)
    return error
