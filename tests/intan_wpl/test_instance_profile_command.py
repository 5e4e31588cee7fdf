"""Setting the instance profile at install from a JSON file (manage.py instance_profile)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from intan_wpl.models import InstanceProfile
from tests.intan_wpl.test_instance_profile import WIB_PROFILE

pytestmark = pytest.mark.django_db


def test_a_province_loads_its_profile_from_json_and_reads_it_back(tmp_path):
    path = tmp_path / "profil.json"
    path.write_text(json.dumps(WIB_PROFILE), encoding="utf-8")
    call_command("instance_profile", str(path), stdout=StringIO())
    profile = InstanceProfile.objects.get()
    assert profile.province_name == "Jawa Barat" and profile.time_zone == "Asia/Jakarta"
    out = StringIO()
    call_command("instance_profile", "--show", stdout=out)
    assert json.loads(out.getvalue())["city"] == "Bandung"


def test_unknown_fields_and_bad_values_are_refused(tmp_path):
    path = tmp_path / "profil.json"
    path.write_text(json.dumps({"provinsi": "X"}), encoding="utf-8")
    with pytest.raises(CommandError, match="Field tidak dikenal: provinsi"):
        call_command("instance_profile", str(path))
    path.write_text(json.dumps({"time_zone": "Europe/Paris"}), encoding="utf-8")
    with pytest.raises(CommandError, match="time_zone"):
        call_command("instance_profile", str(path))
