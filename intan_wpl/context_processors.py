"""Base context for every page: the navigation menu for the signed-in user's role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role

# (label, url name, roles that see it). Later features add their pages here.
MENU = [
    (_("Beranda"), "home", {Role.ADMIN, Role.WIDYAISWARA, Role.KEPALA_OPD}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    menu = [
        {"label": label, "url": reverse(name), "active": current == name}
        for label, name, roles in MENU
        if user.role in roles
    ]
    return {"menu": menu}
