"""Demo problem maps for the five 2025 pilot OPDs, at different stages of the field work:

- DPK and DKP: problems with cause trees, learning needs and recommendations;
- DPMPTSP: problems with causes, not yet turned into needs;
- Disbudpar: one problem just recorded;
- RSUD LB: nothing yet (sessions only).

Idempotent: every row is found by a natural key (problem title per OPD, cause text under its
parent, competency per cause, action per cause) and updated, never duplicated. Rows are written
in the name of the OPD's ketua Widyaiswara, so their history reads as the Widyaiswara's work.
"""

from datetime import date

from learning_needs.models import (
    Cause,
    Competency,
    CompetencyGroup,
    FieldSession,
    LearningNeed,
    Problem,
    Recommendation,
)
from pilots.models import Assignment, AssignmentRole, Pegawai, UnitKerja

# OPD abbreviation -> [(code, name, description)]: each OPD's own technical dictionary.
TECHNICAL_COMPETENCIES = {
    "DPK": [
        (
            "T.DPK.01",
            "Pengelolaan Arsip Inaktif",
            "Pemberkasan, penyusunan daftar arsip inaktif dan penataan di record center.",
        ),
        (
            "T.DPK.02",
            "Pengelolaan Arsip Elektronik (SRIKANDI)",
            "Registrasi, penelusuran dan layanan arsip melalui SRIKANDI.",
        ),
        (
            "T.DPK.03",
            "Promosi Layanan dan Literasi Informasi",
            "Merancang konten dan kegiatan promosi layanan perpustakaan.",
        ),
    ],
    "DKP": [
        (
            "T.DKP.01",
            "Pengelolaan Data Statistik Perikanan",
            "Pengumpulan, validasi dan analisis data produksi perikanan.",
        ),
        (
            "T.DKP.02",
            "Pengawasan Sumber Daya Kelautan dan Perikanan",
            "Pemeriksaan, penyusunan berita acara dan tindak lanjut temuan.",
        ),
    ],
    "DPMPTSP": [
        (
            "T.DPMPTSP.01",
            "Perizinan Berusaha Berbasis Risiko",
            "Verifikasi persyaratan dan alur perizinan pada OSS RBA.",
        ),
    ],
}


def _need(competency, required, current, positions, staff_keyword=""):
    return {
        "competency": competency,
        "required": required,
        "current": current,
        "positions": positions,
        "staff_keyword": staff_keyword,
    }


def _rec(action, person_in_charge, due_date, status):
    return {"action": action, "person_in_charge": person_in_charge, "due_date": due_date, "status": status}


def _cause(text, category, nature="", *, children=(), needs=(), recommendations=(), sessions=(0,)):
    return {
        "text": text,
        "category": category,
        "nature": nature,
        "children": list(children),
        "needs": list(needs),
        "recommendations": list(recommendations),
        "sessions": list(sessions),
    }


