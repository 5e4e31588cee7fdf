"""Demo data for the evidence a reviewer checks (issue 11): the unit-cost table and the SBM
session rate behind every cost page, JP earned outside the portal for some staff, and a PPPK
whose perjanjian kerja runs from 1 April with more JP in one contract year than the cap.

Runs after the realisation seed; safe to run again (nothing is recorded twice). The tariffs are
illustrative demo figures, labelled as such, not the official SBM."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from insights.models import SbmRate, UnitCost
from intan_wpl.models import Role, User
from learning_plans.models import DevelopmentForm, Jalur
from learning_records.models import ExternalJp
from learning_records.services.external_jp import external_jp_create
from learning_records.services.realisation import recompute_people
from pilots.domain import EmploymentType
from pilots.models import Pegawai

BASIS = "Contoh data demo (bukan angka SBM resmi)"
SESSION_RATE = Decimal(300_000)
# (per run, per participant, per participant per day, JP per day, Widyaiswara sessions per JP)
CLASSROOM = (Decimal(3_500_000), Decimal(750_000), Decimal(380_000), Decimal(8), Decimal(1))
CLASSROOM_CHEAPER = {"KL10": (Decimal(2_000_000), Decimal(500_000), Decimal(380_000), Decimal(8), Decimal(1))}
NONCLASSROOM = (Decimal(0), Decimal(60_000), Decimal(0), Decimal(4), Decimal("0.5"))
SELF_STUDY = {"NKL03", "NKL09"}  # e-learning, belajar mandiri: no Widyaiswara in the room
EXTERNAL = (
    ("E-learning Manajemen ASN di ASN Digital", "LAN RI (ASN Digital)", "NKL03", 10, 45),
    ("Pelatihan Teknis Penyusunan SOP Pelayanan", "BPSDM Provinsi", "KL03", 24, 120),
    ("Bimbingan Teknis SAKIP", "Kementerian PANRB", "KL10", 16, 200),
)


def _unit_costs(year):
    for form in DevelopmentForm.objects.all():
        if form.jalur == Jalur.KLASIKAL:
            values = CLASSROOM_CHEAPER.get(form.lan_code, CLASSROOM)
        else:
            values = NONCLASSROOM
            if form.lan_code in SELF_STUDY:
                values = (*values[:4], Decimal(0))
        per_activity, per_head, per_day, jp_per_day, sessions = values
        UnitCost.objects.get_or_create(
            form=form,
            year=year,
            defaults={
                "per_activity": per_activity,
                "per_head": per_head,
                "per_day": per_day,
                "jp_per_day": jp_per_day,
                "widyaiswara_sessions_per_jp": sessions,
                "basis": BASIS,
            },
        )
    SbmRate.objects.get_or_create(year=year, defaults={"widyaiswara_session_rate": SESSION_RATE, "basis": BASIS})


def _external_jp(programme_opd, admin, today):
    start = programme_opd.programme.start_date
    staff = list(
        Pegawai.objects.filter(opd=programme_opd.opd_id, is_active=True, employment_type=EmploymentType.PNS).order_by(
            "name", "nip"
        )[: len(EXTERNAL)]
    )
    for person, (title, provider, code, jp, offset) in zip(staff, EXTERNAL, strict=False):
        end = start + timedelta(days=offset)
        if end > today or ExternalJp.objects.filter(pegawai=person, title=title).exists():
            continue
        external_jp_create(
            pegawai=person,
            recorded_by=admin,
            title=title,
            provider=provider,
            form=DevelopmentForm.objects.get(lan_code=code),
            start_date=end - timedelta(days=2),
            end_date=end,
            jp=Decimal(jp),
            certificate_number=f"{code}/{end.year}/{person.pk:05d}",
        )


def _pppk_over_the_cap(programme_opd, admin, today):
    """The first PPPK with an April contract attends two courses in one contract year (June and
    the following February): 28 JP attended, 24 counted."""
    person = (
        Pegawai.objects.filter(opd=programme_opd.opd_id, employment_type=EmploymentType.PPPK, contract_start__month=4)
        .order_by("name", "nip")
        .first()
    )
    if person is None:
        return
    year = programme_opd.programme.start_date.year
    for title, code, jp, end in (
        ("Pelatihan Pelayanan Prima", "KL03", 16, person.contract_start.replace(year=year, month=6, day=20)),
        (
            "Bimbingan Teknis Tata Naskah Dinas Elektronik",
            "KL10",
            12,
            person.contract_start.replace(year=year + 1, month=2, day=12),
        ),
    ):
        if end > today or ExternalJp.objects.filter(pegawai=person, title=title).exists():
            continue
        external_jp_create(
            pegawai=person,
            recorded_by=admin,
            title=title,
            provider="BPSDM Provinsi",
            form=DevelopmentForm.objects.get(lan_code=code),
            start_date=end - timedelta(days=2),
            end_date=end,
            jp=Decimal(jp),
            certificate_number=f"BPSDM/{end.year}/{person.pk:05d}/{code}",
        )


def seed(programme_opds):
    programme_opds = list(programme_opds.values()) if isinstance(programme_opds, dict) else list(programme_opds)
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if admin is None or not programme_opds:
        return
    today = timezone.localdate()
    for year in {po.programme.start_date.year for po in programme_opds}:
        _unit_costs(year)
    # Contract dates may have changed since the credits were written (a re-run): place them again.
    recompute_people(
        pegawai_ids=set(Pegawai.objects.filter(employment_type=EmploymentType.PPPK).values_list("pk", flat=True))
    )
    for programme_opd in programme_opds:
        _external_jp(programme_opd, admin, today)
        _pppk_over_the_cap(programme_opd, admin, today)
