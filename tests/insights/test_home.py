"""Home pages of the Widyaiswara and the Kepala OPD: their pilots with the next step at hand."""

import pytest
from django.urls import reverse

from learning_plans.models import PlanStatus
from pilots.models import ProgrammeStatus
from tests.factories import LearningPlanFactory, make_field_session

pytestmark = pytest.mark.django_db


def test_kepala_opd_is_asked_to_review_a_submitted_plan(client_for, everyone, programme_opd_a):
    plan = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DIAJUKAN)
    body = client_for(everyone["kepala_a"]).get(reverse("insights:home")).content.decode()
    assert "Rencana pembelajaran menunggu persetujuan Anda." in body
    assert reverse("learning_plans:plan_review", args=[plan.pk]) in body


def test_kepala_opd_is_not_asked_to_review_a_draft_or_another_opds_plan(client_for, everyone, programme_opd_a):
    LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DRAF)
    assert "menunggu persetujuan" not in client_for(everyone["kepala_a"]).get(reverse("insights:home")).content.decode()
    LearningPlanFactory(programme_opd=programme_opd_a, version=2, status=PlanStatus.DIAJUKAN)
    body = client_for(everyone["kepala_b"]).get(reverse("insights:home")).content.decode()
    assert "menunggu persetujuan" not in body
    assert "Dinas Perpustakaan Uji" not in body


def test_widyaiswara_gets_the_actions_of_their_own_opds_only(client_for, everyone, programme_opd_a, programme_opd_b):
    body = client_for(everyone["widyaiswara_a"]).get(reverse("insights:home")).content.decode()
    assert reverse("learning_needs:session_create", args=[programme_opd_a.pk]) in body
    assert reverse("learning_needs:session_create", args=[programme_opd_b.pk]) not in body
    assert "Ketua tim" in body


def test_the_stage_follows_the_recorded_work(client_for, everyone, programme_opd_a):
    client = client_for(everyone["widyaiswara_a"])
    assert "Tahap: Persiapan" in client.get(reverse("insights:home")).content.decode()
    make_field_session(programme_opd_a, everyone["widyaiswara_a"])
    assert "Tahap: Identifikasi kebutuhan" in client.get(reverse("insights:home")).content.decode()


def test_finished_programmes_leave_the_home_page(client_for, everyone, programme, programme_opd_a):
    programme.status = ProgrammeStatus.SELESAI
    programme.save()
    body = client_for(everyone["widyaiswara_a"]).get(reverse("insights:home")).content.decode()
    assert "Dinas Perpustakaan Uji" not in body
    assert "belum ditugaskan" in body
