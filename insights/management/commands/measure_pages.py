"""Measure every page of every role against a running server (issue 12, item 4).

    DATABASE_URL=... DEBUG=false SECRET_KEY=... SECURE_SSL_REDIRECT=false \\
        gunicorn -c gunicorn.conf.py intan_wpl.wsgi:application &
    DATABASE_URL=... DEBUG=false ... manage.py measure_pages --base-url http://127.0.0.1:8000

Sessions are written straight into the session table for the three accounts (the admin's with
a verified TOTP device, as after a real sign-in), so no password is typed. Each page is
requested once cold (its first request since the server started) and then `--rounds` times
warm; a bare view (/luring/, a template and nothing else, through the same middleware) is
requested right before each warm request of each page, and the page's ratio is its p50 over the
p50 of the bare requests taken beside it. A machine that is busy for a minute then slows both
sides of one ratio alike, instead of only the pages measured in that minute.

Query counts are taken in this process with Django's test client on the same database
(`--queries`), so they can be compared between a database
built with `seed_scale --opds 10` and one built with the default 2,000.
"""

import json
import statistics
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intan_wpl.models import Role, User
from learning_needs.models import FieldSession, LearningNeed, Problem
from learning_plans.selectors.plans import working_plan
from learning_records.models import Realisation
from pilots.models import Pegawai, ProgrammeOpd

BUDGET_COLD = 1.0
BUDGET_MAX = 5.0
RATIO = {"list": 8, "detail": 6, "dashboard": 10}
BARE = ("bare", "intan_wpl", "/luring/", "detail")


def _programme_opd_for(user):
    return ProgrammeOpd.objects.visible_to(user).order_by("pk").first()


def _journey_pages(po):
    """Pages of one programme OPD's journey (list or detail), as (name, url, kind)."""
    plan = working_plan(po)
    session = FieldSession.objects.filter(programme_opd=po).order_by("pk").first()
    problem = Problem.objects.filter(programme_opd=po).order_by("pk").first()
    need = LearningNeed.objects.filter(programme_opd=po).order_by("pk").first()
    realised = Realisation.objects.filter(activity__plan__programme_opd=po).order_by("pk").first()
    person = Pegawai.objects.filter(opd_id=po.opd_id).order_by("pk").first()
    pages = [
        ("programme_opd_detail", reverse("pilots:programme_opd_detail", args=[po.pk]), "detail"),
        ("opd_detail", reverse("pilots:opd_detail", args=[po.opd_id]), "detail"),
        ("roster_list", reverse("pilots:roster_list", args=[po.opd_id]), "list"),
        ("session_list", reverse("learning_needs:session_list", args=[po.pk]), "list"),
        ("problem_list", reverse("learning_needs:problem_list", args=[po.pk]), "list"),
        ("need_list", reverse("learning_needs:need_list", args=[po.pk]), "list"),
        ("recommendation_list", reverse("learning_needs:recommendation_list", args=[po.pk]), "list"),
        ("plan_current", reverse("learning_plans:plan_current", args=[po.pk]), "detail"),
        ("realisation_list", reverse("learning_records:realisation_list", args=[po.pk]), "list"),
        ("evaluation_list", reverse("learning_records:evaluation_list", args=[po.pk]), "list"),
        ("jp_ledger", reverse("learning_records:jp_ledger", args=[po.pk]), "list"),
        ("survey_results", reverse("insights:survey_results", args=[po.pk]), "detail"),
    ]
    if session:
        pages.append(("session_detail", reverse("learning_needs:session_detail", args=[session.pk]), "detail"))
    if problem:
        pages.append(("problem_detail", reverse("learning_needs:problem_detail", args=[problem.pk]), "detail"))
    if need:
        pages.append(("need_detail", reverse("learning_needs:need_detail", args=[need.pk]), "detail"))
    if plan:
        pages.append(("plan_detail", reverse("learning_plans:plan_detail", args=[plan.pk]), "detail"))
        pages.append(("plan_print", reverse("learning_plans:plan_print", args=[plan.pk]), "detail"))
        pages.append(("plan_cost", reverse("insights:plan_cost", args=[plan.pk]), "detail"))
    if realised:
        args = [realised.activity_id]
        pages.append(("realisation_detail", reverse("learning_records:realisation_detail", args=args), "detail"))
    if person:
        url = reverse("learning_records:jp_person", args=[po.pk, person.pk])
        pages.append(("jp_person", url, "detail"))
    return pages


