"""In Chromium: each demo role signs in and lands on its own home; another OPD's URL is a 404."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.builders.registry import DEMO_PASSWORD
from pilots.models import Opd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def sign_in(page, live_server, username, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize(
    ("username", "heading", "visible_opd"),
    [
        ("admin.bpsdm", "Semua Perangkat Daerah", "UPT RSUD Labuang Baji"),
        ("wi.rahmat", "OPD Dampingan Saya", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
        ("kepala.dkp", "Perangkat Daerah Saya", "Dinas Kelautan dan Perikanan"),
    ],
)
def test_each_role_signs_in_and_sees_its_own_home(page, live_server, demo, username, heading, visible_opd):
    sign_in(page, live_server, username)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text(visible_opd)
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_widyaiswara_opening_another_opds_url_gets_404(page, live_server, demo):
    other = Opd.objects.get(abbreviation="RSUD LB")
    sign_in(page, live_server, "wi.rahmat")
    expect(page.get_by_role("heading", level=1)).to_have_text("OPD Dampingan Saya")
    response = page.goto(f"{live_server.url}/opd/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    expect(page.locator("main")).not_to_contain_text("Labuang Baji")


def test_wrong_password_then_navigation_on_a_phone(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "kepala.dkp", password="bukan-sandinya")
    expect(page.locator("form")).to_contain_text("Nama pengguna atau kata sandi salah")
    sign_in(page, live_server, "kepala.dkp")
    # On a phone the menu folds behind the toggler and still opens.
    menu_button = page.get_by_role("button", name="Buka menu")
    expect(menu_button).to_be_visible()
    menu_button.click()
    expect(page.get_by_role("button", name=re.compile("Kepala OPD"))).to_be_visible()
