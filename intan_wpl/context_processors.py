"""Base context for every page: the navigation menu for the signed-in user's role and the unread
notification count for the navbar bell."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Notification, Role
from intan_wpl.roles import STAFF_ROLES
from intan_wpl.selectors.profile import instance_profile

ALL = frozenset(STAFF_ROLES)
ADMIN = frozenset({Role.ADMIN})

# Top-level entries are (label, url name, roles) or (label, [entries]) for a dropdown group.
MENU = [
    (_("Beranda"), "insights:home", ALL),
    (_("Pembelajaran Saya"), "learning_records:my_learning", {Role.PEGAWAI}),
    (_("Jurnal Belajar"), "learning_records:journal_list", {Role.PEGAWAI}),
    (_("Validasi Jurnal"), "learning_records:journal_queue", {Role.PEGAWAI}),
    (_("Dasbor"), "insights:dashboard", {Role.ADMIN, Role.KEPALA_BPSDM, Role.KEPALA_OPD}),
    (
        _("Registri"),
        [
            (_("Program"), "pilots:programme_list", ALL),
            (_("Perangkat Daerah"), "pilots:opd_list", ALL),
            (_("Cari Pegawai"), "pilots:pegawai_search", ALL),
            (_("Widyaiswara"), "pilots:widyaiswara_list", ADMIN),
            (_("Beban Widyaiswara"), "pilots:widyaiswara_load", ADMIN),
            (_("Pengguna"), "pilots:user_list", ADMIN),
        ],
    ),
    (
        _("Pendampingan"),
        [
            (_("Sesi Pendampingan"), "learning_needs:my_sessions", {Role.WIDYAISWARA}),
            (_("Rencana Pembelajaran"), "learning_plans:plan_list", ALL),
            (_("Jam Pelajaran"), "learning_records:jp_overview", ALL),
        ],
    ),
    (
        _("Pengaturan"),
        [
            (_("Bentuk Pengembangan"), "learning_plans:form_list", ADMIN),
            (_("Pengaturan JP"), "learning_plans:jp_settings", ADMIN),
            (_("Profil Instansi"), "intan_wpl:instance_profile", ADMIN),
            (_("Klien API"), "learning_records:api_client_list", ADMIN),
        ],
    ),
    (
        _("Keamanan"),
        [
            (_("Log audit"), "pilots:audit_log", ADMIN),
            (_("Catatan ekspor"), "intan_wpl:export_log", ADMIN),
            (_("Kunci masuk"), "intan_wpl:lockout_list", ADMIN),
        ],
    ),
]


def _entry(label, name, current):
    return {"label": label, "url": reverse(name), "active": current == name}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    menu = []
    for label, target, *roles in MENU:
        if isinstance(target, list):
            children = [_entry(child, name, current) for child, name, allowed in target if user.role in allowed]
            if children:
                menu.append(
                    {"label": label, "children": children, "active": any(child["active"] for child in children)}
                )
        elif user.role in roles[0]:
            menu.append(_entry(label, target, current))
    return {"menu": menu}


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that does not show the bell (a PDF, a fragment) costs no query.
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, is_read=False).count()
        )
    }


def session_timing(request):
    """The idle timeout and its warning, for the page's session timer (static/js/portal.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }


def instance(request):
    """`instance`: the instance profile (names, letterhead, zone) for every template; `zone`: e.g. WIB."""
    profile = getattr(request, "instance_profile", None) or instance_profile()
    return {"instance": profile, "zone": profile.zone_label, "offline_app": settings.INTAN_WPL["OFFLINE_APP"]}
