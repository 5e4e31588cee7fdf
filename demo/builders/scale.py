"""National-scale data for measuring (issue 12): `manage.py seed_scale`.

Everything is written with bulk inserts (`bulk_create` in batches), OPD by OPD in chunks so
memory stays bounded whatever `--opds` is. Proportions per OPD follow the national trial of
issue 12 (2,006 OPDs, 200,198 staff, 100,018 sessions with 500k participants, 40,007 needs,
2,000 plans with 20,000 activities, 50,016 JP credits): see `Sizes`.

The data is deterministic for a given `--seed` and `--opds`: one `random.Random(seed)` drives
every choice, and rows are produced in a fixed order.

Bulk inserts bypass `save()`: no historical rows are written for this data (it was never
edited by anybody), exactly as for rows a data migration inserts.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from demo.builders import scale_journey
from intan_wpl.models import Role, User
from pilots.domain import EmploymentType, JabatanKind
from pilots.models import (
    Assignment,
    AssignmentRole,
    Opd,
    OpdKind,
    Pegawai,
    Programme,
    ProgrammeOpd,
    ProgrammeStatus,
    UnitKerja,
    WidyaiswaraJenjang,
    WidyaiswaraProfile,
)

PROGRAMME_NAME = "Uji Skala Nasional INTAN-WPL (seed_scale)"
OPD_PREFIX = "Skala"
ADMIN_USERNAME = "admin.skala"
BATCH = 2000
CHUNK_OPDS = 50

OPD_KINDS = [OpdKind.DINAS, OpdKind.BADAN, OpdKind.DINAS, OpdKind.SEKRETARIAT_DAERAH, OpdKind.INSPEKTORAT]
KIND_WORD = {
    OpdKind.DINAS: "Dinas",
    OpdKind.BADAN: "Badan",
    OpdKind.SEKRETARIAT_DAERAH: "Biro",
    OpdKind.INSPEKTORAT: "Inspektorat",
}
UNIT_NAMES = ["Sekretariat", "Bidang Program", "Bidang Layanan", "Bidang Pembinaan"]
FIRST_NAMES = ["Andi", "Sitti", "Muhammad", "Nur", "Ahmad", "Hasnah", "Rahmat", "Fitri", "Irwan", "Wahyuni"]
LAST_NAMES = ["Rahman", "Latief", "Mappaware", "Pawellangi", "Yusuf", "Hamid", "Tahir", "Daeng Nai", "Arifin", "Saleh"]
JABATAN = [
    ("Kepala Bidang", JabatanKind.ADMINISTRATOR, "IV/a"),
    ("Kepala Subbagian", JabatanKind.PENGAWAS, "III/d"),
    ("Analis Kebijakan Ahli Muda", JabatanKind.AHLI_MUDA, "III/c"),
    ("Pranata Komputer Ahli Pertama", JabatanKind.AHLI_PERTAMA, "III/a"),
    ("Pengadministrasi Umum", JabatanKind.PELAKSANA, "II/c"),
    ("Pengolah Data", JabatanKind.PELAKSANA, "II/b"),
]
PPPK_GOLONGAN = ["IX", "VII", "V"]
PPPK_JABATAN = ("Pranata Komputer Ahli Pertama", JabatanKind.AHLI_PERTAMA)


@dataclass(frozen=True)
class Sizes:
    """Rows per OPD (and Widyaiswara per OPD), as in the national trial."""

    staff: int = 100
    pppk_every: int = 10  # one in ten staff is a PPPK
    sessions: int = 50
    participants_per_session: int = 5
    problems: int = 5
    needs: int = 20
    activities: int = 10
    participants_per_activity: int = 5
    realised_activities: int = 6
    external_jp: int = 2
    opds_per_widyaiswara: int = 5


@dataclass
class Context:
    """What later steps need: the RNG, the shared password hash, the accounts and the programme."""

    rng: random.Random
    sizes: Sizes
    password_hash: str
    programme: Programme | None = None
    admin: User | None = None
    widyaiswara: list = field(default_factory=list)
    number_of: dict = field(default_factory=dict)  # programme OPD pk -> its OPD's number (0-based)
    counts: dict = field(default_factory=dict)

    def add(self, name, number):
        self.counts[name] = self.counts.get(name, 0) + number

    def bulk(self, model, rows, name=None):
        """Insert `rows` in batches; returns them with their primary keys set."""
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.add(str(name or model._meta.verbose_name_plural), len(created))
        return created


def foreign_data_present():
    """True when the database holds programmes or staff that seed_scale did not make."""
    return (
        Programme.objects.exclude(name=PROGRAMME_NAME).exists()
        or Pegawai.objects.exclude(opd__name__startswith=f"{OPD_PREFIX} ").exists()
        or Opd.objects.exclude(name__startswith=f"{OPD_PREFIX} ").exists()
    )


def already_built():
    return Programme.objects.filter(name=PROGRAMME_NAME).exists()


def build(*, opds, seed, password, progress=None, sizes=None):
    """Build the whole data set; returns the row counts by table. Caller checks the refusals."""
    ctx = Context(
        rng=random.Random(seed),  # noqa: S311 - test data, not secrets
        sizes=sizes or Sizes(),
        password_hash=make_password(password),
    )
    scale_journey.load_reference(ctx)
    with transaction.atomic():
        _programme_and_accounts(ctx, opds)
    for first in range(0, opds, CHUNK_OPDS):
        with transaction.atomic():
            numbers = range(first, min(first + CHUNK_OPDS, opds))
            programme_opds, staff_by_opd, heads = _registry_chunk(ctx, numbers)
            scale_journey.journey_chunk(ctx, programme_opds, staff_by_opd, heads)
        if progress:
            progress(min(first + CHUNK_OPDS, opds), opds)
    return ctx.counts


def _user(ctx, username, full_name, role, **extra):
    return User(
        username=username,
        full_name=full_name,
        role=role,
        email=f"{username}@example.go.id",
        password=ctx.password_hash,
        is_active=True,
        **extra,
    )


def _programme_and_accounts(ctx, opds):
    ctx.programme = Programme.objects.create(
        name=PROGRAMME_NAME,
        start_date=date(2026, 1, 5),
        end_date=date(2027, 6, 30),
        status=ProgrammeStatus.BERJALAN,
        decree_number="800/SKALA/2026",
        decree_date=date(2025, 12, 20),
    )
    ctx.add("program", 1)
    ctx.admin = ctx.bulk(
        User,
        [_user(ctx, ADMIN_USERNAME, "Admin Uji Skala", Role.ADMIN, is_staff=True, is_superuser=True)],
        "akun",
    )[0]
    count = max(2, -(-opds // ctx.sizes.opds_per_widyaiswara))
    jenjang = list(WidyaiswaraJenjang)
    users = [
        _user(ctx, f"wi.skala{number:05d}", f"{_person_name(ctx.rng)} (Widyaiswara {number})", Role.WIDYAISWARA)
        for number in range(1, count + 1)
    ]
    ctx.widyaiswara = ctx.bulk(User, users, "akun")
    profiles = [
        WidyaiswaraProfile(
            user=user,
            nip=nip_for(1_000_000_000 + number, pns=True),
            jenjang=jenjang[number % len(jenjang)],
            expertise="Manajemen kinerja, analisis kebutuhan pembelajaran",
        )
        for number, user in enumerate(ctx.widyaiswara)
    ]
    ctx.bulk(WidyaiswaraProfile, profiles)


def _person_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def nip_for(number, *, pns):
    """A valid, unique 18-digit NIP for the `number`-th person: birth date and sequence encode it."""
    sequence = number % 999 + 1
    rest = number // 999
    birth = date(1960, 1, 1) + timedelta(days=rest % 12000)
    appointment_year = 1995 + (rest // 12000) % 25
    month = number % 12 + 1 if pns else 21
    gender = 1 + number % 2
    return f"{birth:%Y%m%d}{appointment_year}{month:02d}{gender}{sequence:03d}"


def _registry_chunk(ctx, numbers):
    """OPDs `numbers` with their Kepala OPD, programme membership, assignments, units and staff."""
    heads = ctx.bulk(
        User,
        [
            _user(ctx, f"kepala.skala{n + 1:05d}", f"{_person_name(ctx.rng)} (Kepala OPD {n + 1})", Role.KEPALA_OPD)
            for n in numbers
        ],
        "akun",
    )
    opds = []
    for number, head in zip(numbers, heads, strict=True):
        kind = OPD_KINDS[number % len(OPD_KINDS)]
        opds.append(
            Opd(
                name=f"{OPD_PREFIX} {KIND_WORD[kind]} {number + 1:05d}",
                abbreviation=f"SK{number + 1}",
                kind=kind,
                head=head,
            )
        )
    opds = ctx.bulk(Opd, opds)
    programme_opds = ctx.bulk(ProgrammeOpd, [ProgrammeOpd(programme=ctx.programme, opd=opd) for opd in opds])
    ctx.number_of.update((po.pk, number) for number, po in zip(numbers, programme_opds, strict=True))
    _assignments(ctx, numbers, programme_opds)
    units = ctx.bulk(UnitKerja, [UnitKerja(opd=opd, name=name) for opd in opds for name in UNIT_NAMES])
    staff_by_opd = _staff(ctx, numbers, opds, units)
    return programme_opds, staff_by_opd, dict(zip((po.pk for po in programme_opds), heads, strict=True))


def _assignments(ctx, numbers, programme_opds):
    rows = []
    count = len(ctx.widyaiswara)
    for number, programme_opd in zip(numbers, programme_opds, strict=True):
        lead = ctx.widyaiswara[number // ctx.sizes.opds_per_widyaiswara % count]
        member = ctx.widyaiswara[(number // ctx.sizes.opds_per_widyaiswara + 1) % count]
        common = {
            "programme_opd": programme_opd,
            "start_date": ctx.programme.start_date,
            "letter_date": date(2026, 1, 2),
        }
        rows.append(
            Assignment(widyaiswara=lead, role=AssignmentRole.KETUA, letter_number=f"ST-{number + 1}/1", **common)
        )
        rows.append(
            Assignment(widyaiswara=member, role=AssignmentRole.ANGGOTA, letter_number=f"ST-{number + 1}/2", **common)
        )
    ctx.bulk(Assignment, rows)


def _staff(ctx, numbers, opds, units):
    sizes, rng = ctx.sizes, ctx.rng
    rows = []
    for index, (number, opd) in enumerate(zip(numbers, opds, strict=True)):
        opd_units = units[index * len(UNIT_NAMES) : (index + 1) * len(UNIT_NAMES)]
        for seat in range(sizes.staff):
            person = number * sizes.staff + seat
            pppk = seat % sizes.pppk_every == sizes.pppk_every - 1
            jabatan, kind, golongan = JABATAN[rng.randrange(len(JABATAN))]
            row = Pegawai(
                opd=opd,
                unit=opd_units[seat % len(opd_units)],
                nip=nip_for(person, pns=not pppk),
                name=_person_name(rng),
                jabatan=jabatan,
                jabatan_kind=kind,
                golongan=golongan,
                gender="L" if person % 2 == 0 else "P",
                employment_type=EmploymentType.PNS,
            )
            if pppk:
                start = date(2024, 1 + person % 12, 1)
                row.employment_type = EmploymentType.PPPK
                row.golongan = PPPK_GOLONGAN[person % len(PPPK_GOLONGAN)]
                row.jabatan, row.jabatan_kind = PPPK_JABATAN
                row.contract_start, row.contract_end = start, start.replace(year=start.year + 5) - timedelta(days=1)
            rows.append(row)
    created = ctx.bulk(Pegawai, rows)
    return {opd.pk: created[i * sizes.staff : (i + 1) * sizes.staff] for i, opd in enumerate(opds)}
