"""Demo learning plans for seed_demo: one plan in each state across the five pilot OPDs.

`seed(programme_opds)` runs after the field-work seeds (it builds activities from each OPD's
learning needs where there are some) and before the realisation seed (which realises part of
every approved plan). Every plan goes through the real services, so transitions, comments and
notifications are what a person would have produced; the dates are then set back into the
2025 pilot. Idempotent: an OPD that already has a plan is left alone. No email is sent.

  DPK        Disetujui (versi 1)
  DKP        Diajukan, waiting for the Kepala OPD
  DPMPTSP    Perlu Revisi, with a general comment and a comment on one activity
  Disbudpar  Draf, with a mix that drifts towards classroom training (the warning shows)
  RSUD LB    versi 1 Digantikan by versi 2 Disetujui (versions to compare)
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from intan_wpl.services.notifications import without_email
from learning_needs.models import LearningNeed
from learning_plans.models import DevelopmentForm, LearningPlan, PlanTransition
from learning_plans.services import plans as services
from pilots.models import Assignment, AssignmentRole, Pegawai

WITA = ZoneInfo("Asia/Makassar")

# (LAN code, JP, participants, title pattern, RHK pattern, success measure). With the default
# participants the weights (JP x participants) are 70:20:10.
BLUEPRINT = [
    ("NKL13", Decimal(14), 5, "Penugasan proyek perbaikan layanan: {topic}", "Proyek perbaikan pada {unit}"),
    ("NKL01", Decimal(4), 5, "Coaching oleh atasan langsung: {topic}", "Sesi coaching dua mingguan"),
    ("NKL03", Decimal(2), 5, "E-learning mandiri: {topic}", "Modul e-learning LAN/BPSDM"),
]
SUCCESS = [
    "Indikator kinerja unit naik sesuai target triwulan",
    "Peserta menerapkan hasil coaching dalam pekerjaan harian (observasi atasan)",
    "Nilai pasca-tes e-learning minimal 80",
]
FALLBACK_TOPICS = {
    "DPK": ["pengelolaan arsip inaktif", "layanan rujukan perpustakaan", "literasi digital"],
    "DKP": ["pengawasan sumber daya kelautan", "pengolahan data perikanan", "penyuluhan nelayan"],
    "DPMPTSP": ["perizinan berusaha berbasis risiko", "layanan pengaduan", "verifikasi dokumen OSS RBA"],
    "Disbudpar": ["promosi destinasi wisata", "pelestarian cagar budaya", "pengelolaan event budaya"],
    "RSUD LB": ["keselamatan pasien", "komunikasi efektif SBAR saat serah terima sif", "pencegahan infeksi"],
}
# The same training planned by two OPDs in other words (the duplicate finder's true pair).
JOINT_CANDIDATES = {
    "DPK": "Pendampingan penyusunan SOP pelayanan digital",
    "RSUD LB": "Pendampingan menyusun standar operasional prosedur layanan berbasis aplikasi",
}
TITLES = {
    "DPK": "Rencana Pembelajaran Dinas Perpustakaan dan Kearsipan 2025",
    "DKP": "Rencana Pembelajaran Dinas Kelautan dan Perikanan 2025",
    "DPMPTSP": "Rencana Pembelajaran DPMPTSP 2025",
    "Disbudpar": "Rencana Pembelajaran Dinas Kebudayaan dan Pariwisata 2025",
    "RSUD LB": "Rencana Pembelajaran UPT RSUD Labuang Baji 2025",
}
SUMMARY = (
    "Strategi pembelajaran 70:20:10 yang menjawab kebutuhan belajar hasil pendampingan: sebagian besar "
    "belajar lewat penugasan nyata di tempat kerja, didampingi coaching atasan, dan sedikit pembelajaran formal."
)


def _at(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=WITA)


def _ketua(programme_opd):
    """The ketua Widyaiswara writes the plan (any assigned Widyaiswara when there is no ketua)."""
    assignments = Assignment.objects.filter(programme_opd=programme_opd).select_related("widyaiswara")
    assignment = assignments.filter(role=AssignmentRole.KETUA).first() or assignments.order_by("pk").first()
    return assignment.widyaiswara if assignment else None


def _participants(programme_opd, need, count):
    if need is not None:
        chosen = list(need.target_staff.order_by("nip")[:count])
        if chosen:
            return chosen
    return list(Pegawai.objects.filter(opd=programme_opd.opd, is_active=True).order_by("nip")[:count])


def _activities(plan, programme_opd, abbreviation, writer, *, start):
    needs = list(LearningNeed.objects.filter(programme_opd=programme_opd).select_related("competency").order_by("pk"))
    topics = FALLBACK_TOPICS.get(abbreviation, FALLBACK_TOPICS["DPK"])
    unit = programme_opd.opd.short_name
    created = []
    for index, (code, jp, people, title, rhk) in enumerate(BLUEPRINT):
        need = needs[index % len(needs)] if needs else None
        topic = need.competency.name if need else topics[index]
        begins = start + timedelta(days=7 * index)
        created.append(
            services.activity_create(
                plan=plan,
                actor=writer,
                needs=[need] if need else [],
                participants=_participants(programme_opd, need, people),
                form=_form(code),
                title=title.format(topic=topic)[:200],
                description="",
                target_positions=(need.target_positions if need else "")[:300],
                start_date=begins,
                end_date=begins + timedelta(days=20),
                person_in_charge=f"Kepala Bidang {unit}" if index == 0 else "Atasan langsung peserta",
                organiser=f"{unit} bersama BPSDM Provinsi Sulawesi Selatan",
                jp=jp,
                estimated_cost=Decimal(750000) if code == "NKL03" else Decimal(0),
                rhk_indicator=rhk.format(unit=unit),
                success_measure=SUCCESS[index],
            )
        )
    if abbreviation in JOINT_CANDIDATES:
        need = needs[0] if needs else None
        created.append(
            services.activity_create(
                plan=plan,
                actor=writer,
                needs=[need] if need else [],
                participants=_participants(programme_opd, need, 3),
                form=_form("NKL11"),
                title=JOINT_CANDIDATES[abbreviation],
                # Late in the plan, so the realisation seed (the earlier half) leaves it joinable.
                start_date=start + timedelta(days=40),
                end_date=start + timedelta(days=70),
                person_in_charge=f"Kepala Subbagian Umum {unit}",
                organiser=unit,
                jp=Decimal(4),
                rhk_indicator="SOP layanan digital ditetapkan dan dipakai",
                success_measure="SOP disahkan kepala OPD",
            )
        )
    # A further need, if any, gets a community of practice (so most needs are answered).
    if len(needs) > len(BLUEPRINT):
        extra = needs[len(BLUEPRINT)]
        created.append(
            services.activity_create(
                plan=plan,
                actor=writer,
                needs=[extra],
                participants=_participants(programme_opd, extra, 3),
                form=_form("NKL10"),
                title=f"Komunitas belajar: {extra.competency.name}"[:200],
                start_date=start + timedelta(days=30),
                end_date=start + timedelta(days=60),
                person_in_charge="Ketua komunitas belajar",
                organiser=unit,
                jp=Decimal(2),
                rhk_indicator="Berbagi praktik baik antarpegawai",
                success_measure="Satu praktik baik terdokumentasi per bulan",
            )
        )
    return created


def _form(code):
    """A development form of the seeded catalogue (seed_demo ensures the reference data)."""
    return DevelopmentForm.objects.get(lan_code=code)


def _backdate(plan, moments):
    """Put the plan's transitions (oldest first) at `moments` inside the 2025 pilot."""
    transitions = list(PlanTransition.objects.filter(plan=plan).order_by("created_at", "pk"))
    for transition, moment in zip(transitions, moments, strict=False):
        PlanTransition.objects.filter(pk=transition.pk).update(created_at=moment)
        transition.comments.update(created_at=moment)
    fields = {}
    for transition, moment in zip(transitions, moments, strict=False):
        if transition.to_status == "diajukan":
            fields["submitted_at"] = moment
        if transition.to_status == "disetujui":
            fields["approved_at"] = moment
    if fields:
        LearningPlan.objects.filter(pk=plan.pk).update(**fields)


