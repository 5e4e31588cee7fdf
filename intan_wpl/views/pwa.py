"""The installable web app (for signed-in people): its manifest (named from the instance profile), the service worker
(served from the root so it may control every page) and the page shown when a page that was
never kept on the device is opened without signal."""

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.selectors.profile import instance_profile

# Everything a page needs to open without signal (the pages themselves are kept as they are visited).
APP_SHELL = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "css/portal.css",
    "css/sessions.css",
    "js/portal.js",
    "js/offline.js",
    "js/session_form.js",
    "js/form_draft.js",
    "img/favicon.svg",
]
# Pages kept on the device when visited (and prepared after sign-in by learning_needs:offline_pages).
OFFLINE_PAGE_PATTERNS = [
    r"^/$",
    r"^/sesi/saya/$",
    r"^/sesi/program-opd/\d+/$",
    r"^/sesi/program-opd/\d+/baru/$",
    r"^/sesi/program-opd/\d+/daftar-pegawai/$",
    r"^/pegawai/opd/\d+/$",
]


def manifest(request):
    profile = instance_profile()
    data = {
        "name": f"INTAN-WPL · {profile.agency_short_name}",
        "short_name": "INTAN-WPL",
        "description": _("Workplace Learning %(agency)s") % {"agency": profile.agency_full_name},
        "lang": "id",
        "start_url": reverse("insights:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request):
    shell = [static(path) for path in APP_SHELL] + [reverse("offline")]
    # A new list of assets (a deploy with new hashed names) is a new worker version.
    version = hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "intan_wpl/sw.js",
        {
            "version": version,
            "shell_json": json.dumps(shell),
            "patterns_json": json.dumps(OFFLINE_PAGE_PATTERNS),
            "offline_url_json": json.dumps(reverse("offline")),
            # STATIC_URL itself: static("") has no entry in the production manifest storage.
            "static_prefix_json": json.dumps(
                settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
            ),
        },
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request):
    return render(request, "intan_wpl/offline.html")
