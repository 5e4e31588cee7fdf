import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo.builders.registry import DEMO_PASSWORD
from intan_wpl.models import Role, User
from pilots.models import Assignment, AssignmentRole, Opd, Programme, ProgrammeOpd

pytestmark = pytest.mark.django_db

PILOT_OPDS = {
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Kelautan dan Perikanan",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Kebudayaan dan Pariwisata",
    "UPT RSUD Labuang Baji",
}


def test_seed_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def counts():
    return [m.objects.count() for m in (User, Opd, Programme, ProgrammeOpd, Assignment)]


def test_seed_builds_the_2025_pilot_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    programme = Programme.objects.get(name="Pilot INTAN-WPL 2025")
    assert set(programme.opds.values_list("name", flat=True)) == PILOT_OPDS
    rsud = Opd.objects.get(name="UPT RSUD Labuang Baji")
    assert rsud.parent.name == "Dinas Kesehatan"
    for programme_opd in programme.programme_opds.all():
        assert programme_opd.assignments.filter(role=AssignmentRole.KETUA).count() == 1
        assert programme_opd.opd.head.role == Role.KEPALA_OPD

    widyaiswara = User.objects.filter(role=Role.WIDYAISWARA)
    assert widyaiswara.count() >= 3
    assert any(w.assignments.count() >= 2 for w in widyaiswara)
    assert User.objects.filter(role=Role.ADMIN).count() == 1


def test_every_demo_account_signs_in_through_the_login_form_and_sees_its_home(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    # The demo Pegawai land on their own page (tests/demo/test_pegawai_demo.py).
    for user in User.objects.exclude(role=Role.PEGAWAI):
        client.logout()
        response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("insights:home"), user.username
        body = response.content.decode()
        expected = Opd.objects.visible_to(user)
        assert expected.exists(), user.username
        for opd in Opd.objects.all():
            if opd in expected:
                assert opd.name in body, (user.username, opd.name)
            elif user.role != Role.ADMIN:
                assert opd.name not in body, (user.username, opd.name)


def test_the_demo_programme_has_a_decree_pdf_the_admin_can_download(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    programme = Programme.objects.get(name="Pilot INTAN-WPL 2025")
    client.force_login(User.objects.get(username="admin.bpsdm"))
    response = client.get(reverse("pilots:programme_decree", args=[programme.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