def _plan(programme_opd, abbreviation, writer, *, start):
    plan = services.plan_create(
        programme_opd=programme_opd,
        actor=writer,
        title=TITLES.get(abbreviation, "Rencana Pembelajaran 2025"),
        summary=SUMMARY,
    )
    activities = _activities(plan, programme_opd, abbreviation, writer, start=start)
    return plan, activities


def seed(programme_opds):
    """Create the demo plans; returns the number of plans created this run."""
    created = 0
    with without_email():
        for abbreviation, programme_opd in programme_opds.items():
            if LearningPlan.objects.filter(programme_opd=programme_opd).exists():
                continue
            writer = _ketua(programme_opd)
            head = programme_opd.opd.head
            if writer is None or head is None:
                continue
            builder = BUILDERS.get(abbreviation, _draf)
            created += builder(programme_opd, abbreviation, writer, head)
    return created


def _approved(programme_opd, abbreviation, writer, head):
    plan, _activities_ = _plan(programme_opd, abbreviation, writer, start=date(2025, 8, 4))
    services.plan_submit(plan=plan, actor=writer, note="Rencana hasil pendampingan Juli 2025.")
    services.plan_approve(plan=plan, actor=head, note="Disetujui. Pastikan peserta dibebaskan dari tugas saat magang.")
    _backdate(plan, [_at(date(2025, 7, 21)), _at(date(2025, 7, 24)), _at(date(2025, 7, 28), 14)])
    return 1


