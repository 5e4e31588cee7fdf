import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def test_unknown_url_gets_the_styled_404_page(client_for, admin_user):
    response = client_for(admin_user).get("/tidak-ada-halaman-ini/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body
    assert '<html lang="id">' in body
    assert "bootstrap.min.css" in body


def test_unknown_url_for_a_visitor_also_gets_the_styled_404(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_server_error_shows_the_styled_500_page_without_traceback(admin_user, monkeypatch, settings):
    settings.DEBUG = False

    def explode(*args, **kwargs):
        raise RuntimeError("rahasia-internal")

    monkeypatch.setattr("insights.views.home.paginate", explode)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get(reverse("insights:home"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in body
    assert "rahasia-internal" not in body
    assert "Traceback" not in body


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_no_page_loads_anything_from_another_host_or_uses_inline_script(client_for, everyone, opd_a):
    pages = [
        (None, reverse("login")),
        (everyone["admin"], reverse("insights:home")),
        (everyone["widyaiswara_a"], reverse("insights:home")),
        (everyone["kepala_a"], reverse("insights:home")),
        (everyone["admin"], reverse("pilots:opd_detail", args=[opd_a.pk])),
        (everyone["admin"], reverse("password_change")),
    ]
    for user, url in pages:
        client = Client()
        if user:
            client.force_login(user)
        body = client.get(url).content.decode()
        assert '<html lang="id">' in body, url
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', body):
            assert not attribute.startswith(("http:", "https:", "//")), (url, attribute)
        for script in re.findall(r"<script([^>]*)>(.*?)</script>", body, flags=re.S):
            assert "src=" in script[0] and not script[1].strip(), (url, script)


def test_static_assets_are_vendored_in_the_repository():
    for asset in [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "img/favicon.svg",
    ]:
        assert (BASE_DIR / "static" / asset).stat().st_size > 0


def test_check_deploy_reports_nothing_on_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "PASSWORD_HASHERS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x7#kq2!p9$zr4@w8&n5^v1*m3(b6)c0-h_j+l=s%d?f.g,t;y:u/e~a|o<i>r{q}",
            "ALLOWED_HOSTS": "wpl.bpsdm.sulselprov.go.id",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        }
    )
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env["DEBUG"] = "false"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
