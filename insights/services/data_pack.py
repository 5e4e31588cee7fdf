"""The policy-paper data pack (issue 6): one XLSX with a sheet per table and a summary.

openpyxl's write-only mode streams the rows (each sheet is one query read with .iterator()),
so memory stays flat whatever the size. NIPs are replaced by a stable pseudonym (HMAC-SHA256
keyed by PSEUDONYM_KEY, a setting of its own, first 12 hex digits) and names left out unless the admin asks for the
real NIP with a reason. Every export is written to ExportLog (UU 27/2022).
"""

import tempfile
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db import transaction
from django.db.models import Avg, Case, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.models import (
    CultureAnswer,
    CultureResponse,
    CultureRound,
    CultureSurvey,
    CultureSurveyScore,
    Stage,
    SurveyDimension,
    SurveyPhase,
)
from insights.selectors.culture_questionnaire import dimension_mean
from insights.selectors.dashboard import DashboardFilters, dashboard_totals
from insights.selectors.stages import annotate_stage
from insights.selectors.surveys import culture_index
from intan_wpl.exports import Column, XlsxWriter, pseudonym, record_export
from intan_wpl.query import count_subquery, without_jit
from intan_wpl.selectors.profile import instance_profile, zone_label
from learning_needs.models import (
    Cause,
    CauseCategory,
    CauseNature,
    CompetencyGroup,
    FieldSession,
    LearningNeed,
    Problem,
    Recommendation,
    RecommendationStatus,
    SessionKind,
)
from learning_plans.models import LearningFamily, LearningSettings, PlanActivity, PlanStatus
from learning_records.models import Evaluation, EvaluationLevel, JpCredit, Realisation
from pilots.domain import EmploymentType
from pilots.models import OpdKind, Pegawai, Programme, ProgrammeOpd, ProgrammeStatus

EXPORT_KIND = "paket_data_kebijakan"
CHUNK = 2000


def nip_pseudonym(nip):
    """The NIP's stable pseudonym (intan_wpl.exports.pseudonym, keyed by PSEUDONYM_KEY)."""
    return pseudonym(nip)


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _opd(path):
    """Column reader: the OPD's abbreviation (or name) at `path` (e.g. "programme_opd__opd")."""
    return lambda row: row[f"{path}__abbreviation"] or row[f"{path}__name"]


def _choice(choices, field):
    return lambda row: _label(choices, row[field])


@dataclass
class Sheet:
    """One table of the pack: `columns` are (header, field name or reader of the values() row);
    `fields` lists the extra values a reader needs."""

    title: str
    queryset: object
    columns: list
    fields: list = dataclass_field(default_factory=list)

    def headers(self):
        return [str(header) for header, _reader in self.columns]

    def export_columns(self):
        return [Column(str(header)) for header, _reader in self.columns]

    def rows(self):
        names = {reader for _header, reader in self.columns if isinstance(reader, str)} | set(self.fields)
        for row in self.queryset.values(*names).iterator(chunk_size=CHUNK):
            yield [row[reader] if isinstance(reader, str) else reader(row) for _h, reader in self.columns]


def _opd_fields(path):
    return [f"{path}__name", f"{path}__abbreviation"]


@dataclass(frozen=True)
class PackScope:
    """What a pack covers: active programme OPDs of `programme` (every programme when None), with
    real NIPs and names only when `real_nip` (asked with a reason)."""

    programme: object = None
    real_nip: bool = False

    def scoped(self, queryset, path):
        queryset = queryset.filter(**{f"{path}__is_active": True})
        return queryset if self.programme is None else queryset.filter(**{f"{path}__programme": self.programme})

    def programmes(self):
        programmes = Programme.objects.all()
        return programmes if self.programme is None else programmes.filter(pk=self.programme.pk)

    def programme_opds(self):
        programme_opds = ProgrammeOpd.objects.filter(is_active=True)
        return programme_opds if self.programme is None else programme_opds.filter(programme=self.programme)

    def person_columns(self):
        if self.real_nip:
            return [(_("NIP"), "pegawai__nip"), (_("Nama"), "pegawai__name")]
        return [(_("ID samaran pegawai"), lambda row: nip_pseudonym(row["pegawai__nip"]))]


def _programmes_sheet(scope):
    return Sheet(
        _("Program"),
        scope.programmes()
        .annotate(opd_count=count_subquery(ProgrammeOpd.objects.filter(programme=OuterRef("pk")), "programme"))
        .order_by("start_date", "pk"),
        [
            (_("ID program"), "pk"),
            (_("Program"), "name"),
            (_("Mulai"), "start_date"),
            (_("Selesai"), "end_date"),
            (_("Status"), _choice(ProgrammeStatus, "status")),
            (_("Nomor SK"), "decree_number"),
            (_("Tanggal SK"), "decree_date"),
            (_("Jumlah OPD"), "opd_count"),
        ],
        ["status"],
    )


