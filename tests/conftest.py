"""Named users per role, as ENGINEERING.md asks: an admin, two Widyaiswara on different
OPDs, two Kepala OPD. OPD "A" is Widyaiswara A's and Kepala A's; OPD "B" is B's."""

import os
from pathlib import Path

import pytest

from demo.reference_data import ensure_reference_data
from intan_wpl.models import Role
from pilots.models import AssignmentRole
from tests.factories import AssignmentFactory, OpdFactory, ProgrammeFactory, ProgrammeOpdFactory, UserFactory

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    if os.environ.get("INTAN_WPL_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            f"INTAN_WPL_REQUIRE_BROWSER is set but Chromium is missing at {CHROMIUM}: "
            "the browser tests would be skipped. Install it with 'apt-get install -y chromium'."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium tidak ditemukan di {CHROMIUM}: tes browser dilewati (apt-get install -y chromium)."
    )
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Every database test starts with the reference data that migrations seed (competencies,
    development forms, learning settings). A transactional test (browser tests) flushes every
    table when it ends, so a test that runs after it in the same process would otherwise find
    an empty catalogue: what it sees must not depend on the order tests run in (pytest-xdist)."""
    marker = request.node.get_closest_marker("django_db")
    wants_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not wants_db:
        return
    transactional = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_reference_data()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", full_name="Admin BPSDM", role=Role.ADMIN)


@pytest.fixture
def kepala_bpsdm(db):
    """The head of BPSDM: reads the whole province, writes nothing."""
    return UserFactory(username="kepala.bpsdm", full_name="Kepala BPSDM", role=Role.KEPALA_BPSDM)


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Pilot INTAN-WPL Uji")


@pytest.fixture
def opd_a(db):
    return OpdFactory(name="Dinas Perpustakaan Uji", abbreviation="DPU")


@pytest.fixture
def opd_b(db):
    return OpdFactory(name="Dinas Kelautan Uji", abbreviation="DKU")


@pytest.fixture
def programme_opd_a(programme, opd_a):
    return ProgrammeOpdFactory(programme=programme, opd=opd_a)


@pytest.fixture
def programme_opd_b(programme, opd_b):
    return ProgrammeOpdFactory(programme=programme, opd=opd_b)


@pytest.fixture
def widyaiswara_a(programme_opd_a):
    user = UserFactory(username="wi.a", full_name="Widyaiswara A", role=Role.WIDYAISWARA)
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=user, role=AssignmentRole.KETUA)
    return user


@pytest.fixture
def widyaiswara_b(programme_opd_b):
    user = UserFactory(username="wi.b", full_name="Widyaiswara B", role=Role.WIDYAISWARA)
    AssignmentFactory(programme_opd=programme_opd_b, widyaiswara=user, role=AssignmentRole.KETUA)
    return user


@pytest.fixture
def kepala_a(opd_a):
    user = UserFactory(username="kepala.a", full_name="Kepala A", role=Role.KEPALA_OPD)
    opd_a.head = user
    opd_a.save(update_fields=["head"])
    return user


@pytest.fixture
def kepala_b(opd_b):
    user = UserFactory(username="kepala.b", full_name="Kepala B", role=Role.KEPALA_OPD)
    opd_b.head = user
    opd_b.save(update_fields=["head"])
    return user


@pytest.fixture
def everyone(admin_user, widyaiswara_a, widyaiswara_b, kepala_a, kepala_b):
    return {
        "admin": admin_user,
        "widyaiswara_a": widyaiswara_a,
        "widyaiswara_b": widyaiswara_b,
        "kepala_a": kepala_a,
        "kepala_b": kepala_b,
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _instance_profile_as_installed():
    """A test that changes the instance profile (WIB province, letterhead) leaves the cached copy
    of its rolled-back row behind: forget it, so the next test reads the installed profile."""
    from intan_wpl.selectors import profile

    before = profile.forget_count
    yield
    if profile.forget_count != before:
        profile.forget_instance_profile()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    # No test writes decrees, rosters or photos into the developer's media/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"
