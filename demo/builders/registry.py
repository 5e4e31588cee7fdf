"""Demo data for the pilots app: the 2025 pilot as public reporting describes it.

Idempotent: every record is looked up by a natural key and updated, never duplicated.
"""

import io
import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from xhtml2pdf import pisa

from intan_wpl.models import Role, User
from pilots.domain import EmploymentType, infer_jabatan_kind, parse_nip
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

DEMO_PASSWORD = "IntanWPL-2025"  # noqa: S105 - documented demo password, seed refuses to run with DEBUG off

ADMIN = {"username": "admin.bpsdm", "full_name": "Hj. Nurhayati Rahman, S.Sos., M.Si."}
# The head of BPSDM: reads the whole province (dashboard, plans, reports), writes nothing.
KEPALA_BPSDM = {"username": "kepala.bpsdm", "full_name": "Dr. H. Andi Mappatoba, M.Si."}

WIDYAISWARA = [
    {
        "username": "wi.andi",
        "full_name": "Dr. Andi Muhammad Yusuf, M.Si.",
        "nip": "197204151998031004",
        "jenjang": WidyaiswaraJenjang.AHLI_UTAMA,
        "expertise": "Manajemen kinerja, kepemimpinan, analisis kebutuhan pelatihan",
    },
    {
        "username": "wi.sitti",
        "full_name": "Sitti Aisyah Mappaware, S.Psi., M.Pd.",
        "nip": "197909222005012007",
        "jenjang": WidyaiswaraJenjang.AHLI_MADYA,
        "expertise": "Coaching dan mentoring, pengembangan budaya belajar",
    },
    {
        "username": "wi.rahmat",
        "full_name": "Rahmat Hidayat Daeng Nai, S.T., M.M.",
        "nip": "198303102009041002",
        "jenjang": WidyaiswaraJenjang.AHLI_MUDA,
        "expertise": "Pelayanan publik, perizinan berbasis risiko, transformasi digital",
    },
    {
        "username": "wi.fatimah",
        "full_name": "Fatimah Azzahra Latief, S.Kep., M.Kes.",
        "nip": "198107182006042011",
        "jenjang": WidyaiswaraJenjang.AHLI_MADYA,
        "expertise": "Mutu layanan kesehatan, keselamatan pasien, komunikasi efektif",
    },
    {
        "username": "wi.syamsul",
        "full_name": "Syamsul Bahri Pawellangi, S.E., M.Ak.",
        "nip": "198512052010121003",
        "jenjang": WidyaiswaraJenjang.AHLI_PERTAMA,
        "expertise": "Perencanaan dan penganggaran, akuntabilitas kinerja",
    },
]

# Work units per pilot OPD: (name, works in shifts).
UNITS = {
    "DPK": [
        ("Sekretariat", False),
        ("Bidang Layanan Perpustakaan", False),
        ("Bidang Pengelolaan Arsip", False),
        ("Bidang Pembinaan Perpustakaan", False),
    ],
    "DKP": [
        ("Sekretariat", False),
        ("Bidang Perikanan Tangkap", False),
        ("Bidang Perikanan Budidaya", False),
        ("Bidang Pengawasan Sumber Daya Kelautan", False),
    ],
    "DPMPTSP": [
        ("Sekretariat", False),
        ("Bidang Pelayanan Perizinan", False),
        ("Bidang Pengendalian Pelaksanaan Penanaman Modal", False),
        ("Bidang Pengaduan dan Informasi", False),
    ],
    "Disbudpar": [
        ("Sekretariat", False),
        ("Bidang Kebudayaan", False),
        ("Bidang Destinasi Pariwisata", False),
        ("Bidang Pemasaran Pariwisata", False),
    ],
    "RSUD LB": [
        ("Bagian Tata Usaha", False),
        ("Instalasi Gawat Darurat", True),
        ("Ruang Rawat Inap Interna", True),
        ("Ruang Rawat Inap Bedah", True),
        ("Instalasi Farmasi", True),
    ],
}