def _opds_sheet(scope):
    return Sheet(
        _("OPD"),
        annotate_stage(scope.programme_opds())
        .annotate(staff_count=count_subquery(Pegawai.objects.filter(opd=OuterRef("opd_id"), is_active=True), "opd"))
        .order_by("programme__name", "opd__name"),
        [
            (_("ID OPD program"), "pk"),
            (_("Program"), "programme__name"),
            (_("OPD"), "opd__name"),
            (_("Singkatan"), "opd__abbreviation"),
            (_("Jenis OPD"), _choice(OpdKind, "opd__kind")),
            (_("Tahap"), _choice(Stage, "stage")),
            (_("Pegawai aktif"), "staff_count"),
        ],
        ["opd__kind", "stage"],
    )


def _sessions_sheet(scope):
    return Sheet(
        _("Sesi"),
        scope.scoped(FieldSession.objects.all(), "programme_opd")
        .annotate(
            attended=count_subquery(
                FieldSession.participants.through.objects.filter(session=OuterRef("pk"), attended=True), "session"
            )
        )
        .order_by("date", "pk"),
        [
            (_("ID sesi"), "pk"),
            (_("ID OPD program"), "programme_opd_id"),
            (_("OPD"), _opd("programme_opd__opd")),
            (_("Tanggal"), "date"),
            (_("Mulai (%(zone)s)") % {"zone": zone_label()}, "start_time"),
            (_("Selesai (%(zone)s)") % {"zone": zone_label()}, "end_time"),
            (_("Jenis"), _choice(SessionKind, "kind")),
            (_("Topik"), "topic"),
            (_("Unit kerja"), "unit__name"),
            (_("Tempat"), "place"),
            (_("Peserta hadir"), "attended"),
            (_("Temuan"), "findings"),
        ],
        ["kind", *_opd_fields("programme_opd__opd")],
    )


def _problems_sheet(scope):
    return Sheet(
        _("Masalah"),
        scope.scoped(Problem.objects.all(), "programme_opd").order_by("pk"),
        [
            (_("ID masalah"), "pk"),
            (_("ID OPD program"), "programme_opd_id"),
            (_("OPD"), _opd("programme_opd__opd")),
            (_("Masalah kinerja"), "title"),
            (_("Tugas / indikator SKP"), "duty_or_indicator"),
            (_("Kondisi awal indikator"), "indicator_baseline"),
            ("U", "urgency"),
            ("S", "seriousness"),
            ("G", "growth"),
            (_("Skor USG"), lambda row: row["urgency"] + row["seriousness"] + row["growth"]),
            (_("Dicatat"), "created_at"),
        ],
        _opd_fields("programme_opd__opd"),
    )


def _causes_sheet(scope):
    return Sheet(
        _("Akar Masalah"),
        scope.scoped(Cause.objects.all(), "problem__programme_opd").order_by("pk"),
        [
            (_("ID akar masalah"), "pk"),
            (_("ID masalah"), "problem_id"),
            (_("OPD"), _opd("problem__programme_opd__opd")),
            (_("Penyebab"), "text"),
            (_("ID penyebab induk"), "parent_id"),
            (_("Kategori"), _choice(CauseCategory, "category")),
            (_("Sifat"), _choice(CauseNature, "nature")),
        ],
        ["category", "nature", *_opd_fields("problem__programme_opd__opd")],
    )


def _recommendations_sheet(scope):
    return Sheet(
        _("Rekomendasi"),
        scope.scoped(Recommendation.objects.all(), "cause__problem__programme_opd").order_by("pk"),
        [
            (_("ID rekomendasi"), "pk"),
            (_("ID akar masalah"), "cause_id"),
            (_("OPD"), _opd("cause__problem__programme_opd__opd")),
            (_("Rekomendasi"), "action"),
            (_("Penanggung jawab"), "person_in_charge"),
            (_("Tenggat"), "due_date"),
            (_("Status"), _choice(RecommendationStatus, "status")),
        ],
        ["status", *_opd_fields("cause__problem__programme_opd__opd")],
    )


