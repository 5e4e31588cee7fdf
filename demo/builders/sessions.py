"""Demo field sessions at the five 2025 pilot OPDs (called from seed_demo).

Field work at different stages: the libraries and the investment office well into it,
the culture and tourism office just starting, the hospital with a shift series whose
attendance still has people to reach. Idempotent: sessions are found by (programme OPD,
date, start, topic), series by (programme OPD, topic), participants and follow-ups by their
session and person or text; nothing existing is rewritten (so no noise in the history).
Works without a roster too: sessions are then made without participants.
"""

from datetime import date, time

from learning_needs.models import FieldSession, FollowUp, SessionKind, SessionParticipant, SessionSeries
from pilots.models import Assignment, AssignmentRole, Pegawai, UnitKerja

K = SessionKind

# Per OPD abbreviation: sessions as dicts. `unit` names a unit of that OPD's roster (may be
# missing); `team` True records every assigned Widyaiswara as present, else the ketua only.
SESSIONS = {
    "DPK": [
        {
            "date": date(2025, 7, 8),
            "start": time(9, 0),
            "end": time(11, 30),
            "kind": K.OBSERVASI,
            "topic": "Observasi layanan sirkulasi dan keanggotaan",
            "place": "Ruang layanan sirkulasi, Gedung Layanan Perpustakaan",
            "unit": "Bidang Layanan Perpustakaan",
            "notes": "Diamati dua jam layanan pagi. Antrean terpanjang 14 orang pukul 10.15. "
            "Petugas mengisi buku induk anggota secara manual lalu mengetik ulang ke aplikasi.",
            "findings": "Pendaftaran anggota masih memakai formulir kertas walau aplikasi INLIS tersedia; "
            "rata-rata 12 menit per pendaftar. Dua dari lima petugas belum pernah dilatih memakai INLIS.",
            "follow_ups": [
                (
                    "Kumpulkan data waktu layanan sirkulasi selama dua minggu",
                    "Kepala Seksi Layanan",
                    date(2025, 7, 22),
                    True,
                ),
                ("Daftar petugas yang belum dilatih INLIS", "Kasubag Umum dan Kepegawaian", date(2025, 7, 18), True),
            ],
        },
        {
            "date": date(2025, 7, 15),
            "start": time(10, 0),
            "end": time(12, 0),
            "kind": K.WAWANCARA,
            "topic": "Wawancara alih media arsip statis",
            "place": "Ruang Kepala Bidang Pengelolaan Arsip",
            "unit": "Bidang Pengelolaan Arsip",
            "notes": "Wawancara dengan Kepala Bidang dan dua arsiparis.",
            "findings": "Target alih media 2.000 berkas per triwulan baru tercapai 35%. Dari dua pemindai, "
            "satu rusak sejak Mei. Arsiparis belum memahami standar metadata dan penamaan berkas digital.",
            "follow_ups": [
                (
                    "Ajukan perbaikan pemindai ke Sekretariat",
                    "Kepala Bidang Pengelolaan Arsip",
                    date(2025, 7, 31),
                    False,
                ),
            ],
        },
        {
            "date": date(2025, 7, 24),
            "start": time(13, 30),
            "end": time(15, 30),
            "kind": K.FGD,
            "topic": "FGD pemetaan masalah layanan perpustakaan",
            "place": "Aula lantai 2",
            "unit": None,
            "team": True,
            "notes": "Dihadiri sekretariat dan ketiga bidang. Metode pohon masalah dengan kartu.",
            "findings": "Masalah utama yang disepakati: waktu layanan keanggotaan lama dan capaian alih media "
            "arsip rendah. Penyebab yang muncul: kompetensi aplikasi, SOP belum diperbarui, sarana pemindai.",
            "follow_ups": [
                (
                    "Susun draf pohon masalah untuk dibahas dengan Kepala Dinas",
                    "Widyaiswara pendamping",
                    date(2025, 8, 1),
                    True,
                ),
            ],
        },
        {
            "date": date(2025, 8, 5),
            "start": time(9, 0),
            "end": time(10, 30),
            "kind": K.COACHING,
            "topic": "Coaching penyusunan SOP layanan keanggotaan digital",
            "place": "Ruang rapat Bidang Layanan",
            "unit": "Bidang Layanan Perpustakaan",
            "notes": "Coaching GROW dengan Kepala Seksi Layanan dan dua pustakawan.",
            "findings": "Tim mampu memetakan alur layanan saat ini; belum ada ukuran waktu layanan dalam SOP.",
            "follow_ups": [
                ("Uji coba SOP baru selama satu minggu", "Kepala Seksi Layanan", date(2025, 8, 15), False),
            ],
        },
    ],
    "DKP": [
        {
            "date": date(2025, 7, 10),
            "start": time(9, 0),
            "end": time(11, 0),
            "kind": K.RAPAT_KOORDINASI,
            "topic": "Rapat koordinasi awal pendampingan",
            "place": "Ruang rapat Sekretariat",
            "unit": "Sekretariat",
            "team": True,
            "notes": "Penjelasan program INTAN-WPL, jadwal kunjungan, dan penunjukan narahubung.",
            "findings": "Dinas meminta fokus pada pengelolaan data produksi perikanan yang sering terlambat.",
            "follow_ups": [
                ("Tetapkan narahubung tiap bidang", "Sekretaris Dinas", date(2025, 7, 14), True),
            ],
        },
        {
            "date": date(2025, 7, 17),
            "start": time(8, 30),
            "end": time(11, 30),
            "kind": K.OBSERVASI,
            "topic": "Observasi pengolahan data produksi perikanan tangkap",
            "place": "Ruang data Bidang Perikanan Tangkap",
            "unit": "Bidang Perikanan Tangkap",
            "notes": "Diikuti proses rekap data dari laporan kabupaten/kota.",
            "findings": "Rekap produksi dari 24 kabupaten/kota diterima dalam format berbeda; validasi manual "
            "di lembar kerja; rekap bulanan terlambat rata-rata tiga minggu.",
            "follow_ups": [
                (
                    "Kumpulkan contoh format laporan dari lima kabupaten",
                    "Pengelola Data Perikanan",
                    date(2025, 7, 25),
                    True,
                ),
                ("Rancang templat laporan seragam", "Kepala Bidang Perikanan Tangkap", date(2025, 8, 20), False),
            ],
        },
        {
            "date": date(2025, 7, 29),
            "start": time(9, 0),
            "end": time(11, 0),
            "kind": K.WAWANCARA,
            "topic": "Wawancara pelaporan hasil pengawasan sumber daya kelautan",
            "place": "Kantor Bidang Pengawasan",
            "unit": "Bidang Pengawasan Sumber Daya Kelautan",
            "notes": "Wawancara dengan dua pengawas perikanan.",
            "findings": "Laporan hasil patroli ditulis bebas tanpa indikator; pengawas belum terbiasa menulis "
            "laporan berbasis data.",
            "follow_ups": [],
        },
    ],
    "DPMPTSP": [
        {
            "date": date(2025, 7, 9),
            "start": time(8, 0),
            "end": time(10, 0),
            "kind": K.OBSERVASI,
            "topic": "Observasi layanan front office perizinan",
            "place": "Mal Pelayanan Publik, loket perizinan",
            "unit": "Bidang Pelayanan Perizinan",
            "notes": "Antrean puncak pukul 09.00–11.00; tiga loket buka dari empat.",
            "findings": "30% berkas dikembalikan karena persyaratan tidak lengkap; petugas front office belum "
            "punya daftar periksa baku dan menjelaskan persyaratan berbeda-beda.",
            "follow_ups": [
                (
                    "Susun daftar periksa persyaratan 10 izin terbanyak",
                    "Kepala Bidang Pelayanan Perizinan",
                    date(2025, 7, 25),
                    True,
                ),
            ],
        },
        {
            "date": date(2025, 7, 16),
            "start": time(13, 0),
            "end": time(15, 0),
            "kind": K.FGD,
            "topic": "FGD penanganan pengaduan layanan perizinan OSS",
            "place": "Ruang rapat lantai 3",
            "unit": "Bidang Pengaduan dan Informasi",
            "team": True,
            "notes": "Dibahas 46 pengaduan triwulan II.",
            "findings": "Pengaduan dijawab rata-rata 9 hari kerja (standar 5). Petugas kesulitan menjelaskan "
            "status permohonan di OSS-RBA kepada pemohon.",
            "follow_ups": [
                (
                    "Buat kanal eskalasi pengaduan OSS ke Bidang Pelayanan",
                    "Kepala Bidang Pengaduan dan Informasi",
                    date(2025, 8, 8),
                    False,
                ),
            ],
        },
        {
            "date": date(2025, 7, 30),
            "start": time(9, 0),
            "end": time(10, 30),
            "kind": K.COACHING,
            "topic": "Coaching komunikasi pelayanan untuk petugas front office",
            "place": "Ruang rapat Bidang Pelayanan",
            "unit": "Bidang Pelayanan Perizinan",
            "notes": "Simulasi menjelaskan persyaratan dan menolak berkas dengan santun.",
            "findings": "Petugas lebih percaya diri setelah simulasi; perlu dilanjutkan dengan umpan balik rekan.",
            "follow_ups": [],
        },
    ],
    "Disbudpar": [
        {
            "date": date(2025, 7, 22),
            "start": time(9, 30),
            "end": time(11, 30),
            "kind": K.RAPAT_KOORDINASI,
            "topic": "Rapat koordinasi awal dan penjelasan program INTAN-WPL",
            "place": "Ruang rapat Kepala Dinas",
            "unit": "Sekretariat",
            "team": True,
            "notes": "Kepala Dinas meminta pendampingan dimulai dari Bidang Destinasi Pariwisata.",
            "findings": "",
            "follow_ups": [
                (
                    "Kirim data kunjungan wisatawan tiga tahun terakhir",
                    "Kepala Bidang Destinasi Pariwisata",
                    date(2025, 8, 5),
                    False,
                ),
            ],
        },
        {
            "date": date(2025, 8, 7),
            "start": time(10, 0),
            "end": time(12, 0),
            "kind": K.WAWANCARA,
            "topic": "Wawancara pengelolaan data kunjungan wisatawan",
            "place": "Bidang Destinasi Pariwisata",
            "unit": "Bidang Destinasi Pariwisata",
            "notes": "Wawancara awal; data kunjungan belum diterima.",
            "findings": "Data kunjungan dihimpun dari pengelola destinasi melalui pesan singkat, tanpa format baku.",
            "follow_ups": [],
        },
    ],
    "RSUD LB": [
        {
            "date": date(2025, 7, 14),
            "start": time(10, 0),
            "end": time(11, 30),
            "kind": K.RAPAT_KOORDINASI,
            "topic": "Rapat koordinasi jadwal pendampingan dengan bidang keperawatan",
            "place": "Ruang rapat direksi",
            "unit": "Bagian Tata Usaha",
            "team": True,
            "notes": "Jadwal harus mengikuti tiga sif; sesi dibuat singkat (45 menit) dan diulang per sif.",
            "findings": "Kesalahan informasi saat serah terima pasien antarsif menjadi perhatian utama komite mutu.",
            "follow_ups": [
                ("Kirim jadwal dinas perawat bulan Agustus", "Kepala Bidang Keperawatan", date(2025, 7, 21), True),
            ],
        },
        {
            "date": date(2025, 7, 21),
            "start": time(7, 30),
            "end": time(9, 0),
            "kind": K.OBSERVASI,
            "topic": "Observasi serah terima pasien antarsif di IGD",
            "place": "Instalasi Gawat Darurat",
            "unit": "Instalasi Gawat Darurat",
            "notes": "Diamati serah terima sif malam ke pagi untuk 11 pasien.",
            "findings": "Serah terima lisan tanpa format; 4 dari 11 serah terima tidak menyebut hasil "
            "pemeriksaan penunjang yang tertunda.",
            "follow_ups": [
                (
                    "Siapkan lembar serah terima format SBAR untuk uji coba",
                    "Kepala Instalasi Gawat Darurat",
                    date(2025, 8, 4),
                    False,
                ),
            ],
        },
    ],
}