PROBLEMS = {
    "DPK": [
        {
            "title": "Penemuan kembali arsip inaktif di record center melebihi standar waktu layanan",
            "unit": "Bidang Pengelolaan Arsip",
            "duty_or_indicator": "IKI: persentase permintaan arsip yang terlayani paling lama 1 hari kerja",
            "indicator_baseline": "58% permintaan terlayani tepat waktu (Januari–Juni 2025)",
            "description": "Permintaan arsip dari OPD lain rata-rata baru terlayani 3–4 hari kerja; "
            "sebagian arsip tidak ditemukan karena tidak tercatat di daftar arsip.",
            "usg": (5, 4, 4),
            "causes": [
                _cause(
                    "Arsip inaktif disimpan tanpa daftar arsip yang lengkap",
                    "metode",
                    children=[
                        _cause(
                            "Arsiparis belum menguasai penyusunan daftar arsip inaktif sesuai pedoman ANRI",
                            "manusia",
                            "kompetensi",
                            children=[
                                _cause(
                                    "Belum ada bimbingan teknis pemberkasan sejak pola klasifikasi arsip diperbarui",
                                    "manusia",
                                    "kompetensi",
                                    sessions=(1,),
                                )
                            ],
                            needs=[
                                _need(
                                    "T.DPK.01",
                                    3,
                                    1,
                                    "Arsiparis Ahli Pertama; Arsiparis Terampil",
                                    "Arsiparis",
                                )
                            ],
                        ),
                        _cause(
                            "Belum ada SOP penerimaan arsip inaktif dari unit pengolah",
                            "metode",
                            "non_kompetensi",
                            recommendations=[
                                _rec(
                                    "Menyusun dan menetapkan SOP akuisisi arsip inaktif dari unit pengolah",
                                    "Kepala Bidang Pengelolaan Arsip",
                                    date(2025, 9, 15),
                                    "proses",
                                )
                            ],
                        ),
                    ],
                ),
                _cause(
                    "Ruang simpan record center penuh; boks arsip ditumpuk di lantai",
                    "sarana",
                    "non_kompetensi",
                    recommendations=[
                        _rec(
                            "Mengusulkan penambahan roll o'pack dan penataan ulang ruang simpan (APBD Perubahan 2025)",
                            "Sekretaris Dinas",
                            date(2025, 10, 31),
                            "belum",
                        )
                    ],
                ),
                _cause(
                    "Petugas layanan belum memanfaatkan SRIKANDI untuk penelusuran arsip",
                    "manusia",
                    "kompetensi",
                    needs=[_need("T.DPK.02", 3, 2, "Arsiparis; Pengadministrasi Umum", "Arsiparis")],
                    sessions=(1,),
                ),
            ],
        },
        {
            "title": "Pemustaka aktif layanan perpustakaan digital masih rendah",
            "unit": "Bidang Layanan Perpustakaan",
            "duty_or_indicator": "IKI: jumlah pemustaka aktif layanan perpustakaan digital per bulan",
            "indicator_baseline": "±1.150 pemustaka aktif per bulan (target 2025: 2.500)",
            "description": "",
            "usg": (3, 3, 4),
            "causes": [
                _cause(
                    "Promosi layanan digital hanya melalui spanduk di gedung layanan",
                    "metode",
                    children=[
                        _cause(
                            "Pustakawan belum terampil membuat konten promosi untuk media sosial",
                            "manusia",
                            "kompetensi",
                            needs=[
                                _need("T.DPK.03", 3, 1, "Pustakawan Ahli Pertama; Pustakawan Terampil", "Pustakawan"),
                                _need("M.05", 3, 2, "Pengelola Layanan Perpustakaan", "Pengelola Layanan"),
                            ],
                        )
                    ],
                ),
                _cause(
                    "Koleksi e-book sedikit karena anggaran langganan terbatas",
                    "anggaran",
                    "non_kompetensi",
                    recommendations=[
                        _rec(
                            "Menjajaki kerja sama koleksi digital dengan Perpustakaan Nasional (iPusnas) dan kampus",
                            "Kepala Bidang Layanan Perpustakaan",
                            date(2025, 9, 30),
                            "belum",
                        )
                    ],
                ),
            ],
        },
    ],
    "DKP": [
        {
            "title": "Data produksi perikanan tangkap dari kabupaten/kota terlambat dan tidak lengkap",
            "unit": "Bidang Perikanan Tangkap",
            "duty_or_indicator": "IKI: persentase kabupaten/kota yang mengirim data produksi triwulanan tepat waktu",
            "indicator_baseline": "10 dari 24 kabupaten/kota (42%) pada triwulan II 2025",
            "description": "Rekap provinsi baru lengkap enam minggu setelah triwulan berakhir.",
            "usg": (4, 4, 3),
            "causes": [
                _cause(
                    "Validasi data dilakukan manual di lembar kerja terpisah",
                    "metode",
                    children=[
                        _cause(
                            "Pengelola data belum menguasai aplikasi satu data dan validasi berbasis basis data",
                            "manusia",
                            "kompetensi",
                            children=[
                                _cause(
                                    "Hanya satu operator yang pernah dilatih, dan ia sudah mutasi",
                                    "ketenagaan",
                                    "non_kompetensi",
                                    recommendations=[
                                        _rec(
                                            "Menetapkan dua operator cadangan dan menulis petunjuk kerja validasi data",
                                            "Kepala Bidang Perikanan Tangkap",
                                            date(2025, 8, 29),
                                            "selesai",
                                        )
                                    ],
                                )
                            ],
                            needs=[_need("T.DKP.01", 3, 1, "Pengelola Data Perikanan", "Pengelola Data")],
                        )
                    ],
                ),
                _cause(
                    "Koordinator belum terbiasa memfasilitasi rapat koordinasi daring yang terarah",
                    "manusia",
                    "kompetensi",
                    needs=[_need("M.03", 3, 2, "Analis Pasar Hasil Perikanan; Penyuluh Perikanan", "Penyuluh")],
                    sessions=(1,),
                ),
            ],
        },
        {
            "title": "Temuan pelanggaran alat tangkap di wilayah pesisir belum ditindaklanjuti tuntas",
            "unit": "Bidang Pengawasan Sumber Daya Kelautan",
            "duty_or_indicator": "IKI: persentase temuan pengawasan yang ditindaklanjuti dalam 30 hari",
            "indicator_baseline": "35% temuan tuntas dalam 30 hari (2024)",
            "description": "",
            "usg": (4, 5, 3),
            "causes": [
                _cause(
                    "Berita acara pemeriksaan sering tidak memenuhi syarat formil",
                    "manusia",
                    "kompetensi",
                    needs=[_need("T.DKP.02", 4, 2, "Pengawas Perikanan Ahli Muda", "Pengawas Perikanan")],
                ),
                _cause(
                    "Kapal patroli hanya satu unit dan kuota BBM terbatas",
                    "anggaran",
                    "non_kompetensi",
                    recommendations=[
                        _rec(
                            "Menyusun jadwal patroli bersama Polairud dan Pangkalan PSDKP untuk berbagi armada",
                            "Kepala Bidang Pengawasan Sumber Daya Kelautan",
                            date(2025, 9, 30),
                            "proses",
                        )
                    ],
                ),
            ],
        },
    ],
    "DPMPTSP": [
        {
            "title": "Izin berusaha sektor kesehatan terbit melewati SLA di OSS RBA",
            "unit": "Bidang Pelayanan Perizinan",
            "duty_or_indicator": "IKI: persentase izin terbit sesuai SLA",
            "indicator_baseline": "71% izin terbit sesuai SLA (Juni 2025)",
            "description": "Keterlambatan terbesar pada izin klinik dan apotek.",
            "usg": (5, 4, 3),
            "causes": [
                _cause(
                    "Verifikasi persyaratan teknis menunggu rekomendasi dinas teknis",
                    "kebijakan",
                    "non_kompetensi",
                    children=[
                        _cause(
                            "Belum ada kesepakatan tingkat layanan (SLA) dengan dinas teknis",
                            "kebijakan",
                            "non_kompetensi",
                        )
                    ],
                ),
                _cause(
                    "Petugas front office belum memahami alur perizinan berbasis risiko",
                    "manusia",
                    children=[
                        _cause(
                            "Perubahan ketentuan perizinan berusaha berbasis risiko belum disosialisasikan ke petugas",
                            "manusia",
                            "kompetensi",
                        )
                    ],
                ),
            ],
        },
        {
            "title": "Pengaduan pemohon izin tidak terjawab dalam 5 hari kerja",
            "unit": "Bidang Pengaduan dan Informasi",
            "duty_or_indicator": "IKI: persentase pengaduan selesai paling lama 5 hari kerja",
            "indicator_baseline": "64% pengaduan selesai tepat waktu",
            "description": "",
            "usg": (3, 4, 3),
            "causes": [
                _cause("Pengaduan masuk dari banyak kanal tanpa pencatatan terpusat", "metode"),
            ],
        },
    ],
    "Disbudpar": [
        {
            "title": "Data kunjungan wisatawan ke destinasi unggulan tidak mutakhir",
            "unit": "Bidang Destinasi Pariwisata",
            "duty_or_indicator": "IKI: ketersediaan data kunjungan wisatawan bulanan per destinasi",
            "indicator_baseline": "Data terakhir yang lengkap: Desember 2024",
            "description": "",
            "usg": (3, 3, 3),
            "causes": [],
        }
    ],
    "RSUD LB": [],
}


