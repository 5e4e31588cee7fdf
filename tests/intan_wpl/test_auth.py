from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from intan_wpl.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia-123"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_login_page_is_indonesian_and_declares_lang_id(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in body
    assert "Masuk ke Portal INTAN-WPL" in body
    assert 'name="username"' in body and 'name="password"' in body


@pytest.mark.parametrize("url_name", ["insights:home", "password_change"])
def test_anonymous_visitor_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitor_cannot_open_an_opd_page(client, opd_a):
    response = client.get(reverse("pilots:opd_detail", args=[opd_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_correct_password_lands_on_home(client):
    UserFactory(username="wi.login", role=Role.WIDYAISWARA)
    response = login(client, "wi.login", PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("insights:home")
    assert "OPD Dampingan Saya" in response.content.decode()


def test_wrong_password_gets_a_clear_indonesian_message(client):
    UserFactory(username="wi.login", role=Role.WIDYAISWARA)
    response = login(client, "wi.login", "salah-sekali")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in body
    assert "_auth_user_id" not in client.session


def test_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(client):
    UserFactory(username="wi.login", role=Role.WIDYAISWARA)
    for _ in range(4):
        assert "Nama pengguna atau kata sandi salah" in login(client, "wi.login", "salah").content.decode()
    login(client, "wi.login", "salah")  # the fifth failure locks

    response = login(client, "wi.login", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "Akun dikunci sementara" in body
    assert "15 menit" in body
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_so_another_user_can_still_sign_in(client):
    UserFactory(username="wi.login", role=Role.WIDYAISWARA)
    UserFactory(username="wi.other", role=Role.WIDYAISWARA)
    for _ in range(5):
        login(client, "wi.login", "salah")
    response = login(client, "wi.other", PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("insights:home")


def test_lock_lifts_after_fifteen_minutes(client):
    UserFactory(username="wi.login", role=Role.WIDYAISWARA)
    for _ in range(5):
        login(client, "wi.login", "salah")
    assert login(client, "wi.login", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = login(client, "wi.login", PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("insights:home")


def test_session_expires_after_thirty_idle_minutes_and_each_request_extends_it(client_for, settings):
    user = UserFactory(username="wi.sesi", role=Role.WIDYAISWARA)
    client = client_for(user)
    client.get(reverse("insights:home"))
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert client.session.get_expiry_age() == 30 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_logout_needs_post_and_ends_the_session(client_for):
    client = client_for(UserFactory(username="wi.out", role=Role.WIDYAISWARA))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("insights:home")).status_code == 302


def test_password_change_enforces_validators_and_keeps_the_user_signed_in(client_for):
    user = UserFactory(username="wi.pw", role=Role.WIDYAISWARA)
    client = client_for(user)
    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert weak.status_code == 200
    assert "terlalu pendek" in weak.content.decode()

    strong = "Laut-Biru-Makassar-2025"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)
    assert client.get(reverse("insights:home")).status_code == 200
