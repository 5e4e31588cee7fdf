"""In Chromium: what a Widyaiswara types into a learning need survives a reload and a trip to
the competency dictionary, is restored with a notice, and is dropped once the need is saved."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_needs.models import CauseNature, LearningNeed
from tests.factories import AssignmentFactory, CauseFactory, UserFactory, standard_competency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def need_form_url():
    widyaiswara = UserFactory(username="wi.draf", role=Role.WIDYAISWARA)
    widyaiswara.set_password("Rahasia-123")
    widyaiswara.save()
    cause = CauseFactory(nature=CauseNature.KOMPETENSI, problem__created_by=widyaiswara)
    AssignmentFactory(programme_opd=cause.problem.programme_opd, widyaiswara=widyaiswara)
    standard_competency("M.03")
    return reverse("learning_needs:need_create", args=[cause.problem.programme_opd_id])


def test_a_typed_need_survives_a_reload_and_is_dropped_after_saving(page, live_server, need_form_url):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("wi.draf")
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(live_server.url + need_form_url)
    page.get_by_label("Jabatan sasaran").fill("Arsiparis Ahli Pertama")
    page.get_by_label("Catatan").fill("Belum pernah mengikuti bimtek penataan arsip.")
    page.wait_for_function(
        "() => Object.keys(localStorage)"
        ".some((key) => key.startsWith('intan-wpl:draf:') && localStorage[key].includes('bimtek'))"
    )
    page.reload()
    expect(page.locator("#draft-notice")).to_be_visible()
    expect(page.get_by_label("Catatan")).to_have_value("Belum pernah mengikuti bimtek penataan arsip.")
    expect(page.get_by_label("Jabatan sasaran")).to_have_value("Arsiparis Ahli Pertama")

    # Away to another page and back: still there.
    page.goto(live_server.url + "/")
    page.goto(live_server.url + need_form_url)
    expect(page.get_by_label("Catatan")).to_have_value("Belum pernah mengikuti bimtek penataan arsip.")

    # Saved: the next page drops the draft, and the form opens empty again.
    page.locator("#id_cause").select_option(index=1)
    page.locator("#id_competency").select_option(index=1)
    page.get_by_label("Level dipersyaratkan jabatan").select_option("3")
    page.get_by_label("Level saat ini").select_option("1")
    page.get_by_role("button", name="Simpan").first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert LearningNeed.objects.filter(notes__contains="bimtek").exists()
    page.goto(live_server.url + need_form_url)
    expect(page.locator("#draft-notice")).to_be_hidden()
    expect(page.get_by_label("Catatan")).to_have_value("")
