"""Access follows the assignment (issue 13, item 5): a Widyaiswara reaches an OPD only while the
assignment is current (started, not ended) and the programme OPD active; a Kepala OPD only the
OPD they head now. Every OPD page of the scope crawl answers 404 in each of these cases, while
the admin still reads the past work.

The crawl's world (tests/intan_wpl/test_scope_crawl.py) gives OPD B a full chain of objects;
here B's own Widyaiswara loses the assignment by date or by deactivation."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pilots.models import Assignment, Opd, Programme, ProgrammeOpd, ProgrammeStatus
from tests.factories import UserFactory
from tests.intan_wpl.test_scope_crawl import ROUTES, SECRET, request, signed_in, title_of, url_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quiet_request_log():
    """The expected 404s would bury a real failure in the output."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


# Pages that belong to no OPD: the catalogue and the accounts are the admin's (403 for others),
# a notification is its recipient's, a joint programme spans OPDs on the admin's dashboard, a
# sign-in lockout belongs to an address.
NOT_OPD_PAGES = {
    "learning_plans:form_edit",
    "learning_plans:form_delete",
    "pilots:user_edit",
    "pilots:user_set_password",
    "pilots:widyaiswara_edit",
    "intan_wpl:notification_open",
    "insights:joint_programme_detail",
    "intan_wpl:lockout_release",
    "intan_wpl:second_factor_reset",
    # The admin's own tables and decisions across OPDs (403 for anyone else): external JP entries,
    # the unit-cost and SBM tables, and dismissing a duplicate pair.
    "learning_records:external_jp_delete",
    "insights:unit_cost_edit",
    "insights:sbm_rate_edit",
    "insights:duplicate_pair_dismiss",
    # API clients: the admin's (one may be scoped to an OPD, but it is a client system's).
    "learning_records:api_client_detail",
    "learning_records:api_client_revoke",
    # A Pegawai's own pages (their certificates, their journal and their supervisor's decision):
    # 403 for every other role. Issuing activation codes is for the admin and the Kepala OPD.
    "learning_records:my_certificate",
    "learning_records:journal_detail",
    "learning_records:journal_edit",
    "learning_records:journal_decide",
    "learning_records:journal_evidence",
    "pilots:activation_issue",
    # The culture questionnaire and the reaction form a Pegawai answers (403 for every other role).
    "insights:culture_questionnaire_answer",
    "learning_records:reaction_answer",
}
OPD_PAGES = {name: spec for name, spec in ROUTES.items() if name not in NOT_OPD_PAGES}


def today():
    return timezone.localdate()


def end_assignment_yesterday(world):
    Assignment.objects.filter(pk=world["b"].objects["assignment"].pk).update(
        start_date=today() - timedelta(days=90), end_date=today() - timedelta(days=1)
    )


def start_assignment_tomorrow(world):
    Assignment.objects.filter(pk=world["b"].objects["assignment"].pk).update(
        start_date=today() + timedelta(days=1), end_date=today() + timedelta(days=90)
    )


def deactivate_programme_opd(world):
    ProgrammeOpd.objects.filter(pk=world["b"].programme_opd.pk).update(is_active=False)


def finish_programme(world):
    Programme.objects.filter(pk=world["b"].programme_opd.programme_id).update(status=ProgrammeStatus.SELESAI)


LOSSES = [end_assignment_yesterday, start_assignment_tomorrow, deactivate_programme_opd, finish_programme]
LOSS_IDS = ["ended", "future-start", "programme-opd-deactivated", "programme-finished"]


def failures_for(client, world, pages, *, allowed=frozenset({404})):
    failures = []
    for name, spec in pages.items():
        url = url_for(name, spec, world)
        for method in ("get", "post"):
            status, body, _response = request(client, method, url)
            if status == 405:
                continue
            if status not in allowed:
                failures.append(f"{method.upper()} {name} {url}: {status} {title_of(body)!r}")
            elif SECRET in body:
                failures.append(f"{method.upper()} {name} {url}: 404 that shows B's data")
    return failures