def _needs_sheet(scope):
    return Sheet(
        _("Kebutuhan"),
        scope.scoped(LearningNeed.objects.all(), "programme_opd")
        .annotate(
            target_count=count_subquery(
                LearningNeed.target_staff.through.objects.filter(learningneed=OuterRef("pk")), "learningneed"
            )
        )
        .order_by("pk"),
        [
            (_("ID kebutuhan"), "pk"),
            (_("ID OPD program"), "programme_opd_id"),
            (_("OPD"), _opd("programme_opd__opd")),
            (_("ID akar masalah"), "cause_id"),
            (_("Kelompok kompetensi"), _choice(CompetencyGroup, "competency__group")),
            (_("Kode kompetensi"), "competency__code"),
            (_("Kompetensi"), "competency__name"),
            (_("Level dipersyaratkan"), "required_level"),
            (_("Level saat ini"), "current_level"),
            (_("Kesenjangan"), lambda row: max(row["required_level"] - row["current_level"], 0)),
            (_("Jabatan sasaran"), "target_positions"),
            (_("Jumlah pegawai sasaran"), "target_count"),
        ],
        ["competency__group", *_opd_fields("programme_opd__opd")],
    )


def _activities_sheet(scope):
    return Sheet(
        _("Kegiatan"),
        scope.scoped(PlanActivity.objects.all(), "plan__programme_opd")
        .annotate(
            participant_count=count_subquery(
                PlanActivity.participants.through.objects.filter(planactivity=OuterRef("pk")), "planactivity"
            ),
            joint_programme_id=Subquery(
                PlanActivity.joint_programmes.through.objects.filter(planactivity=OuterRef("pk")).values(
                    "jointprogramme_id"
                )[:1]
            ),
        )
        .order_by("plan_id", "pk"),
        [
            (_("ID kegiatan"), "pk"),
            (_("ID rencana"), "plan_id"),
            (_("Versi rencana"), "plan__version"),
            (_("Status rencana"), _choice(PlanStatus, "plan__status")),
            (_("OPD"), _opd("plan__programme_opd__opd")),
            (_("Kegiatan"), "title"),
            (_("Kode LAN"), "form__lan_code"),
            (_("Bentuk pengembangan"), "form__name"),
            (_("Kelompok 70:20:10"), _choice(LearningFamily, "form__family")),
            (_("JP"), "jp"),
            (_("Jumlah peserta"), "participant_count"),
            (_("Perkiraan biaya (Rp)"), "estimated_cost"),
            (_("Mulai"), "start_date"),
            (_("Selesai"), "end_date"),
            (_("RHK / indikator"), "rhk_indicator"),
            (_("ID program bersama"), "joint_programme_id"),
        ],
        ["plan__status", "form__family", *_opd_fields("plan__programme_opd__opd")],
    )


def _realisations_sheet(scope):
    return Sheet(
        _("Realisasi"),
        scope.scoped(Realisation.objects.all(), "activity__plan__programme_opd")
        .annotate(credited=count_subquery(JpCredit.objects.filter(realisation=OuterRef("pk")), "realisation"))
        .order_by("start_date", "pk"),
        [
            (_("ID realisasi"), "pk"),
            (_("ID kegiatan"), "activity_id"),
            (_("OPD"), _opd("activity__plan__programme_opd__opd")),
            (_("Kegiatan"), "activity__title"),
            (_("Tanggal mulai"), "start_date"),
            (_("Tanggal selesai"), "end_date"),
            (_("Durasi (menit)"), "duration_minutes"),
            (_("Nomor sertifikat"), "certificate_number"),
            (_("Pegawai diakui JP"), "credited"),
        ],
        _opd_fields("activity__plan__programme_opd__opd"),
    )


def _credits_sheet(scope):
    return Sheet(
        _("JP"),
        scope.scoped(JpCredit.objects.all(), "realisation__activity__plan__programme_opd").order_by("year", "pk"),
        [
            (_("ID pengakuan"), "pk"),
            (_("Tahun"), "year"),
            (_("OPD"), _opd("realisation__activity__plan__programme_opd__opd")),
            *scope.person_columns(),
            (_("Status kepegawaian"), _choice(EmploymentType, "pegawai__employment_type")),
            (_("ID kegiatan"), "realisation__activity_id"),
            (_("Kegiatan"), "realisation__activity__title"),
            (_("Kode LAN"), "realisation__activity__form__lan_code"),
            (_("JP diakui"), "jp"),
            (_("JP sebelum batas"), "jp_before_cap"),
        ],
        [
            "pegawai__nip",
            "pegawai__employment_type",
            *_opd_fields("realisation__activity__plan__programme_opd__opd"),
        ],
    )