SERIES = {
    "RSUD LB": {
        "topic": "Komunikasi efektif serah terima pasien (SBAR)",
        "unit": "Ruang Rawat Inap Interna",
        "kind": K.COACHING,
        "place": "Nurse station Ruang Interna",
        "repeats": [
            (date(2025, 8, 12), time(7, 30), time(8, 15), "pagi"),
            (date(2025, 8, 12), time(14, 30), time(15, 15), "siang"),
            (date(2025, 8, 12), time(21, 30), time(22, 15), "malam"),
            (date(2025, 8, 19), time(7, 30), time(8, 15), "pagi"),
        ],
        "notes": "Sesi singkat 45 menit di awal sif: latihan serah terima dengan format SBAR.",
    }
}


def _team(programme_opd):
    assignments = list(
        Assignment.objects.filter(programme_opd=programme_opd).select_related("widyaiswara").order_by("role", "pk")
    )
    ketua = next((a.widyaiswara for a in assignments if a.role == AssignmentRole.KETUA), None)
    if ketua is None and assignments:
        ketua = assignments[0].widyaiswara
    return ketua, [a.widyaiswara for a in assignments]


def _unit(programme_opd, name, *, shifts=False):
    if not name:
        return None
    unit = UnitKerja.objects.filter(opd=programme_opd.opd, name=name).first()
    if unit is None and shifts:
        # The series needs its shift unit even before a roster is seeded.
        unit, _ = UnitKerja.objects.get_or_create(opd=programme_opd.opd, name=name, defaults={"works_in_shifts": True})
    return unit


