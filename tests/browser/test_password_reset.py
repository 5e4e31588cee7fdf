"""In Chromium: a user who forgot the password follows "Lupa kata sandi?", gets the link by
email, sets a new password through it and signs in with the new one."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from intan_wpl.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_resets_a_forgotten_password_by_the_emailed_link(page, live_server):
    UserFactory(username="kepala.lupa", email="kepala.lupa@example.go.id", role=Role.KEPALA_OPD)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Email").fill("kepala.lupa@example.go.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa email Anda")
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Buat kata sandi baru")
    page.locator("#id_new_password1").fill("Arsip-Baru-2025!")
    page.locator("#id_new_password2").fill("Arsip-Baru-2025!")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kata sandi diganti")
    page.get_by_role("link", name="Masuk").click()
    page.get_by_label("Nama pengguna").fill("kepala.lupa")
    page.get_by_label("Kata sandi").fill("Arsip-Baru-2025!")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Menunggu Anda")).to_be_visible()
