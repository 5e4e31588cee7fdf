"""Joint programmes (issue 6): the admin turns a candidate group into one programme run by
BPSDM and sees the participants and the cost it saves."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from insights.models import JointProgramme
from insights.selectors.joint_programmes import joint_programme_saving
from insights.services.duplicate_scans import duplicate_scan_run
from insights.services.duplicates import duplicate_groups_find
from insights.services.joint_programmes import joint_programme_create
from tests.insights import dashboard_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The finder's pages read the groups through the cache; every test starts without it.
    cache.clear()
    yield
    cache.clear()


CREATE = reverse("insights:joint_programme_create")


@pytest.fixture
def data(programme, programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    built = dashboard_dataset.build_with_duplicates(
        programme=programme,
        po_a=programme_opd_a,
        po_b=programme_opd_b,
        recorder=widyaiswara_a,
        recorder_b=widyaiswara_b,
    )
    duplicate_scan_run()  # the job the admin starts on the finder's page
    return built


def communication_key(data):
    return f"a{min(data.activities['x2'].pk, data.activities['y1'].pk)}"


def post_data(data, **overrides):
    values = {
        "name": "Pelatihan Komunikasi Publik Bersama",
        "description": "Satu kelas untuk DPU dan DKU.",
        "activities": [data.activities["x2"].pk, data.activities["y1"].pk],
        "joint_run_cost": "",
    }
    values.update(overrides)
    return values


# --- The saving rule ------------------------------------------------------------------------


def test_saving_is_the_sum_minus_the_dearest_run():
    saving = joint_programme_saving([Decimal(5_000_000), Decimal(6_000_000), Decimal(0)])
    assert saving["separate_cost"] == Decimal(11_000_000)
    assert saving["joint_cost"] == Decimal(6_000_000)
    assert saving["saving"] == Decimal(5_000_000)
    assert saving["saving_display"] == "Rp5.000.000"
    assert not saving["joint_cost_is_estimate"]


def test_saving_with_the_admins_estimate():
    saving = joint_programme_saving([Decimal(5_000_000), Decimal(6_000_000)], Decimal(7_500_000))
    assert saving["saving"] == Decimal(3_500_000) and saving["joint_cost_is_estimate"]
    assert joint_programme_saving([])["saving"] == 0


# --- The pages ------------------------------------------------------------------------------


def test_create_page_shows_the_group_with_its_activities_ticked(client_for, admin_user, data):
    response = client_for(admin_user).get(CREATE, {"grup": communication_key(data)})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["activities"].queryset) == {data.activities["x2"], data.activities["y1"]}
    assert set(form.initial["activities"]) == {data.activities["x2"].pk, data.activities["y1"].pk}
    html = response.content.decode()
    assert "Rp11.000.000" in html and "Rp5.000.000" in html
    assert "Penghematan = biaya kegiatan yang digabung bila diselenggarakan sendiri-sendiri" in html


def test_admin_makes_the_group_a_joint_programme(client_for, admin_user, data):
    client = client_for(admin_user)
    response = client.post(f"{CREATE}?grup={communication_key(data)}", post_data(data))
    joint = JointProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:joint_programme_detail", args=[joint.pk])
    assert set(joint.activities.all()) == {data.activities["x2"], data.activities["y1"]}
    assert joint.competency.code == "M.03"
    assert joint.created_by == admin_user and joint.joint_run_cost is None
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert detail.context["summary"]["people"] == 5
    assert detail.context["summary"]["opd_count"] == 2
    assert detail.context["summary"]["saving"]["saving"] == Decimal(5_000_000)
    assert (
        "Rp11.000.000 − Rp6.000.000 (satu penyelenggaraan bersama; dasar: perkiraan biaya kegiatan "
        "(belum semua bentuk bertarif)) = Rp5.000.000." in html
    )
    assert "Pelatihan komunikasi publik dalam pelayanan" in html
    # The group is resolved: its activities and the needs they answer leave the candidates.
    found = set().union(*({a["pk"] for a in g.activities} for g in duplicate_groups_find()))
    assert data.activities["x2"].pk not in found and data.activities["y1"].pk not in found
    assert len(duplicate_groups_find()) == 2


def test_admins_estimate_of_one_joint_run_changes_the_saving(client_for, admin_user, data):
    client = client_for(admin_user)
    client.post(f"{CREATE}?grup={communication_key(data)}", post_data(data, joint_run_cost="7000000"))
    joint = JointProgramme.objects.get()
    assert joint.joint_run_cost == Decimal(7_000_000)
    detail = client.get(reverse("insights:joint_programme_detail", args=[joint.pk]))
    assert detail.context["summary"]["saving"]["saving_display"] == "Rp4.000.000"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Nama program bersama wajib diisi."),
        ({"name": "x" * 500}, "name", None),
        ({"activities": []}, "activities", "Pilih kegiatan yang akan digabung."),
        ({"joint_run_cost": "-5"}, "joint_run_cost", None),
        ({"joint_run_cost": "banyak"}, "joint_run_cost", None),
    ],
)
def test_bad_input_is_explained_next_to_the_field(client_for, admin_user, data, overrides, field, message):
    response = client_for(admin_user).post(f"{CREATE}?grup={communication_key(data)}", post_data(data, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert message in errors
    assert not JointProgramme.objects.exists()
    # What was typed is kept.
    if field != "name":
        assert response.context["form"]["name"].value() == "Pelatihan Komunikasi Publik Bersama"


def test_one_activity_alone_is_not_a_joint_programme(client_for, admin_user, data):
    response = client_for(admin_user).post(
        f"{CREATE}?grup={communication_key(data)}", post_data(data, activities=[data.activities["x2"].pk])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["activities"]
    assert "Pilih sedikitnya dua kegiatan." in errors
    assert "Program bersama menggabungkan kegiatan dari sedikitnya dua OPD." in errors
    assert not JointProgramme.objects.exists()


def test_an_activity_outside_the_group_is_refused(client_for, admin_user, data):
    outsider = data.activities["z_mentoring"].pk
    response = client_for(admin_user).post(
        f"{CREATE}?grup={communication_key(data)}",
        post_data(data, activities=[data.activities["x2"].pk, outsider]),
    )
    assert "Kegiatan yang dipilih tidak termasuk kelompok ini." in response.context["form"].errors["activities"]
    assert not JointProgramme.objects.exists()
    response = client_for(admin_user).post(
        f"{CREATE}?grup={communication_key(data)}", post_data(data, activities=["bukan-angka"])
    )
    assert response.status_code == 200
    assert not JointProgramme.objects.exists()


@pytest.mark.parametrize("key", ["", "a999999", "n1", "x" * 500])
def test_an_unknown_or_needs_only_group_goes_back_to_the_list_with_a_message(client_for, admin_user, data, key):
    response = client_for(admin_user).get(CREATE, {"grup": key}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("insights:duplicate_groups")
    assert "tidak lagi dapat dijadikan program bersama" in response.content.decode()


def test_a_group_already_joined_cannot_be_joined_twice(client_for, admin_user, data):
    client = client_for(admin_user)
    url = f"{CREATE}?grup={communication_key(data)}"
    client.post(url, post_data(data))
    response = client.post(url, post_data(data, name="Kedua kali"), follow=True)
    assert JointProgramme.objects.count() == 1
    assert "tidak lagi dapat dijadikan program bersama" in response.content.decode()


def test_service_refuses_activities_of_one_opd_and_realised_ones(data, admin_user):
    with pytest.raises(ValidationError) as error:
        joint_programme_create(
            name="Satu OPD",
            description="",
            activities=[data.activities["x2"], data.activities["x4"]],
            created_by=admin_user,
        )
    assert "sedikitnya dua OPD" in str(error.value)
    with pytest.raises(ValidationError) as error:
        joint_programme_create(
            name="Sudah terealisasi",
            description="",
            activities=[data.activities["x3"], data.activities["z_project"]],
            created_by=admin_user,
        )
    assert "sudah terealisasi" in str(error.value)
    assert not JointProgramme.objects.exists()


# --- Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_forms_and_reads_joint_programmes(client_for, everyone, data, admin_user, user):
    joint = joint_programme_create(
        name="Bersama",
        description="",
        activities=[data.activities["x2"], data.activities["y1"]],
        created_by=admin_user,
    )
    client = client_for(everyone[user])
    assert client.get(CREATE, {"grup": communication_key(data)}).status_code == 403
    assert client.post(CREATE, post_data(data)).status_code == 403
    assert client.get(reverse("insights:joint_programme_detail", args=[joint.pk])).status_code == 403


def test_a_missing_joint_programme_is_404(client_for, admin_user):
    response = client_for(admin_user).get(reverse("insights:joint_programme_detail", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 60])
def test_detail_query_count_does_not_grow(client_for, admin_user, data, size, django_assert_max_num_queries):
    from learning_plans.models import LearningPlan, PlanStatus
    from tests.factories import OpdFactory, PegawaiFactory, ProgrammeOpdFactory
    from tests.insights.dashboard_dataset import activity

    chosen = []
    for i in range(size):
        po = ProgrammeOpdFactory(programme=data.programme, opd=OpdFactory())
        person = PegawaiFactory(opd=po.opd, nip=f"19880101201504{i:04d}")
        plan = LearningPlan.objects.create(
            programme_opd=po, title="Rencana", status=PlanStatus.DISETUJUI, created_by=admin_user
        )
        chosen.append(activity(plan, "KL02", f"Pelatihan bersama {i}", 8, participants=[person], cost=1_000_000))
    joint = joint_programme_create(name="Besar", description="", activities=chosen, created_by=admin_user)
    client = client_for(admin_user)
    client.get(reverse("insights:home"))
    with django_assert_max_num_queries(12):  # + the tariffs of the programme's year (2)
        response = client.get(reverse("insights:joint_programme_detail", args=[joint.pk]))
    assert response.context["summary"]["people"] == size
    assert response.context["summary"]["saving"]["saving"] == Decimal(1_000_000 * (size - 1))


def test_forming_a_joint_programme_scans_the_groups_again(client_for, admin_user, data):
    client = client_for(admin_user)
    assert client.get(reverse("insights:duplicate_groups")).context["group_count"] == 3
    client.post(f"{CREATE}?grup={communication_key(data)}", post_data(data))
    assert JointProgramme.objects.exists()
    assert client.get(reverse("insights:duplicate_groups")).context["group_count"] == 2


def test_with_tariffs_the_saving_comes_from_the_unit_cost_model_and_is_not_zero(client_for, admin_user, data):
    """Two KL02 runs of their own against one run with everyone: the fixed cost and the Widyaiswara
    sessions of one run are saved, even when the activities carry no cost estimate."""
    from insights.models import SbmRate, UnitCost
    from insights.selectors.joint_programmes import priced_saving
    from learning_plans.models import DevelopmentForm

    form = DevelopmentForm.objects.get(lan_code="KL02")
    UnitCost.objects.create(
        form=form, year=2025, per_activity=2_000_000, per_head=100_000, widyaiswara_sessions_per_jp=1
    )
    SbmRate.objects.create(year=2025, widyaiswara_session_rate=300_000)
    run = {"form_id": form.pk, "jp": Decimal(8), "participants": 3, "estimated_cost": 0, "year": 2025}
    saving = priced_saving([run, {**run, "participants": 2}], people=5)
    # Alone: 2.000.000 + 100.000 x 3 + 300.000 x 8 = 4.700.000 and 4.600.000; together: 2.000.000
    # + 100.000 x 5 + 300.000 x 8 = 4.900.000.
    assert (saving["separate_cost"], saving["joint_cost"], saving["saving"]) == (9_300_000, 4_900_000, 4_400_000)
    assert str(saving["basis"]) == "tarif satuan"