def _staff(programme_opd, unit, count):
    staff = Pegawai.objects.filter(opd=programme_opd.opd, is_active=True)
    if unit is not None:
        staff = staff.filter(unit=unit)
    return list(staff.order_by("name", "nip")[:count])


def _session(programme_opd, created_by, present, spec, *, unit, series=None, shift_label=""):
    session = FieldSession.objects.filter(
        programme_opd=programme_opd, date=spec["date"], start_time=spec["start"], topic=spec["topic"]
    ).first()
    if session is not None:
        return session, False
    session = FieldSession(
        programme_opd=programme_opd,
        created_by=created_by,
        date=spec["date"],
        start_time=spec["start"],
        end_time=spec["end"],
        kind=spec["kind"],
        topic=spec["topic"],
        place=spec.get("place", ""),
        unit=unit,
        notes=spec.get("notes", ""),
        findings=spec.get("findings", ""),
        series=series,
        shift_label=shift_label,
    )
    session.full_clean()
    session.save()
    session.widyaiswara.set(present)
    return session, True


def _participants(session, people, *, absent_last=True):
    for index, pegawai in enumerate(people):
        attended = not (absent_last and len(people) > 2 and index == len(people) - 1)
        SessionParticipant.objects.get_or_create(session=session, pegawai=pegawai, defaults={"attended": attended})


