"""In Chromium: the admin adds a UPT (the parent field appears only for a UPT) and adds its
shift ward inline on the OPD page through htmx, without a page reload."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from pilots.models import Opd, OpdKind, UnitKerja
from tests.browser.conftest import wait_for_htmx
from tests.factories import OpdFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()


def test_admin_adds_a_upt_and_an_inline_shift_ward(page, live_server):
    UserFactory(username="admin.uji", full_name="Admin Uji", role=Role.ADMIN)
    OpdFactory(name="Dinas Kesehatan Uji", kind=OpdKind.DINAS)
    OpdFactory(name="Badan Pendapatan Uji", kind=OpdKind.BADAN)
    sign_in(page, live_server, "admin.uji")
    page.goto(live_server.url + reverse("pilots:opd_create"))

    parent = page.get_by_label("Dinas induk")
    expect(parent).to_be_hidden()
    page.locator("#id_name").fill("UPT RSUD Uji")
    page.get_by_label("Jenis").select_option(label="UPT")
    expect(parent).to_be_visible()
    # Only a Dinas is offered as parent.
    expect(parent.locator("option")).to_have_text(["— pilih dinas induk —", "Dinas Kesehatan Uji"])
    parent.select_option(label="Dinas Kesehatan Uji")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("UPT RSUD Uji")
    expect(page.locator("main")).to_contain_text("di bawah Dinas Kesehatan Uji")
    detail_url = page.url
    wait_for_htmx(page)

    page.get_by_label("Nama unit kerja").fill("Ruang Rawat Inap Mawar")
    page.get_by_label("Bekerja dalam sif").check()
    page.get_by_role("button", name="Tambah unit kerja").click()
    units = page.locator("#unit-kerja")
    expect(units).to_contain_text("Unit kerja “Ruang Rawat Inap Mawar” ditambahkan.")
    expect(units.get_by_role("row", name="Ruang Rawat Inap Mawar")).to_contain_text("sif")
    assert page.url == detail_url

    page.get_by_label("Nama unit kerja").fill("ruang rawat inap MAWAR")
    page.get_by_role("button", name="Tambah unit kerja").click()
    expect(units).to_contain_text("sudah memiliki unit kerja bernama")
    expect(page.get_by_label("Nama unit kerja")).to_have_value("ruang rawat inap MAWAR")

    upt = Opd.objects.get(name="UPT RSUD Uji")
    assert upt.parent.name == "Dinas Kesehatan Uji"
    assert list(UnitKerja.objects.filter(opd=upt).values_list("name", "works_in_shifts")) == [
        ("Ruang Rawat Inap Mawar", True)
    ]
