"""The Kepala BPSDM (issue 14, item 6): the leadership view. The whole dashboard, every plan,
JP ledger and report of every OPD read; nothing written, personal data least of all. The scope
crawl's world (two OPDs with every kind of object) is reused: every mapped page of OPD B is
opened by GET and POST and nothing of either OPD may change."""

import pytest
from django.test import Client
from django.urls import reverse

from intan_wpl.models import Role
from tests.factories import UserFactory
from tests.intan_wpl.test_scope_crawl import (
    MIXED_ROUTES,
    NOT_CRAWLED,
    ROUTES,
    SECRET,
    parameterless_patterns,
    quiet_request_log,  # noqa: F401 - the crawl's autouse fixture, for this module too
    request,
    signed_in,
    snapshot,
    url_for,
    world,  # noqa: F401 - fixture
)

pytestmark = pytest.mark.django_db

# A url name that changes something when POSTed: the Kepala BPSDM must be refused (403/404/405).
# Read pages that also answer a POST (filters, print) only have to leave every object unchanged.
WRITE_WORDS = (
    "create",
    "edit",
    "update",
    "delete",
    "add",
    "remove",
    "upload",
    "record",
    "submit",
    "review",
    "set_",
    "toggle",
    "dismiss",
    "import",
    "commit",
    "cancel",
    "make_ketua",
    "generate",
    "attendance",
    "release",
    "reset",
    "new_version",
    "repeat",
    "status",
    "jp_settings",
    "instance_profile",
    "data_pack",
    "joint_programme",
    "survey_edit",
    "password",
)
# Acting on one's own account (second factor, notifications, password), never on OPD data.
OWN_ACCOUNT = {
    "intan_wpl:second_factor",
    "intan_wpl:second_factor_verify",
    "intan_wpl:backup_codes",
    "intan_wpl:session_keepalive",
    "intan_wpl:notification_mark_all",
    "password_change",
    "login",
}


def is_write(name):
    return name not in OWN_ACCOUNT and any(word in name.split(":")[-1] for word in WRITE_WORDS)


def test_the_role_exists_and_reads_everything(kepala_bpsdm):
    assert kepala_bpsdm.role == Role.KEPALA_BPSDM
    assert kepala_bpsdm.reads_everything and not kepala_bpsdm.is_bpsdm_admin


def _crawl(client, urls):
    failures = []
    for name, url in urls:
        status, body, _response = request(client, "get", url)
        if status >= 500:
            failures.append(f"GET {name} {url}: {status} {body[:200]!r}")
        status, body, _response = request(client, "post", url)
        if status >= 500 or (is_write(name) and status not in (403, 404, 405)):
            failures.append(f"POST {name} {url}: {status}")
    return failures


def test_every_page_of_every_opd_opens_and_every_write_is_refused(world, kepala_bpsdm):  # noqa: F811
    client = signed_in(kepala_bpsdm)
    before = (snapshot(world["a"]), snapshot(world["b"]))
    urls = [(name, url_for(name, spec, world)) for name, spec in {**ROUTES, **MIXED_ROUTES}.items()]
    urls += [(name, reverse(name)) for name in parameterless_patterns() if name not in NOT_CRAWLED]
    failures = _crawl(client, urls)
    assert not failures, "\n".join(failures)
    assert (snapshot(world["a"]), snapshot(world["b"])) == before, "a request of the Kepala BPSDM changed data"
    writes = [name for name, _url in urls if is_write(name)]
    assert len(writes) > 40, writes  # the word list still names the portal's writing pages


def test_the_dashboard_report_plans_and_jp_of_every_opd_are_read(world, kepala_bpsdm):  # noqa: F811
    client = signed_in(kepala_bpsdm)
    b = world["b"]
    dashboard = client.get(reverse("insights:dashboard")).content.decode()
    assert world["a"].opd.name in dashboard and b.opd.name in dashboard
    report = client.get(reverse("insights:dashboard_report")).content.decode()
    assert b.opd.name in report
    plan = client.get(reverse("learning_plans:plan_detail", args=[b.objects["plan"].pk]))
    assert plan.status_code == 200 and f"Rencana {SECRET}" in plan.content.decode()
    ledger = client.get(reverse("learning_records:jp_ledger", args=[b.programme_opd.pk]))
    assert ledger.status_code == 200 and f"Pegawai {SECRET}" in ledger.content.decode()
    home = client.get(reverse("insights:home")).content.decode()
    assert b.opd.name in home and reverse("pilots:opd_create") not in home


def test_personal_data_and_plans_are_not_changed_by_the_kepala_bpsdm(world, kepala_bpsdm):  # noqa: F811
    client = signed_in(kepala_bpsdm)
    b = world["b"]
    pegawai = b.objects["pegawai"]
    edit = reverse("pilots:pegawai_edit", args=[pegawai.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Diubah", "nip": pegawai.nip}).status_code == 403
    review = reverse("learning_plans:plan_review", args=[b.objects["draft_plan"].pk])
    assert client.post(review, {"decision": "approve"}).status_code == 403
    pegawai.refresh_from_db()
    assert pegawai.name == f"Pegawai {SECRET}"
    roster = client.get(reverse("pilots:roster_list", args=[b.opd.pk])).content.decode()
    assert pegawai.name in roster and edit not in roster, "no edit link for a read-only reader"


def test_the_kepala_bpsdm_must_enrol_a_second_factor_like_the_admin(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "kepala_bpsdm"]
    user = UserFactory(username="kepala.bpsdm", role=Role.KEPALA_BPSDM)
    user.set_password("Rahasia-123")
    user.save()
    client = Client()
    client.post(reverse("login"), {"username": "kepala.bpsdm", "password": "Rahasia-123"})
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("intan_wpl:second_factor"))