def _evaluations_sheet(scope):
    return Sheet(
        _("Evaluasi"),
        scope.scoped(Evaluation.objects.all(), "activity__plan__programme_opd").order_by("activity_id", "level", "pk"),
        [
            (_("ID evaluasi"), "pk"),
            (_("ID kegiatan"), "activity_id"),
            (_("OPD"), _opd("activity__plan__programme_opd__opd")),
            (_("Kegiatan"), "activity__title"),
            (_("Level"), _choice(EvaluationLevel, "level")),
            (_("Responden"), "respondents"),
            (_("Skor / nilai pasca-tes"), "score"),
            (_("Nilai pra-tes"), "pre_score"),
            (_("Indikator"), "indicator"),
            (_("Kondisi awal"), "baseline"),
            (_("Target"), "target"),
            (_("Hasil terukur"), "result"),
            (_("Tenggat pengukuran"), "due_date"),
            (_("Tanggal pengukuran"), "measured_at"),
        ],
        ["level", *_opd_fields("activity__plan__programme_opd__opd")],
    )


def _surveys_sheet(scope):
    minimum = LearningSettings.load().culture_min_respondents
    shown = Q(respondents__gte=minimum)
    mean = (
        CultureSurveyScore.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(mean=Avg("score"))
        .values("mean")
    )
    return Sheet(
        _("Survei"),
        scope.scoped(CultureSurvey.objects.all(), "programme_opd")
        .annotate(
            # Below the minimum number of respondents no figure is given (INDEX_RULE).
            culture_index=Case(When(shown, then=Subquery(mean)), default=None),
            **{
                f"score_{dimension.value}": Case(
                    When(
                        shown,
                        then=Subquery(
                            CultureSurveyScore.objects.filter(survey=OuterRef("pk"), dimension=dimension).values(
                                "score"
                            )[:1]
                        ),
                    ),
                    default=None,
                )
                for dimension in SurveyDimension
            },
        )
        .order_by("programme_opd_id", "phase"),
        [
            (_("ID survei"), "pk"),
            (_("ID OPD program"), "programme_opd_id"),
            (_("OPD"), _opd("programme_opd__opd")),
            (_("Tahap"), _choice(SurveyPhase, "phase")),
            (_("Tanggal survei"), "held_on"),
            (_("Responden"), "respondents"),
            (_("Indeks budaya belajar (rata-rata dimensi)"), "culture_index"),
            *[(dimension.label, f"score_{dimension.value}") for dimension in SurveyDimension],
        ],
        ["phase", *_opd_fields("programme_opd__opd")],
    )


def _questionnaire_sheet(scope):
    """The questionnaires the Pegawai answered: one row per round with its n and, from the
    minimum n, the mean per dimension and the index. Never a single response."""
    minimum = LearningSettings.load().culture_min_respondents
    shown = Q(respondents__gte=minimum)

    def dimension_mean_of(dimension):
        answers = CultureAnswer.objects.filter(response__round=OuterRef("pk"), question__dimension=dimension)
        mean = answers.order_by().values("response__round").annotate(mean=Avg("value")).values("mean")
        return Case(When(shown, then=Subquery(mean)), default=None)

    def index(row):
        scores = [dimension_mean(row[f"score_{d.value}"]) for d in SurveyDimension if row[f"score_{d.value}"]]
        return culture_index(scores) if scores else None

    return Sheet(
        _("Kuesioner Pegawai"),
        scope.scoped(CultureRound.objects.all(), "programme_opd")
        .annotate(respondents=count_subquery(CultureResponse.objects.filter(round=OuterRef("pk")), "round"))
        .annotate(**{f"score_{d.value}": dimension_mean_of(d) for d in SurveyDimension})
        .order_by("programme_opd_id", "phase"),
        [
            (_("ID putaran"), "pk"),
            (_("ID OPD program"), "programme_opd_id"),
            (_("OPD"), _opd("programme_opd__opd")),
            (_("Tahap"), _choice(SurveyPhase, "phase")),
            (_("Dibuka"), "opened_on"),
            (_("Ditutup"), "closed_on"),
            (_("Responden"), "respondents"),
            (_("Indeks budaya belajar (rata-rata dimensi)"), index),
            *[
                (d.label, lambda row, d=d: row[f"score_{d.value}"] and dimension_mean(row[f"score_{d.value}"]))
                for d in SurveyDimension
            ],
        ],
        ["phase", *[f"score_{d.value}" for d in SurveyDimension], *_opd_fields("programme_opd__opd")],
    )


SHEETS = [
    _programmes_sheet,
    _opds_sheet,
    _sessions_sheet,
    _problems_sheet,
    _causes_sheet,
    _recommendations_sheet,
    _needs_sheet,
    _activities_sheet,
    _realisations_sheet,
    _credits_sheet,
    _evaluations_sheet,
    _surveys_sheet,
    _questionnaire_sheet,
]