def _save(obj, author, **values):
    """Set `values` and save only when something changed, so re-seeding adds no empty history.
    django-simple-history records `_history_user` as the author when there is no request."""
    changed = obj.pk is None
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj._history_user = author
        obj.full_clean()
        obj.save()
    return obj


def _ketua(programme_opd):
    assignment = (
        Assignment.objects.filter(programme_opd=programme_opd, role=AssignmentRole.KETUA)
        .select_related("widyaiswara")
        .first()
    )
    return assignment.widyaiswara if assignment else None


def _seed_competencies(opd, abbreviation):
    for code, name, description in TECHNICAL_COMPETENCIES.get(abbreviation, []):
        Competency.objects.update_or_create(
            opd=opd, code=code, defaults={"group": CompetencyGroup.TEKNIS, "name": name, "description": description}
        )


def _competency(opd, code):
    return Competency.objects.for_opd(opd).get(code=code)


def _pick(sessions, indexes):
    return [sessions[i] for i in indexes if i < len(sessions)]


def _seed_cause(problem, parent, spec, sessions, author):
    cause = Cause.objects.filter(problem=problem, parent=parent, text=spec["text"]).first() or Cause(
        problem=problem, parent=parent, text=spec["text"]
    )
    _save(cause, author, category=spec["category"], nature=spec["nature"])
    cause.sessions.set(_pick(sessions, spec["sessions"]))
    opd = problem.programme_opd.opd
    for need_spec in spec["needs"]:
        competency = _competency(opd, need_spec["competency"])
        need = LearningNeed.objects.filter(cause=cause, competency=competency).first() or LearningNeed(
            programme_opd=problem.programme_opd, cause=cause, competency=competency, created_by=author
        )
        _save(
            need,
            author,
            required_level=need_spec["required"],
            current_level=need_spec["current"],
            target_positions=need_spec["positions"],
        )
        if need_spec["staff_keyword"]:
            staff = Pegawai.objects.filter(opd=opd, is_active=True, jabatan__icontains=need_spec["staff_keyword"])
            need.target_staff.set(staff.order_by("nip")[:4])
    for rec_spec in spec["recommendations"]:
        recommendation = Recommendation.objects.filter(
            cause=cause, action=rec_spec["action"]
        ).first() or Recommendation(cause=cause, action=rec_spec["action"])
        _save(
            recommendation,
            author,
            person_in_charge=rec_spec["person_in_charge"],
            due_date=rec_spec["due_date"],
            status=rec_spec["status"],
        )
    for child in spec["children"]:
        _seed_cause(problem, cause, child, sessions, author)