def _submitted(programme_opd, abbreviation, writer, head):
    plan, _activities_ = _plan(programme_opd, abbreviation, writer, start=date(2025, 8, 18))
    services.plan_submit(plan=plan, actor=writer, note="Mohon ditinjau sebelum rapat pimpinan.")
    _backdate(plan, [_at(date(2025, 7, 29)), _at(date(2025, 8, 5))])
    return 1


def _returned(programme_opd, abbreviation, writer, head):
    plan, activities = _plan(programme_opd, abbreviation, writer, start=date(2025, 8, 18))
    services.plan_submit(plan=plan, actor=writer)
    services.plan_return(
        plan=plan,
        actor=head,
        note="Tambahkan kegiatan untuk petugas front office dan jadwalkan di luar jam layanan puncak.",
        activity_comments={activities[1].pk: "Coaching cukup sebulan sekali; libatkan Kepala Bidang Pelayanan."},
    )
    _backdate(plan, [_at(date(2025, 7, 30)), _at(date(2025, 8, 6)), _at(date(2025, 8, 8), 15)])
    return 1


def _draf(programme_opd, abbreviation, writer, head):
    plan, _activities_ = _plan(programme_opd, abbreviation, writer, start=date(2025, 8, 25))
    # Still a draft: a classroom training weighs heavily, so the 70:20:10 warning shows.
    services.activity_create(
        plan=plan,
        actor=writer,
        participants=_participants(programme_opd, None, 6),
        form=_form("KL03"),
        title="Pelatihan teknis pemasaran digital destinasi wisata",
        target_positions="Pengelola promosi pariwisata",
        start_date=date(2025, 9, 8),
        end_date=date(2025, 9, 11),
        person_in_charge="Kepala Bidang Pemasaran Pariwisata",
        organiser="BPSDM Provinsi Sulawesi Selatan",
        jp=Decimal(24),
        estimated_cost=Decimal(7500000),
        rhk_indicator="Jumlah kunjungan wisatawan melalui kanal digital",
        success_measure="Kampanye digital tiap destinasi prioritas tayang",
    )
    _backdate(plan, [_at(date(2025, 8, 11))])
    return 1


def _two_versions(programme_opd, abbreviation, writer, head):
    plan, _activities_ = _plan(programme_opd, abbreviation, writer, start=date(2025, 8, 4))
    services.plan_submit(plan=plan, actor=writer)
    services.plan_approve(plan=plan, actor=head)
    _backdate(plan, [_at(date(2025, 7, 22)), _at(date(2025, 7, 25)), _at(date(2025, 7, 29))])
    second = services.plan_new_version(plan=plan, actor=writer)
    coaching = second.activities.filter(form__lan_code="NKL01").first()
    if coaching is not None:
        services.activity_update(
            activity=coaching,
            actor=writer,
            lock_version=coaching.lock_version,
            title="Coaching per sif oleh kepala ruangan: komunikasi efektif SBAR",
            jp=Decimal(6),
            target_positions="Perawat pelaksana sif pagi, siang dan malam",
        )
    services.activity_create(
        plan=second,
        actor=writer,
        participants=_participants(programme_opd, None, 4),
        form=_form("NKL12"),
        title="Magang di ruang rawat inap rumah sakit rujukan: keselamatan pasien",
        target_positions="Perawat Ahli Pertama",
        start_date=date(2025, 9, 1),
        end_date=date(2025, 9, 12),
        person_in_charge="Kepala Instalasi Rawat Inap",
        organiser="UPT RSUD Labuang Baji",
        jp=Decimal(20),
        rhk_indicator="Insiden keselamatan pasien per 1.000 hari rawat",
        success_measure="Insiden turun 30% dalam tiga bulan",
    )
    services.plan_submit(plan=second, actor=writer, note="Versi 2: jadwal coaching disesuaikan dengan sif.")
    services.plan_approve(plan=second, actor=head, note="Disetujui menggantikan versi 1.")
    _backdate(
        second,
        [_at(date(2025, 8, 12)), _at(date(2025, 8, 14)), _at(date(2025, 8, 18), 11)],
    )
    PlanTransition.objects.filter(plan=plan, to_status="digantikan").update(created_at=_at(date(2025, 8, 18), 11))
    return 2


BUILDERS = {
    "DPK": _approved,
    "DKP": _submitted,
    "DPMPTSP": _returned,
    "Disbudpar": _draf,
    "RSUD LB": _two_versions,
}