# Jabatan per unit kind: (jabatan, golongan choices, PPPK share). The first unit is the secretariat.
JABATAN_SECRETARIAT = [
    ("Sekretaris", ["IV/a", "IV/b"]),
    ("Kepala Sub Bagian Umum dan Kepegawaian", ["III/c", "III/d"]),
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", ["III/a", "III/b"]),
    ("Perencana Ahli Muda", ["III/c", "III/d"]),
    ("Pengadministrasi Umum", ["II/b", "II/c", "II/d"]),
    ("Pengelola Keuangan", ["II/d", "III/a"]),
    ("Arsiparis Terampil", ["II/c", "II/d"]),
]
JABATAN_FIELD = {
    "DPK": [
        ("Kepala Bidang", ["IV/a"]),
        ("Pustakawan Ahli Muda", ["III/c", "III/d"]),
        ("Pustakawan Ahli Pertama", ["III/a", "III/b"]),
        ("Arsiparis Ahli Pertama", ["III/a", "III/b"]),
        ("Pustakawan Terampil", ["II/c", "II/d"]),
        ("Pengelola Layanan Perpustakaan", ["II/b", "II/c"]),
    ],
    "DKP": [
        ("Kepala Bidang", ["IV/a"]),
        ("Pengawas Perikanan Ahli Muda", ["III/c", "III/d"]),
        ("Analis Pasar Hasil Perikanan Ahli Pertama", ["III/a", "III/b"]),
        ("Penyuluh Perikanan Ahli Pertama", ["III/a", "III/b"]),
        ("Pengelola Data Perikanan", ["II/c", "II/d"]),
    ],
    "DPMPTSP": [
        ("Kepala Bidang", ["IV/a"]),
        ("Penata Perizinan Ahli Muda", ["III/c", "III/d"]),
        ("Penata Perizinan Ahli Pertama", ["III/a", "III/b"]),
        ("Analis Penanaman Modal", ["III/a", "III/b"]),
        ("Petugas Front Office Pelayanan", ["II/b", "II/c"]),
    ],
    "Disbudpar": [
        ("Kepala Bidang", ["IV/a"]),
        ("Pamong Budaya Ahli Muda", ["III/c", "III/d"]),
        ("Adyatama Kepariwisataan dan Ekonomi Kreatif Ahli Pertama", ["III/a", "III/b"]),
        ("Pengelola Promosi Pariwisata", ["II/c", "II/d"]),
    ],
    "RSUD LB": [
        ("Kepala Instalasi", ["III/d", "IV/a"]),
        ("Perawat Ahli Pertama", ["III/a", "III/b"]),
        ("Perawat Terampil", ["II/c", "II/d"]),
        ("Perawat Mahir", ["III/a", "III/b"]),
        ("Bidan Terampil", ["II/c", "II/d"]),
        ("Apoteker Ahli Pertama", ["III/a", "III/b"]),
        ("Asisten Apoteker Terampil", ["II/c", "II/d"]),
        ("Dokter Ahli Pertama", ["III/b", "III/c"]),
    ],
}
STAFF_PER_UNIT = {"RSUD LB": 14}
DEFAULT_STAFF_PER_UNIT = 8

