"""The admin's page of API clients (issue 14, item 5): issue a token (shown once), read a
client's call log, revoke a token. The BPSDM admin only; the Kepala BPSDM and everyone else 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import MAX_ID
from intan_wpl.listing import paginate
from intan_wpl.roles import admin_required
from learning_records.forms.api import ApiClientForm
from learning_records.selectors.api import api_calls, api_clients, get_api_client
from learning_records.services import api_clients as services

TEMPLATES = "learning_records/api_clients"
ISSUED_SESSION_KEY = "api_client_issued"


@admin_required
def api_client_list(request):
    page, query_string = paginate(request, api_clients().order_by("revoked_at", "name"), per_page=50)
    return render(request, f"{TEMPLATES}/list.html", {"page": page, "query_string": query_string})


@admin_required
def api_client_create(request):
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.api_client_issue(
            name=form.cleaned_data["name"], opd=form.cleaned_data["opd"], issued_by=request.user
        )
        # Kept in the session until the detail page shows it once; only its hash is stored.
        request.session[ISSUED_SESSION_KEY] = {"pk": issued.client.pk, "token": issued.token}
        return redirect("learning_records:api_client_detail", pk=issued.client.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form})


@admin_required
def api_client_detail(request, pk):
    client = get_api_client(min(pk, MAX_ID))
    shown = request.session.get(ISSUED_SESSION_KEY) or {}
    token = None
    if shown.get("pk") == client.pk:
        token = shown["token"]
        del request.session[ISSUED_SESSION_KEY]
    page, query_string = paginate(request, api_calls(client), per_page=50)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {"client": client, "token": token, "page": page, "query_string": query_string},
    )


@admin_required
def api_client_revoke(request, pk):
    client = get_api_client(min(pk, MAX_ID))
    back = reverse("learning_records:api_client_detail", args=[client.pk])
    if request.method == "POST":
        try:
            services.api_client_revoke(client=client)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Token %(name)s dicabut: panggilan dengan token ini ditolak.") % {"name": client}
            )
        return redirect(back)
    return render(request, f"{TEMPLATES}/revoke.html", {"client": client, "cancel_url": back})