ADMIN_PAGES = [
    ("home", "insights:home", "dashboard"),
    ("dashboard", "insights:dashboard", "dashboard"),
    ("dashboard_report", "insights:dashboard_report", "dashboard"),
    ("duplicate_groups", "insights:duplicate_groups", "dashboard"),
    ("data_pack", "insights:data_pack", "detail"),
    ("unit_cost_list", "insights:unit_cost_list", "list"),
    ("programme_list", "pilots:programme_list", "list"),
    ("opd_list", "pilots:opd_list", "list"),
    ("widyaiswara_list", "pilots:widyaiswara_list", "list"),
    ("widyaiswara_load", "pilots:widyaiswara_load", "list"),
    ("user_list", "pilots:user_list", "list"),
    ("audit_log", "pilots:audit_log", "list"),
    ("export_log", "intan_wpl:export_log", "list"),
    ("plan_list", "learning_plans:plan_list", "list"),
    ("form_list", "learning_plans:form_list", "list"),
    ("jp_overview", "learning_records:jp_overview", "list"),
    ("external_jp_list", "learning_records:external_jp_list", "list"),
    ("job_list", "intan_wpl:job_list", "list"),
    ("notification_list", "intan_wpl:notification_list", "list"),
]
WIDYAISWARA_PAGES = [
    ("home", "insights:home", "dashboard"),
    ("my_sessions", "learning_needs:my_sessions", "list"),
    ("plan_list", "learning_plans:plan_list", "list"),
    ("jp_overview", "learning_records:jp_overview", "list"),
    ("notification_list", "intan_wpl:notification_list", "list"),
]
KEPALA_PAGES = [
    ("home", "insights:home", "dashboard"),
    ("dashboard", "insights:dashboard", "dashboard"),
    ("dashboard_report", "insights:dashboard_report", "dashboard"),
    ("plan_list", "learning_plans:plan_list", "list"),
    ("jp_overview", "learning_records:jp_overview", "list"),
    ("notification_list", "intan_wpl:notification_list", "list"),
]
ROLE_PAGES = {Role.ADMIN: ADMIN_PAGES, Role.WIDYAISWARA: WIDYAISWARA_PAGES, Role.KEPALA_OPD: KEPALA_PAGES}


def pages_for(user):
    pages = [(name, reverse(url_name), kind) for name, url_name, kind in ROLE_PAGES[user.role]]
    po = _programme_opd_for(user)
    return pages + (_journey_pages(po) if po else [])


