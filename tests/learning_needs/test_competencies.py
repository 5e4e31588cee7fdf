"""The competency dictionary of an OPD: standard competencies (read-only) plus the OPD's own
technical dictionary, edited by its assigned Widyaiswara and the BPSDM admin."""

import pytest
from django.urls import reverse

from learning_needs.models import Competency, CompetencyGroup
from tests.factories import LearningNeedFactory, TechnicalCompetencyFactory, standard_competency

pytestmark = pytest.mark.django_db


def list_url(programme_opd):
    return reverse("learning_needs:competency_list", args=[programme_opd.pk])


def test_list_shows_standard_and_own_technical_competencies_only(
    client_for, kepala_a, programme_opd_a, programme_opd_b
):
    standard_competency("M.01")
    TechnicalCompetencyFactory(opd=programme_opd_a.opd, code="T.DPU.01", name="Pengelolaan arsip dinamis")
    TechnicalCompetencyFactory(opd=programme_opd_b.opd, code="T.DKU.01", name="Pengawasan perikanan")
    response = client_for(kepala_a).get(list_url(programme_opd_a))
    content = response.content.decode()
    for code in ["M.01", "M.08", "SK.01"]:
        assert code in content
    assert "Perekat Bangsa" in content
    assert "Pengelolaan arsip dinamis" in content
    assert "Pengawasan perikanan" not in content
    # Read-only for the Kepala OPD: no edit buttons.
    assert reverse("learning_needs:competency_create", args=[programme_opd_a.pk]) not in content


@pytest.mark.parametrize("who", ["widyaiswara_a", "admin"])
def test_assigned_widyaiswara_and_admin_add_a_technical_competency(client_for, everyone, programme_opd_a, who):
    response = client_for(everyone[who]).post(
        reverse("learning_needs:competency_create", args=[programme_opd_a.pk]),
        {"code": "t.dpu.02", "name": "Alih media arsip", "description": "Digitalisasi arsip statis."},
    )
    assert response.status_code == 302
    competency = Competency.objects.get(code="T.DPU.02")
    assert (competency.opd, competency.group) == (programme_opd_a.opd, CompetencyGroup.TEKNIS)


@pytest.mark.parametrize("code", ["T.DPU.01", "t.dpu.01", "M.01", "SK.01"])
def test_a_code_already_in_the_dictionary_is_a_field_error(client_for, widyaiswara_a, programme_opd_a, code):
    standard_competency("M.01")
    TechnicalCompetencyFactory(opd=programme_opd_a.opd, code="T.DPU.01")
    before = Competency.objects.count()
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:competency_create", args=[programme_opd_a.pk]), {"code": code, "name": "Duplikat"}
    )
    assert response.status_code == 200
    assert "sudah dipakai" in response.context["form"].errors["code"][0]
    assert Competency.objects.count() == before


def test_the_same_code_may_exist_in_another_opds_dictionary(
    client_for, widyaiswara_a, programme_opd_a, programme_opd_b
):
    TechnicalCompetencyFactory(opd=programme_opd_b.opd, code="T.01")
    client_for(widyaiswara_a).post(
        reverse("learning_needs:competency_create", args=[programme_opd_a.pk]), {"code": "T.01", "name": "Sendiri"}
    )
    assert Competency.objects.filter(code="T.01").count() == 2


def test_huge_input_is_a_field_error(client_for, widyaiswara_a, programme_opd_a):
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:competency_create", args=[programme_opd_a.pk]),
        {"code": "C" * 500, "name": "N" * 5000, "description": "d" * 100_000},
    )
    assert {"code", "name", "description"} <= set(response.context["form"].errors)
    assert not Competency.objects.filter(opd=programme_opd_a.opd).exists()


def test_editing_a_technical_competency(client_for, widyaiswara_a, programme_opd_a):
    competency = TechnicalCompetencyFactory(opd=programme_opd_a.opd, code="T.1", name="Lama")
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:competency_update", args=[programme_opd_a.pk, competency.pk]),
        {"code": "T.1", "name": "Baru"},
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.name == "Baru"


def test_standard_competencies_cannot_be_edited_or_deleted(client_for, admin_user, programme_opd_a):
    standard = standard_competency("M.02")
    client = client_for(admin_user)
    for name in ["competency_update", "competency_delete"]:
        url = reverse(f"learning_needs:{name}", args=[programme_opd_a.pk, standard.pk])
        assert client.post(url, {"code": "M.02", "name": "Diubah"}).status_code == 404
    standard.refresh_from_db()
    assert standard.name == "Kerja Sama"


def test_another_opds_competency_is_404_under_this_opd(client_for, admin_user, programme_opd_a, programme_opd_b):
    foreign = TechnicalCompetencyFactory(opd=programme_opd_b.opd)
    response = client_for(admin_user).get(
        reverse("learning_needs:competency_update", args=[programme_opd_a.pk, foreign.pk])
    )
    assert response.status_code == 404


def test_delete_is_refused_while_a_need_uses_the_competency(client_for, widyaiswara_a, programme_opd_a):
    competency = TechnicalCompetencyFactory(opd=programme_opd_a.opd)
    LearningNeedFactory(cause__problem__programme_opd=programme_opd_a, competency=competency)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:competency_delete", args=[programme_opd_a.pk, competency.pk])
    assert "Ya, hapus" not in client.get(url).content.decode()
    response = client.post(url)
    assert "tidak dapat dihapus" in response.content.decode()
    assert Competency.objects.filter(pk=competency.pk).exists()


def test_unused_competency_is_deleted_after_confirmation(client_for, widyaiswara_a, programme_opd_a):
    competency = TechnicalCompetencyFactory(opd=programme_opd_a.opd)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:competency_delete", args=[programme_opd_a.pk, competency.pk])
    assert "Ya, hapus" in client.get(url).content.decode()
    client.post(url)
    assert not Competency.objects.filter(pk=competency.pk).exists()


@pytest.mark.parametrize("rows", [10, 500])
def test_list_query_count_does_not_grow(
    client_for, widyaiswara_a, programme_opd_a, django_assert_max_num_queries, rows
):
    Competency.objects.bulk_create(
        [
            Competency(opd=programme_opd_a.opd, group=CompetencyGroup.TEKNIS, code=f"T.{i:04d}", name=f"Teknis {i}")
            for i in range(rows)
        ]
    )
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(12):
        response = client.get(list_url(programme_opd_a))
    assert len(response.context["page"].object_list) == min(rows, 25)