@pytest.mark.parametrize(
    "lose_access",
    LOSSES,
    ids=LOSS_IDS,
)
def test_every_opd_page_is_404_for_a_widyaiswara_without_a_current_assignment(world, lose_access):
    b = world["b"]
    lose_access(world)
    client = signed_in(b.widyaiswara)
    failures = failures_for(client, world, OPD_PAGES)
    assert not failures, "\n".join(failures)
    # Nor does the OPD appear in the lists and on the home page.
    for url in (reverse("insights:home"), reverse("pilots:opd_list"), reverse("pilots:programme_list")):
        status, body, _response = request(client, "get", url)
        assert status == 200
        assert SECRET not in body, url


@pytest.mark.parametrize(
    "lose_access",
    LOSSES,
    ids=LOSS_IDS,
)
def test_the_admin_still_reads_the_past_work(world, lose_access):
    b = world["b"]
    lose_access(world)
    admin = signed_in(world["everyone"]["admin"])
    for name in (
        "learning_needs:session_detail",
        "learning_needs:problem_detail",
        "learning_needs:need_detail",
        "learning_plans:plan_detail",
        "learning_records:realisation_detail",
        "pilots:programme_opd_detail",
    ):
        status, body, _response = request(admin, "get", url_for(name, ROUTES[name], world))
        assert status == 200, name
        assert SECRET in body, name
    assert b.objects["session"].topic == f"Sesi {SECRET}"


def test_a_current_assignment_reaches_the_opd_on_its_first_and_last_day(world):
    b = world["b"]
    client = signed_in(b.widyaiswara)
    url = url_for("learning_needs:session_detail", ROUTES["learning_needs:session_detail"], world)
    assignment = Assignment.objects.filter(pk=b.objects["assignment"].pk)
    assignment.update(start_date=today(), end_date=today() + timedelta(days=30))
    assert request(client, "get", url)[0] == 200
    assignment.update(start_date=today() - timedelta(days=30), end_date=today())
    assert request(client, "get", url)[0] == 200
    assignment.update(start_date=None, end_date=None)  # open-ended, as in the demo
    assert request(client, "get", url)[0] == 200


def test_an_ended_assignment_cannot_write_field_work_either(world):
    b = world["b"]
    end_assignment_yesterday(world)
    client = signed_in(b.widyaiswara)
    url = reverse("learning_needs:problem_create", args=[b.programme_opd.pk])
    response = client.post(url, {"title": "Tidak boleh", "duty_or_indicator": "x", "urgency": 3})
    assert response.status_code == 404
    assert not b.programme_opd.problems.filter(title="Tidak boleh").exists()


def test_a_former_kepala_opd_reaches_nothing_of_the_opd_they_no_longer_head(world):
    b = world["b"]
    successor = UserFactory(username="kepala.baru", role="kepala_opd")
    Opd.objects.filter(pk=b.opd.pk).update(head=successor)
    # Pages for Widyaiswara only refuse a Kepala OPD by role (403) before any lookup.
    failures = failures_for(signed_in(b.kepala), world, OPD_PAGES, allowed={403, 404})
    assert not failures, "\n".join(failures)
    url = url_for("learning_plans:plan_detail", ROUTES["learning_plans:plan_detail"], world)
    assert request(signed_in(successor), "get", url)[0] == 200


def test_the_load_page_counts_only_current_assignments(world):
    b = world["b"]
    admin = signed_in(world["everyone"]["admin"])
    url = reverse("pilots:widyaiswara_load")
    before = admin.get(url).context["page"].object_list
    counts = {person.pk: person.opd_count for person in before}
    assert counts[b.widyaiswara.pk] == 1
    end_assignment_yesterday(world)
    after = {person.pk: person for person in admin.get(url).context["page"].object_list}
    assert after[b.widyaiswara.pk].opd_count == 0
    assert after[b.widyaiswara.pk].current_assignments == []