def verified_session(user):
    """A signed-in session for `user`, with the second factor verified for an admin."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.role == Role.ADMIN:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _created = TOTPDevice.objects.get_or_create(user=user, name="pengukuran", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.set_expiry(60 * 60)
    session.save()
    return session.session_key


def timed_get(base_url, path, cookie):
    if not base_url.startswith(("http://", "https://")):
        raise CommandError("--base-url harus http:// atau https://.")
    request = urllib.request.Request(base_url + path, headers={"Cookie": cookie, "Host": "localhost"})  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own server
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - started, status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Command(BaseCommand):
    help = "Ukur setiap halaman setiap peran terhadap server yang berjalan (issue 12); lihat docs/performance.md."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--rounds", type=int, default=5, help="Permintaan hangat per halaman.")
        parser.add_argument("--admin", default="admin.skala")
        parser.add_argument("--widyaiswara", default="wi.skala00001")
        parser.add_argument("--kepala", default="kepala.skala00001")
        parser.add_argument("--queries", default="", help="Tulis jumlah kueri per halaman ke berkas JSON ini.")
        parser.add_argument("--compare", default="", help="Bandingkan jumlah kueri dengan berkas JSON ini.")

    def handle(self, *args, **options):
        urllib.request.install_opener(urllib.request.build_opener(_NoRedirect))
        users = [User.objects.filter(username=options[key]).first() for key in ("admin", "widyaiswara", "kepala")]
        if not all(users):
            raise CommandError("Akun uji tidak ditemukan; jalankan seed_scale dulu.")
        plan = [(user, pages_for(user)) for user in users]
        if options["queries"] or options["compare"]:
            self._queries(plan, options["queries"], options["compare"])
            return
        rows = self._timings(plan, options["base_url"], options["rounds"])
        self._report(rows)

    def _timings(self, plan, base_url, rounds):
        cookies = {user.pk: f"{settings.SESSION_COOKIE_NAME}={verified_session(user)}" for user, _pages in plan}
        bare_cookie = cookies[plan[0][0].pk]
        timed_get(base_url, BARE[2], bare_cookie)  # the bare view's own cold request, not counted
        rows = []
        for user, pages in plan:
            for name, url, kind in pages:
                rows.append(
                    self._measure(base_url, user.role, (name, url, kind), (cookies[user.pk], bare_cookie), rounds)
                )
        return rows

    def _measure(self, base_url, role, page, cookies, rounds):
        name, url, kind = page
        cookie, bare_cookie = cookies
        cold, status = timed_get(base_url, url, cookie)
        warm, bare = [], []
        for _ in range(rounds):
            bare.append(timed_get(base_url, BARE[2], bare_cookie)[0])
            seconds, status = timed_get(base_url, url, cookie)
            warm.append(seconds)
        return {
            "role": role,
            "page": name,
            "url": url,
            "kind": kind,
            "status": status,
            "cold": cold,
            "warm": warm,
            "bare": statistics.median(bare),
        }

    def _report(self, rows):
        bares = [row["bare"] for row in rows]
        failures = []
        self.stdout.write(
            f"bare view /luring/ beside each page: p50 {statistics.median(bares) * 1000:.1f} ms "
            f"(from {min(bares) * 1000:.1f} to {max(bares) * 1000:.1f} ms over the run)\n"
        )
        self.stdout.write(
            "| role | page | kind | status | cold ms | p50 ms | max ms | bare p50 ms | p50 / bare | budget |"
        )
        self.stdout.write("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
        for row in rows:
            p50, worst, bare = statistics.median(row["warm"]), max([row["cold"], *row["warm"]]), row["bare"]
            ratio = p50 / bare if bare else 0
            problems = []
            if row["status"] != 200:
                problems.append(f"HTTP {row['status']}")
            if row["cold"] >= BUDGET_COLD:
                problems.append("cold ≥ 1 s")
            if worst > BUDGET_MAX:
                problems.append("> 5 s")
            if ratio > RATIO[row["kind"]]:
                problems.append(f"> {RATIO[row['kind']]}x")
            verdict = "; ".join(problems) or "held"
            if problems:
                failures.append(f"{row['role']} {row['page']}: {verdict}")
            self.stdout.write(
                f"| {row['role']} | {row['page']} | {row['kind']} | {row['status']} | {row['cold'] * 1000:.0f} | "
                f"{p50 * 1000:.0f} | {worst * 1000:.0f} | {bare * 1000:.1f} | {ratio:.1f} | {verdict} |"
            )
        self.stdout.write(f"\n{len(rows)} pages; {len(failures)} over budget.")
        for failure in failures:
            self.stdout.write(f"  {failure}")

    def _queries(self, plan, write_to, compare_with):
        counts = {}
        for user, pages in plan:
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = verified_session(user)
            for name, url, _kind in pages:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, secure=True, HTTP_HOST="localhost")
                counts[f"{user.role} {name}"] = [response.status_code, len(captured)]
        if write_to:
            with open(write_to, "w", encoding="utf-8") as handle:
                json.dump(counts, handle, indent=1, sort_keys=True)
        if compare_with:
            with open(compare_with, encoding="utf-8") as handle:
                other = json.load(handle)
            self.stdout.write("| page | queries here | queries there | same |")
            self.stdout.write("|---|---:|---:|---|")
            for key in sorted(counts):
                there = other.get(key, [None, None])[1]
                self.stdout.write(
                    f"| {key} | {counts[key][1]} | {there} | {'yes' if there == counts[key][1] else 'NO'} |"
                )
        else:
            for key in sorted(counts):
                self.stdout.write(f"{key}: HTTP {counts[key][0]}, {counts[key][1]} queries")
