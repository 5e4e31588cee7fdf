"""Demo data for the pilots app: the 2025 pilot as public reporting describes it.

Idempotent: every record is looked up by a natural key and updated, never duplicated.
"""

from datetime import date

from intan_wpl.models import Role, User
from pilots.models import Assignment, AssignmentRole, Opd, OpdKind, Programme, ProgrammeOpd, ProgrammeStatus

DEMO_PASSWORD = "IntanWPL-2025"  # noqa: S105 - documented demo password, seed refuses to run with DEBUG off

ADMIN = {"username": "admin.bpsdm", "full_name": "Hj. Nurhayati Rahman, S.Sos., M.Si."}

WIDYAISWARA = [
    {"username": "wi.andi", "full_name": "Dr. Andi Muhammad Yusuf, M.Si."},
    {"username": "wi.sitti", "full_name": "Sitti Aisyah Mappaware, S.Psi., M.Pd."},
    {"username": "wi.rahmat", "full_name": "Rahmat Hidayat Daeng Nai, S.T., M.M."},
    {"username": "wi.fatimah", "full_name": "Fatimah Azzahra Latief, S.Kep., M.Kes."},
    {"username": "wi.syamsul", "full_name": "Syamsul Bahri Pawellangi, S.E., M.Ak."},
]

# (name, abbreviation, kind, head username, head full name, address)
PILOT_OPDS = [
    (
        "Dinas Perpustakaan dan Kearsipan",
        "DPK",
        OpdKind.DINAS,
        "kepala.dpk",
        "Drs. Muhammad Hasan Sommeng, M.Si.",
        "Jl. Sultan Alauddin No. 105, Makassar",
    ),
    (
        "Dinas Kelautan dan Perikanan",
        "DKP",
        OpdKind.DINAS,
        "kepala.dkp",
        "Ir. Abdul Muin Tarawe, M.Si.",
        "Jl. Baji Minasa No. 3, Makassar",
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        OpdKind.DINAS,
        "kepala.dpmptsp",
        "Dr. Asriani Kamaruddin, S.H., M.H.",
        "Jl. Bougenville No. 5, Makassar",
    ),
    (
        "Dinas Kebudayaan dan Pariwisata",
        "Disbudpar",
        OpdKind.DINAS,
        "kepala.disbudpar",
        "Muhammad Arafah Dg. Tompo, S.Sos., M.AP.",
        "Jl. Jenderal Sudirman No. 23, Makassar",
    ),
    (
        "UPT RSUD Labuang Baji",
        "RSUD LB",
        OpdKind.UPT,
        "kepala.rsudlb",
        "dr. Nurul Hikmah Abdullah, Sp.PD., M.Kes.",
        "Jl. Dr. Ratulangi No. 81, Makassar",
    ),
]

# Widyaiswara username -> [(OPD abbreviation, role)]: every OPD has one ketua; wi.andi
# accompanies two OPDs.
ASSIGNMENTS = {
    "wi.andi": [("DPK", AssignmentRole.KETUA), ("DKP", AssignmentRole.ANGGOTA)],
    "wi.sitti": [("DKP", AssignmentRole.KETUA), ("DPK", AssignmentRole.ANGGOTA)],
    "wi.rahmat": [("DPMPTSP", AssignmentRole.KETUA)],
    "wi.fatimah": [("RSUD LB", AssignmentRole.KETUA)],
    "wi.syamsul": [("Disbudpar", AssignmentRole.KETUA), ("DPMPTSP", AssignmentRole.ANGGOTA)],
}

PROGRAMME = {
    "name": "Pilot INTAN-WPL 2025",
    "start_date": date(2025, 7, 1),
    "end_date": date(2025, 9, 30),
    "status": ProgrammeStatus.BERJALAN,
    "decree_number": "1245/VI/Tahun 2025",
    "decree_date": date(2025, 6, 23),
}


def _user(username, full_name, role):
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={"full_name": full_name, "role": role, "is_active": True, "email": f"{username}@example.go.id"},
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def seed():
    """Create or refresh the demo programme, OPDs and accounts. Returns the accounts made."""
    accounts = [_user(ADMIN["username"], ADMIN["full_name"], Role.ADMIN)]
    admin = accounts[0]
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])

    dinkes, _ = Opd.objects.update_or_create(
        name="Dinas Kesehatan", defaults={"abbreviation": "Dinkes", "kind": OpdKind.DINAS}
    )
    programme, _ = Programme.objects.update_or_create(name=PROGRAMME["name"], defaults=PROGRAMME)
    programme_opds = {}
    for name, abbreviation, kind, head_username, head_name, address in PILOT_OPDS:
        head = _user(head_username, head_name, Role.KEPALA_OPD)
        accounts.append(head)
        opd, _ = Opd.objects.update_or_create(
            name=name,
            defaults={
                "abbreviation": abbreviation,
                "kind": kind,
                "parent": dinkes if kind == OpdKind.UPT else None,
                "address": address,
                "head": head,
            },
        )
        programme_opds[abbreviation], _ = ProgrammeOpd.objects.get_or_create(programme=programme, opd=opd)

    for number, spec in enumerate(WIDYAISWARA, start=1):
        widyaiswara = _user(spec["username"], spec["full_name"], Role.WIDYAISWARA)
        accounts.append(widyaiswara)
        for abbreviation, role in ASSIGNMENTS[spec["username"]]:
            Assignment.objects.update_or_create(
                programme_opd=programme_opds[abbreviation],
                widyaiswara=widyaiswara,
                defaults={
                    "role": role,
                    "letter_number": f"800.1.11.1/{2100 + number}/BPSDM",
                    "letter_date": date(2025, 6, 30),
                    "start_date": PROGRAMME["start_date"],
                    "end_date": PROGRAMME["end_date"],
                },
            )
    return accounts