def _follow_ups(session, rows):
    for action, person, due, done in rows:
        FollowUp.objects.get_or_create(
            session=session, action=action, defaults={"person_in_charge": person, "due_date": due, "done": done}
        )


def _seed_series(programme_opd, ketua, spec):
    unit = _unit(programme_opd, spec["unit"], shifts=True)
    series = SessionSeries.objects.filter(programme_opd=programme_opd, topic=spec["topic"]).first()
    if series is None:
        series = SessionSeries(programme_opd=programme_opd, topic=spec["topic"], unit=unit, created_by=ketua)
        series.full_clean()
        series.save()
    targets = _staff(programme_opd, unit, 40)
    if targets and not series.target_participants.exists():
        series.target_participants.set(targets)
    targets = list(series.target_participants.order_by("name", "nip"))
    repeats = []
    for day, start, end, shift in spec["repeats"]:
        repeat_spec = {
            "date": day,
            "start": start,
            "end": end,
            "kind": spec["kind"],
            "topic": spec["topic"],
            "place": spec["place"],
            "notes": spec["notes"],
        }
        session, _ = _session(programme_opd, ketua, [ketua], repeat_spec, unit=unit, series=series, shift_label=shift)
        repeats.append(session)
    # Each target came to the repeat of their shift; every fifth has not been reached yet.
    for index, pegawai in enumerate(targets):
        if index % 5 == 4:
            continue
        SessionParticipant.objects.get_or_create(
            session=repeats[index % len(repeats)], pegawai=pegawai, defaults={"attended": True}
        )
    return series


def seed(programme_opds):
    """Create the demo sessions for `programme_opds` ({OPD abbreviation: ProgrammeOpd}).
    Returns the number of sessions created by this run (0 when everything already exists)."""
    created = 0
    for abbreviation, specs in SESSIONS.items():
        programme_opd = programme_opds.get(abbreviation)
        if programme_opd is None:
            continue
        ketua, team = _team(programme_opd)
        if ketua is None:
            continue
        for spec in specs:
            unit = _unit(programme_opd, spec.get("unit"))
            present = team if spec.get("team") else [ketua]
            session, is_new = _session(programme_opd, ketua, present, spec, unit=unit)
            created += is_new
            _participants(session, _staff(programme_opd, unit, 6 if spec.get("team") else 4))
            _follow_ups(session, spec["follow_ups"])
        if abbreviation in SERIES:
            before = FieldSession.objects.filter(programme_opd=programme_opd).count()
            _seed_series(programme_opd, ketua, SERIES[abbreviation])
            created += FieldSession.objects.filter(programme_opd=programme_opd).count() - before
    return created