FIRST_NAMES_M = [
    "Andi",
    "Muhammad",
    "Ahmad",
    "Syahrul",
    "Irwan",
    "Basri",
    "Hasanuddin",
    "Rusdi",
    "Agus",
    "Fadli",
    "Ridwan",
    "Zainal",
    "Akbar",
    "Arief",
    "Budi",
    "Amiruddin",
    "Ilham",
    "Yusran",
    "Asri",
    "Nasrullah",
]
FIRST_NAMES_F = [
    "Sitti",
    "Nurul",
    "Andi",
    "Rahmawati",
    "Hasnah",
    "Nurhayati",
    "Fitriani",
    "Irma",
    "Sri",
    "Hartina",
    "Kasmawati",
    "Nur Aisyah",
    "Marlina",
    "Rosmiati",
    "Hamsinah",
    "Asmawati",
    "Dian",
    "Ratna",
    "Wahyuni",
    "Lia",
]
LAST_NAMES = [
    "Mappanyukki",
    "Daeng Tata",
    "Rahim",
    "Latief",
    "Pananrangi",
    "Sultan",
    "Baso",
    "Tahir",
    "Saleh",
    "Nurdin",
    "Anwar",
    "Mallarangeng",
    "Karaeng Lompo",
    "Hamzah",
    "Syamsuddin",
    "Paturusi",
    "Amir",
    "Makkasau",
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


DECREE_HTML = """<html><body style="font-family: Helvetica; font-size: 11pt">
<p style="text-align: center"><b>GUBERNUR SULAWESI SELATAN</b></p>
<p style="text-align: center"><b>KEPUTUSAN GUBERNUR SULAWESI SELATAN<br/>NOMOR {number}</b></p>
<p style="text-align: center">TENTANG<br/>PENETAPAN PERANGKAT DAERAH LOKUS PILOT PROJECT INTERNALISASI
BUDAYA BELAJAR ASN MELALUI WORKPLACE LEARNING (INTAN-WPL) TAHUN 2025</p>
<p>MEMUTUSKAN: Menetapkan perangkat daerah berikut sebagai lokus pilot INTAN-WPL:</p>
<ol>{items}</ol>
<p>Ditetapkan di Makassar pada tanggal 23 Juni 2025.</p>
<p><i>Dokumen contoh untuk data demo portal INTAN-WPL; bukan dokumen resmi.</i></p>
</body></html>"""


def demo_decree_pdf():
    """A small, valid PDF standing in for the signed decree in the demo."""
    items = "".join(f"<li>{name}</li>" for name, *_rest in PILOT_OPDS)
    out = io.BytesIO()
    pisa.CreatePDF(DECREE_HTML.format(number=PROGRAMME["decree_number"], items=items), dest=out)
    return out.getvalue()


def demo_nip(rng, employment_type, gender_digit, serial):
    """A NIP that parse_nip accepts, deterministic for a given random generator."""
    year = rng.randint(1968, 1998)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    appointment_year = rng.randint(max(year + 20, 1990), 2024)
    middle = f"{rng.randint(1, 12):02d}" if employment_type == EmploymentType.PNS else "02"
    nip = f"{year}{month:02d}{day:02d}{appointment_year}{middle}{gender_digit}{serial:03d}"
    parse_nip(nip, employment_type)
    return nip


# The PPPK golongan of the same work as a PNS golongan (Perpres 98/2020 lists I-XVII).
PPPK_GOLONGAN_FOR = {
    "II/a": "V",
    "II/b": "V",
    "II/c": "VI",
    "II/d": "VII",
    "III/a": "IX",
    "III/b": "IX",
    "III/c": "X",
    "III/d": "XI",
    "IV/a": "XII",
    "IV/b": "XIII",
}
# Perjanjian kerja of five years; most demo contracts start 1 April (the 2024 appointment wave),
# others 1 January or 1 July.
CONTRACT_MONTHS = (4, 4, 1, 7)


def _contract(is_pppk, serial):
    if not is_pppk:
        return {"contract_start": None, "contract_end": None}
    start = date(2024, CONTRACT_MONTHS[serial % len(CONTRACT_MONTHS)], 1)
    return {"contract_start": start, "contract_end": date(start.year + 5, start.month, 1) - timedelta(days=1)}


def seed_roster(opd, abbreviation):
    """Tens of staff across the OPD's units; deterministic per OPD so re-running updates in place."""
    rng = random.Random(f"roster-{abbreviation}")  # noqa: S311 - demo data, not security
    units = []
    for name, shifts in UNITS[abbreviation]:
        unit, _ = UnitKerja.objects.update_or_create(opd=opd, name=name, defaults={"works_in_shifts": shifts})
        units.append(unit)
    serial = 1
    for index, unit in enumerate(units):
        jabatan_pool = JABATAN_SECRETARIAT if index == 0 else JABATAN_FIELD[abbreviation]
        for position in range(STAFF_PER_UNIT.get(abbreviation, DEFAULT_STAFF_PER_UNIT)):
            jabatan, golongan_pool = jabatan_pool[0] if position == 0 else rng.choice(jabatan_pool[1:])
            if index > 0 and position == 0 and jabatan == "Kepala Bidang":
                jabatan = unit.name.replace("Bidang", "Kepala Bidang", 1)
            is_pppk = position > 0 and rng.random() < 0.15
            employment_type = EmploymentType.PPPK if is_pppk else EmploymentType.PNS
            female = rng.random() < 0.5
            first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            nip = demo_nip(rng, employment_type, "2" if female else "1", serial)
            serial += 1
            pns_golongan = rng.choice(golongan_pool)
            Pegawai.objects.update_or_create(
                nip=nip,
                defaults={
                    "opd": opd,
                    "unit": unit,
                    "name": f"{first} {rng.choice(LAST_NAMES)}",
                    "employment_type": employment_type,
                    "jabatan": jabatan,
                    "jabatan_kind": infer_jabatan_kind(jabatan),
                    # A PPPK's golongan (I-XVII) follows the jabatan as a PNS's would.
                    "golongan": PPPK_GOLONGAN_FOR.get(pns_golongan, "IX") if is_pppk else pns_golongan,
                    "gender": "P" if female else "L",
                    **_contract(is_pppk, serial),
                },
            )


def seed():
    """Create or refresh the demo programme, OPDs and accounts. Returns the accounts made."""
    accounts = [_user(ADMIN["username"], ADMIN["full_name"], Role.ADMIN)]
    admin = accounts[0]
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    accounts.append(_user(KEPALA_BPSDM["username"], KEPALA_BPSDM["full_name"], Role.KEPALA_BPSDM))

    dinkes, _ = Opd.objects.update_or_create(
        name="Dinas Kesehatan", defaults={"abbreviation": "Dinkes", "kind": OpdKind.DINAS}
    )
    programme, _ = Programme.objects.update_or_create(name=PROGRAMME["name"], defaults=PROGRAMME)
    if not programme.decree_file:
        programme.decree_file.save("sk-pilot-intan-wpl-2025-demo.pdf", ContentFile(demo_decree_pdf()), save=True)
    programme_opds = {}
    for number, (name, abbreviation, kind, head_username, head_name, address) in enumerate(PILOT_OPDS, start=1):
        head = _user(head_username, head_name, Role.KEPALA_OPD)
        # A demo NIP for the signature block of the printed plan (birth 1970, CPNS 1995, male).
        head.nip = f"197001{number:02d}199503100{number}"
        head.save(update_fields=["nip"])
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
        seed_roster(opd, abbreviation)

    for number, spec in enumerate(WIDYAISWARA, start=1):
        widyaiswara = _user(spec["username"], spec["full_name"], Role.WIDYAISWARA)
        accounts.append(widyaiswara)
        WidyaiswaraProfile.objects.update_or_create(
            user=widyaiswara,
            defaults={
                "nip": spec["nip"],
                "jenjang": spec["jenjang"],
                "expertise": spec["expertise"],
                "phone": f"0812-4{number:03d}-7{number:03d}",
            },
        )
        for abbreviation, role in ASSIGNMENTS[spec["username"]]:
            Assignment.objects.update_or_create(
                programme_opd=programme_opds[abbreviation],
                widyaiswara=widyaiswara,
                defaults={
                    "role": role,
                    "letter_number": f"800.1.11.1/{2100 + number}/BPSDM",
                    "letter_date": date(2025, 6, 30),
                    "start_date": PROGRAMME["start_date"],
                    # Open-ended: the demo Widyaiswara keep their OPDs after the 2025 pilot's end date.
                    "end_date": None,
                },
            )
    return accounts, programme_opds