def seed(programme_opds):
    """Seed the problem maps. `programme_opds`: OPD abbreviation -> ProgrammeOpd (demo.builders.registry.seed).
    Returns the number of problems now on the demo maps."""
    total = 0
    for abbreviation, problem_specs in PROBLEMS.items():
        programme_opd = programme_opds.get(abbreviation)
        if programme_opd is None:
            continue
        author = _ketua(programme_opd)
        if author is None:
            continue
        _seed_competencies(programme_opd.opd, abbreviation)
        sessions = list(FieldSession.objects.filter(programme_opd=programme_opd).order_by("date", "start_time", "pk"))
        for spec in problem_specs:
            urgency, seriousness, growth = spec["usg"]
            problem = Problem.objects.filter(programme_opd=programme_opd, title=spec["title"]).first() or Problem(
                programme_opd=programme_opd, title=spec["title"], created_by=author
            )
            _save(
                problem,
                author,
                unit=UnitKerja.objects.filter(opd=programme_opd.opd, name=spec["unit"]).first(),
                duty_or_indicator=spec["duty_or_indicator"],
                indicator_baseline=spec["indicator_baseline"],
                description=spec["description"],
                urgency=urgency,
                seriousness=seriousness,
                growth=growth,
            )
            problem.sessions.set(sessions[:2])
            for cause_spec in spec["causes"]:
                _seed_cause(problem, None, cause_spec, sessions[:2], author)
            total += 1
    return total