def data_pack_sheets(*, programme=None, real_nip=False):
    """The thirteen tables of the pack (SHEETS), each one query."""
    scope = PackScope(programme=programme, real_nip=real_nip)
    return [build(scope) for build in SHEETS]


def _summary_rows(*, user, programme, real_nip, counts):
    figures = dashboard_totals(
        user, DashboardFilters(programme_id=programme.pk if programme else None, year=timezone.localdate().year)
    )
    totals = figures["totals"]
    profile = instance_profile()
    rows = [
        # Which installation the pack comes from: packs of several provinces are read side by side.
        [_("Instansi"), profile.agency_full_name],
        [_("Provinsi"), profile.province_name],
        [_("Zona waktu"), f"{profile.zone_label} ({profile.time_zone})"],
        [_("Dibuat"), timezone.now()],
        [_("Dibuat oleh"), user.display_name],
        [_("Program"), programme.name if programme else _("Semua program")],
        [
            _("NIP"),
            _("asli (dengan alasan tercatat)") if real_nip else _("disamarkan (HMAC-SHA256, 12 digit heksadesimal)"),
        ],
        [],
        [_("Indikator"), _("Nilai")],
        [_("OPD program"), totals["opd_total"]],
        *[[_("OPD pada tahap %(stage)s") % {"stage": item["label"]}, item["count"]] for item in figures["stages"]],
        [_("Sesi pendampingan"), totals["session_count"]],
        [_("Tindak lanjut terbuka"), totals["open_follow_up_count"]],
        [_("Masalah kinerja"), totals["problem_count"]],
        *[[_("Kebutuhan: %(group)s") % {"group": item["label"]}, item["count"]] for item in totals["needs_by_group"]],
        [_("Kegiatan dalam rencana yang berlaku"), totals["activity_count"]],
        *[
            [_("Rencana (JP × peserta): %(family)s") % {"family": part["label"]}, part["value"]]
            for part in totals["planned_mix"]["parts"]
        ],
        *[
            [_("Realisasi (JP diakui): %(family)s") % {"family": part["label"]}, part["value"]]
            for part in totals["realised_mix"]["parts"]
        ],
        [_("Pegawai aktif"), totals["staff_count"]],
        [
            _("Pegawai dengan JP ≥ minimal tahun %(year)s") % {"year": timezone.localdate().year},
            totals["covered_count"],
        ],
        [_("Biaya rencana WPL menurut tarif satuan (Rp)"), totals["cost"]["wpl_cost"]],
        [_("Alternatif klasikal termurah (Rp)"), totals["cost"]["classroom_cost"]],
        [_("Penghematan (Rp)"), totals["cost"]["savings"]],
        [],
        [_("Lembar"), _("Jumlah baris")],
        *[[title, count] for title, count in counts],
    ]
    return rows


@transaction.atomic
def data_pack_build(*, user, programme=None, real_nip=False, reason="", progress=None):
    """Write the data pack to a temporary file and record the export. Returns (file, filename,
    [(table, rows)]); the caller streams or stores the file and closes it. `progress(percent, step)`, when given,
    hears after each table (the background job's progress bar)."""
    with without_jit():
        return _build(user=user, programme=programme, real_nip=real_nip, reason=reason, progress=progress)


def _build(*, user, programme, real_nip, reason, progress):
    writer = XlsxWriter()
    summary = writer.sheet(_("Ringkasan"), [Column(""), Column("")], header=False)
    counts = []
    sheets = data_pack_sheets(programme=programme, real_nip=real_nip)
    for number, sheet_spec in enumerate(sheets, 1):
        sheet = writer.sheet(sheet_spec.title, sheet_spec.export_columns())
        counts.append((str(sheet_spec.title), sheet.extend(sheet_spec.rows())))
        if progress:
            progress(number * 95 // len(sheets), _("Lembar %(title)s ditulis") % {"title": sheet_spec.title})
    for row in _summary_rows(user=user, programme=programme, real_nip=real_nip, counts=counts):
        summary.append((row + [None, None])[:2])
    # Handed to FileResponse, which closes it after streaming.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    writer.save(output)
    output.seek(0)
    row_count = sum(count for _title, count in counts)
    scope = programme.name if programme else _("semua program")
    description = _("Paket data kertas kebijakan (%(scope)s)") % {"scope": scope}
    if real_nip:
        description += "; " + _("NIP asli, alasan: %(reason)s") % {"reason": reason}
    record_export(user=user, kind=EXPORT_KIND, description=description, row_count=row_count, pseudonymised=not real_nip)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return output, f"paket-data-intan-wpl-{stamp}.xlsx", counts
