"""A systematic scope crawl over EVERY url pattern of the portal.

Two OPDs A and B take part in one programme, each with a full chain of objects (sessions,
problem map, needs, plan, realisation, evaluation, survey, roster ...). For every pattern whose
kwargs name an object, the kwargs are resolved to B's object of the right type through the
explicit ROUTES mapping below, and the page is requested as A's Widyaiswara and A's Kepala OPD
(GET, and POST with an empty body): the answer must be 403 or 404, never B's data, never a
500, and nothing of B's may change. A visitor is sent to the login page. Every parameterless
page is opened as every role: no 500, and the page is in Indonesian.

A NEW url pattern that the mapping does not cover fails
`test_every_url_pattern_is_in_the_scope_mapping`, so no future page escapes the check.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from insights.models import (
    CultureRound,
    CultureSurvey,
    CultureSurveyScore,
    JointProgramme,
    SbmRate,
    SurveyDimension,
    SurveyPhase,
    UnitCost,
)
from intan_wpl.models import Job, JobState, Notification, Role
from learning_needs.models import SessionAttachment
from learning_plans.models import PlanComment, PlanStatus, PlanTransition
from learning_records.models import Evaluation, EvaluationLevel, JpCredit
from learning_records.services.api_clients import api_client_issue
from learning_records.services.external_jp import external_jp_create
from learning_records.services.journal import journal_entry_create, journal_entry_decide
from pilots.models import Assignment, RosterImport, SkpIndicator
from tests.factories import (
    CauseFactory,
    FieldSessionFactory,
    FollowUpFactory,
    LearningNeedFactory,
    LearningPlanFactory,
    PegawaiFactory,
    ProblemFactory,
    ProgrammeFactory,
    ProgrammeOpdFactory,
    RecommendationFactory,
    SessionParticipantFactory,
    SessionSeriesFactory,
    TechnicalCompetencyFactory,
    UnitKerjaFactory,
    UserFactory,
    WidyaiswaraProfileFactory,
    approved_activity,
    development_form,
    realise,
)

pytestmark = pytest.mark.django_db

# Text carried by B's objects: it must never show on a page opened by A's users.
SECRET = "RAHASIA-B"

# url name -> {kwarg: key of B's object in the dataset (or a literal for non-object kwargs)}.
# Every pattern with kwargs MUST be listed (see test_every_url_pattern_is_in_the_scope_mapping).
ROUTES = {
    # --- field sessions
    "learning_needs:session_list": {"programme_opd_pk": "programme_opd"},
    "learning_needs:session_create": {"programme_opd_pk": "programme_opd"},
    "learning_needs:participant_search": {"programme_opd_pk": "programme_opd"},
    "learning_needs:participant_roster": {"programme_opd_pk": "programme_opd"},
    "learning_needs:series_create": {"programme_opd_pk": "programme_opd"},
    "learning_needs:session_detail": {"pk": "session"},
    "learning_needs:session_edit": {"pk": "session"},
    "learning_needs:session_delete": {"pk": "session"},
    "learning_needs:session_history": {"pk": "session"},
    "learning_needs:follow_up_add": {"pk": "session"},
    "learning_needs:attachment_upload": {"pk": "session"},
    "learning_needs:session_attendance": {"pk": "participant"},
    "learning_needs:follow_up_toggle": {"pk": "follow_up"},
    "learning_needs:attachment_download": {"pk": "attachment"},
    "learning_needs:attachment_delete": {"pk": "attachment"},
    "learning_needs:series_detail": {"pk": "series"},
    "learning_needs:series_attendance": {"pk": "series"},
    "learning_needs:series_add_repeat": {"pk": "series"},
    # --- problem map, causes, recommendations, needs, competencies
    "learning_needs:problem_list": {"programme_opd_pk": "programme_opd"},
    "learning_needs:problem_create": {"programme_opd_pk": "programme_opd"},
    "learning_needs:problem_detail": {"pk": "problem"},
    "learning_needs:problem_update": {"pk": "problem"},
    "learning_needs:problem_delete": {"pk": "problem"},
    "learning_needs:problem_history": {"pk": "problem"},
    "learning_needs:cause_create": {"pk": "problem"},
    "learning_needs:cause_update": {"pk": "cause"},
    "learning_needs:cause_delete": {"pk": "cause"},
    "learning_needs:cause_history": {"pk": "cause"},
    "learning_needs:recommendation_list": {"programme_opd_pk": "programme_opd"},
    "learning_needs:recommendation_create": {"programme_opd_pk": "programme_opd"},
    "learning_needs:recommendation_update": {"pk": "recommendation"},
    "learning_needs:recommendation_status": {"pk": "recommendation"},
    "learning_needs:recommendation_follow_up": {"pk": "recommendation"},
    "learning_needs:recommendation_delete": {"pk": "recommendation"},
    "learning_needs:recommendation_history": {"pk": "recommendation"},
    "learning_needs:need_list": {"programme_opd_pk": "programme_opd"},
    "learning_needs:need_create": {"programme_opd_pk": "programme_opd"},
    "learning_needs:need_detail": {"pk": "need"},
    "learning_needs:need_update": {"pk": "need"},
    "learning_needs:need_delete": {"pk": "need"},
    "learning_needs:need_history": {"pk": "need"},
    "learning_needs:competency_list": {"programme_opd_pk": "programme_opd"},
    "learning_needs:competency_create": {"programme_opd_pk": "programme_opd"},
    "learning_needs:competency_update": {"programme_opd_pk": "programme_opd", "pk": "competency"},
    "learning_needs:competency_delete": {"programme_opd_pk": "programme_opd", "pk": "competency"},
    # --- learning plans
    "learning_plans:plan_current": {"programme_opd_pk": "programme_opd"},
    "learning_plans:plan_create": {"programme_opd_pk": "programme_opd"},
    "learning_plans:plan_detail": {"pk": "plan"},
    "learning_plans:plan_edit": {"pk": "draft_plan"},
    "learning_plans:activity_create": {"pk": "draft_plan"},
    "learning_plans:activity_edit": {"pk": "draft_activity"},
    "learning_plans:activity_delete": {"pk": "draft_activity"},
    "learning_plans:plan_submit": {"pk": "draft_plan"},
    "learning_plans:plan_review": {"pk": "draft_plan"},
    "learning_plans:plan_new_version": {"pk": "plan"},
    "learning_plans:plan_compare": {"pk": "draft_plan"},
    "learning_plans:plan_history": {"pk": "plan"},
    "learning_plans:plan_print": {"pk": "plan"},
    "learning_plans:plan_pdf": {"pk": "plan"},
    "intan_wpl:notification_open": {"pk": "notification"},
    # Background jobs: the owner's only (here the admin who asked for B's data pack).
    "intan_wpl:job_detail": {"pk": "job"},
    "intan_wpl:job_download": {"pk": "job"},
    # --- catalogue (global, admin only), realisation, JP, evaluation, survey
    "learning_plans:form_edit": {"pk": "development_form"},
    "learning_plans:form_delete": {"pk": "development_form"},
    "learning_records:realisation_list": {"programme_opd_pk": "programme_opd"},
    "learning_records:jp_ledger": {"programme_opd_pk": "programme_opd"},
    "learning_records:jp_person": {"programme_opd_pk": "programme_opd", "pegawai_pk": "pegawai"},
    "learning_records:jp_export": {"programme_opd_pk": "programme_opd"},
    "learning_records:realisation_detail": {"activity_pk": "activity"},
    "learning_records:realisation_record": {"activity_pk": "activity"},
    "learning_records:realisation_delete": {"activity_pk": "activity"},
    "learning_records:evaluation_list": {"programme_opd_pk": "programme_opd"},
    "learning_records:activity_evaluations": {"activity_pk": "activity"},
    "learning_records:evaluation_create": {"activity_pk": "activity", "level": 2},
    "learning_records:evaluation_edit": {"pk": "evaluation"},
    "learning_records:evaluation_delete": {"pk": "evaluation"},
    "learning_records:external_jp_delete": {"pk": "external_jp"},
    # API clients: the admin's alone (one of them is scoped to B).
    "learning_records:api_client_detail": {"pk": "api_client"},
    "learning_records:api_client_revoke": {"pk": "api_client"},
    "learning_records:my_certificate": {"pk": "credit"},
    "learning_records:reaction_answer": {"activity_pk": "activity"},
    "learning_records:journal_detail": {"pk": "journal_entry"},
    "learning_records:journal_edit": {"pk": "returned_journal_entry"},
    "learning_records:journal_decide": {"pk": "journal_entry"},
    "learning_records:journal_evidence": {"pk": "journal_entry"},
    "insights:plan_cost": {"plan_pk": "plan"},
    "insights:duplicate_pair_dismiss": {"first_pk": "activity", "second_pk": "draft_activity"},
    "insights:unit_cost_edit": {"pk": "unit_cost"},
    "insights:sbm_rate_edit": {"pk": "sbm_rate"},
    "insights:survey_results": {"programme_opd_pk": "programme_opd"},
    "insights:programme_opd_hub": {"programme_opd_pk": "programme_opd"},
    "insights:survey_edit": {"programme_opd_pk": "programme_opd", "phase": SurveyPhase.SEBELUM.value},
    "insights:culture_round_open": {"programme_opd_pk": "programme_opd", "phase": SurveyPhase.SESUDAH.value},
    "insights:culture_round_close": {"pk": "culture_round"},
    "insights:culture_questionnaire_answer": {"pk": "culture_round"},
    # --- dashboard (admin only)
    "insights:joint_programme_detail": {"pk": "joint_programme"},
    # --- registry
    "pilots:opd_detail": {"pk": "opd"},
    "pilots:opd_edit": {"pk": "opd"},
    "pilots:opd_delete": {"pk": "opd"},
    "pilots:unit_create": {"opd_pk": "opd"},
    "pilots:unit_edit": {"pk": "unit"},
    "pilots:unit_delete": {"pk": "unit"},
    "pilots:user_edit": {"pk": "widyaiswara"},
    "pilots:user_set_password": {"pk": "widyaiswara"},
    "pilots:programme_detail": {"pk": "own_programme"},
    "pilots:programme_edit": {"pk": "own_programme"},
    "pilots:programme_delete": {"pk": "own_programme"},
    "pilots:programme_decree": {"pk": "own_programme"},
    "pilots:programme_opd_add": {"pk": "own_programme"},
    "pilots:programme_opd_detail": {"pk": "programme_opd"},
    "pilots:programme_opd_remove": {"pk": "programme_opd"},
    "pilots:programme_opd_set_active": {"pk": "programme_opd"},
    "pilots:assignment_create": {"pk": "programme_opd"},
    "pilots:assignment_edit": {"pk": "assignment"},
    "pilots:assignment_delete": {"pk": "assignment"},
    "pilots:assignment_make_ketua": {"pk": "assignment"},
    "pilots:assignment_letter": {"pk": "assignment"},
    "pilots:assignment_letter_generate": {"pk": "assignment"},
    "pilots:assignment_letter_pdf": {"pk": "assignment"},
    "pilots:widyaiswara_edit": {"pk": "widyaiswara"},
    "pilots:roster_list": {"opd_pk": "opd"},
    "pilots:skp_list": {"opd_pk": "opd"},
    "pilots:skp_import": {"opd_pk": "opd"},
    "pilots:pegawai_create": {"opd_pk": "opd"},
    "pilots:roster_export": {"opd_pk": "opd"},
    "pilots:roster_import": {"opd_pk": "opd"},
    "pilots:pegawai_edit": {"pk": "pegawai"},
    "pilots:pegawai_delete": {"pk": "pegawai"},
    "pilots:roster_import_preview": {"pk": "roster_import"},
    "pilots:roster_import_commit": {"pk": "roster_import"},
    "pilots:roster_import_cancel": {"pk": "roster_import"},
    "pilots:roster_import_errors_download": {"pk": "roster_import"},
    "pilots:activation_issue": {"opd_pk": "opd"},
    # --- history of any object (also after deletion) and the admin's security pages
    "pilots:history": {"model": "learning_needs.fieldsession", "pk": "session"},
    "intan_wpl:lockout_release": {"pk": 1},
    "intan_wpl:second_factor_reset": {"pk": "widyaiswara"},
}

# Patterns with two object kwargs: A's parent with B's child must not reach B's child either.
MIXED_ROUTES = {
    "learning_needs:competency_update": {"programme_opd_pk": ("a", "programme_opd"), "pk": ("b", "competency")},
    "learning_needs:competency_delete": {"programme_opd_pk": ("a", "programme_opd"), "pk": ("b", "competency")},
    "learning_records:jp_person": {"programme_opd_pk": ("a", "programme_opd"), "pegawai_pk": ("b", "pegawai")},
}

# A's own pages with ids of B's objects in the query string (preselection, filters, search):
# (url name, kwargs of A's objects, query: parameter -> key of B's object or a literal).
QUERY_PROBES = [
    ("learning_needs:need_create", {"programme_opd_pk": "programme_opd"}, {"cause": "cause"}),
    ("learning_needs:recommendation_create", {"programme_opd_pk": "programme_opd"}, {"cause": "cause"}),
    ("learning_needs:cause_create", {"pk": "problem"}, {"parent": "cause"}),
    ("learning_plans:activity_create", {"pk": "draft_plan"}, {"kebutuhan": "need"}),
    ("learning_needs:participant_search", {"programme_opd_pk": "programme_opd"}, {"q": "Pegawai", "unit": "unit"}),
    (
        "learning_needs:session_list",
        {"programme_opd_pk": "programme_opd"},
        {"unit": "unit", "widyaiswara": "widyaiswara"},
    ),
    ("learning_needs:my_sessions", {}, {"programme_opd": "programme_opd"}),
    ("learning_records:jp_ledger", {"programme_opd_pk": "programme_opd"}, {"unit": "unit", "q": "Pegawai"}),
    ("learning_plans:plan_list", {}, {"q": "Rencana", "opd": "opd", "programme_opd": "programme_opd"}),
    ("learning_records:jp_overview", {}, {"opd": "opd", "programme_opd": "programme_opd"}),
]

# Patterns without kwargs that are not pages to open by GET in the crawl.
NOT_CRAWLED = {"logout"}  # GET would sign the crawler out (Django 5 logs out by POST only).
# Django's own password reset pages are for people who cannot sign in: public by design, they
# show no OPD's data (tests/intan_wpl/test_password_reset.py).
PUBLIC = {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
# The read-only API answers client systems by token, never a session: a visitor gets 401 (its
# schema, which holds no data, 200), not the login page (tests/learning_records/test_api.py).
API_PATTERNS = {"learning_records:api_jp", "learning_records:api_development", "learning_records:api_schema"}
# Pages a visitor opens without signing in: the login, and a Pegawai's account activation.
PUBLIC_PAGES = {"login", "pilots:account_activate", *API_PATTERNS}

DENIED = {403, 404}

# Pages every Pegawai of the OPD answers (not another person's record): the open questionnaire
# of their own OPD. The Pegawai crawl checks them against OPD B only.
OWN_OPD_PEGAWAI_PAGES = {"insights:culture_questionnaire_answer"}


def url_patterns(resolver=None, namespace=None):
    """(name, pattern) for every named url pattern, recursing into includes; admin/ skipped."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            yield from url_patterns(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.pattern


def patterns_with_kwargs():
    return {name for name, pattern in url_patterns() if pattern.converters and name not in PUBLIC}


def parameterless_patterns():
    return sorted(
        name for name, pattern in url_patterns() if not pattern.converters and name not in NOT_CRAWLED | PUBLIC
    )


@dataclass
class Side:
    """One OPD's full chain of objects."""

    opd: object
    programme_opd: object
    own_programme: object
    widyaiswara: object
    kepala: object
    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return getattr(self, key) if hasattr(self, key) else self.objects[key]


def build_side(label, *, programme, opd, programme_opd, widyaiswara, kepala, admin):
    secret = SECRET if label == "B" else "terbuka-A"
    own_programme = ProgrammeFactory(
        name=f"Program khusus {secret}",
        decree_file=ContentFile(b"%PDF-1.4\n% SK rahasia\n", name=f"sk-{label}.pdf"),
    )
    ProgrammeOpdFactory(programme=own_programme, opd=opd)
    side = Side(opd, programme_opd, own_programme, widyaiswara, kepala)
    o = side.objects
    o["widyaiswara"] = widyaiswara
    WidyaiswaraProfileFactory(user=widyaiswara)
    o["assignment"] = Assignment.objects.get(programme_opd=programme_opd, widyaiswara=widyaiswara)
    o["assignment"].letter_file.save(f"surat-tugas-{label}.pdf", ContentFile(b"%PDF-1.4\n% ST rahasia\n"))
    o["unit"] = UnitKerjaFactory(opd=opd, name=f"Bidang {secret}")
    o["pegawai"] = PegawaiFactory(opd=opd, unit=o["unit"], name=f"Pegawai {secret}")
    # A colleague of o["pegawai"] with their own account (role Pegawai): sees only themselves.
    o["colleague"] = PegawaiFactory(opd=opd, unit=o["unit"], name=f"Rekan {secret}")
    o["colleague"].account = UserFactory(username=o["colleague"].nip, role=Role.PEGAWAI, full_name=f"Rekan {label}")
    o["colleague"].save(update_fields=["account"])
    o["session"] = FieldSessionFactory(
        programme_opd=programme_opd, created_by=widyaiswara, topic=f"Sesi {secret}", unit=o["unit"]
    )
    o["skp"] = SkpIndicator.objects.create(
        pegawai=o["pegawai"], period="2025", year=2025, rhk=f"RHK {secret}", indicator=f"IKI {secret}", target="1"
    )
    o["participant"] = SessionParticipantFactory(session=o["session"], pegawai=o["pegawai"])
    o["follow_up"] = FollowUpFactory(session=o["session"], action=f"Tindak lanjut {secret}")
    o["attachment"] = SessionAttachment.objects.create(
        session=o["session"],
        file=ContentFile(b"%PDF-1.4\n% rahasia\n", name=f"notulen-{label}.pdf"),
        original_name=f"notulen-{secret}.pdf",
        mime_type="application/pdf",
        size=19,
        uploaded_by=widyaiswara,
    )
    o["series"] = SessionSeriesFactory(programme_opd=programme_opd, created_by=widyaiswara, topic=f"Bergilir {secret}")
    o["problem"] = ProblemFactory(programme_opd=programme_opd, created_by=widyaiswara, title=f"Masalah {secret}")
    o["cause"] = CauseFactory(problem=o["problem"], text=f"Penyebab {secret}")
    o["recommendation"] = RecommendationFactory(
        cause=CauseFactory(problem=o["problem"], parent=o["cause"], text=f"Penyebab metode {secret}"),
        action=f"Rekomendasi {secret}",
    )
    o["competency"] = TechnicalCompetencyFactory(opd=opd, name=f"Kompetensi {secret}")
    o["need"] = LearningNeedFactory(cause=o["cause"], competency=o["competency"], notes=f"Kebutuhan {secret}")
    o["activity"] = approved_activity(programme_opd, participants=[o["pegawai"]], title=f"Kegiatan {secret}")
    o["plan"] = o["activity"].plan
    o["plan"].title = f"Rencana {secret}"
    o["plan"].save(update_fields=["title"])
    o["transition"] = PlanTransition.objects.create(
        plan=o["plan"], from_status=PlanStatus.DIAJUKAN, to_status=PlanStatus.DISETUJUI, actor=kepala
    )
    o["comment"] = PlanComment.objects.create(
        plan=o["plan"], activity=o["activity"], author=kepala, text=f"Komentar {secret}"
    )
    o["realisation"] = realise(o["activity"], [o["pegawai"]], recorded_by=widyaiswara, notes=f"Catatan {secret}")
    o["credit"] = JpCredit.objects.get(realisation=o["realisation"], pegawai=o["pegawai"])
    # The person has their own account too: only they open their certificate.
    o["pegawai"].account = UserFactory(username=o["pegawai"].nip, role=Role.PEGAWAI, full_name=f"Pegawai {label}")
    o["pegawai"].save(update_fields=["account"])
    # o["pegawai"] writes a journal for their atasan langsung (not the colleague, who must reach
    # nothing of either).
    o["atasan"] = PegawaiFactory(opd=opd, unit=o["unit"], name=f"Atasan {secret}")
    o["atasan"].account = UserFactory(username=o["atasan"].nip, role=Role.PEGAWAI, full_name=f"Atasan {label}")
    o["atasan"].save(update_fields=["account"])
    o["pegawai"].supervisor = o["atasan"]
    o["pegawai"].save(update_fields=["supervisor"])
    o["journal_entry"] = journal_entry_create(
        pegawai=o["pegawai"],
        form=development_form("NKL01"),
        title=f"Coaching {secret}",
        date=date(2025, 8, 1),
        hours=Decimal(2),
        learned=f"Belajar {secret}",
        evidence=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n% bukti rahasia\n"),
    )
    o["returned_journal_entry"] = journal_entry_create(
        pegawai=o["pegawai"],
        form=development_form("NKL01"),
        title=f"Mentoring {secret}",
        date=date(2025, 8, 2),
        hours=Decimal(1),
        learned=f"Belajar lagi {secret}",
    )
    journal_entry_decide(
        entry=o["returned_journal_entry"], actor=o["atasan"].account, validate=False, comment="Lengkapi"
    )
    o["evaluation"] = Evaluation.objects.create(
        activity=o["activity"],
        level=EvaluationLevel.REACTION,
        respondents=10,
        score=Decimal("4.20"),
        notes=f"Evaluasi {secret}",
        recorded_by=widyaiswara,
    )
    o["external_jp"] = external_jp_create(
        pegawai=o["pegawai"],
        recorded_by=admin,
        title=f"Kursus luar {secret}",
        provider="BPSDM",
        form=development_form("KL08"),
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 4),
        jp=Decimal(8),
    )
    o["unit_cost"] = UnitCost.objects.create(form=development_form("KL08"), year=2000 + ord(label), basis=secret)
    o["sbm_rate"] = SbmRate.objects.create(year=2000 + ord(label), basis=secret)
    o["draft_plan"] = LearningPlanFactory(
        programme_opd=programme_opd,
        version=2,
        previous_version=o["plan"],
        title=f"Rencana revisi {secret}",
        status=PlanStatus.DRAF,
        created_by=widyaiswara,
    )
    o["draft_activity"] = approved_activity(
        programme_opd, plan=o["draft_plan"], participants=[o["pegawai"]], title=f"Kegiatan revisi {secret}"
    )
    o["survey"] = CultureSurvey.objects.create(
        programme_opd=programme_opd,
        phase=SurveyPhase.SEBELUM,
        held_on=date(2025, 7, 1),
        respondents=12,
        recorded_by=widyaiswara,
    )
    CultureSurveyScore.objects.create(survey=o["survey"], dimension=SurveyDimension.INISIATIF, score=Decimal("3.10"))
    o["culture_round"] = CultureRound.objects.create(
        programme_opd=programme_opd, phase=SurveyPhase.SEBELUM, opened_on=date(2025, 7, 1), opened_by=widyaiswara
    )
    o["roster_import"] = RosterImport.objects.create(
        opd=opd, uploaded_by=admin, original_name=f"pegawai-{secret}.xlsx", total_rows=1
    )
    o["notification"] = Notification.objects.create(
        recipient=kepala, message=f"Rencana {secret} menunggu review", url=f"/rencana/{o['plan'].pk}/"
    )
    Notification.objects.create(recipient=widyaiswara, message=f"Komentar {secret}", url="/")
    o["job"] = Job.objects.create(owner=admin, kind="data_pack", label=f"Paket {secret}", state=JobState.DONE)
    o["job"].result_name = f"paket-{secret}.csv"
    o["job"].result_file.save("paket.csv", ContentFile(f"nip,{secret}\n".encode()), save=True)
    o["joint_programme"] = JointProgramme.objects.create(name=f"Program bersama {secret}", created_by=admin)
    o["joint_programme"].activities.add(o["activity"])
    o["api_client"] = api_client_issue(name=f"E-Kinerja {secret}", opd=opd, issued_by=admin).client
    o["development_form"] = development_form("KL03")
    o["opd"] = opd
    o["programme_opd"] = programme_opd
    o["own_programme"] = own_programme
    return side


@pytest.fixture(autouse=True)
def quiet_request_log():
    """Hundreds of expected 403/404/405 would bury a real failure in the output."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.fixture
def world(settings, tmp_path, admin_user, programme, programme_opd_a, programme_opd_b, everyone):
    settings.MEDIA_ROOT = tmp_path
    opd_b = programme_opd_b.opd
    opd_b.name = f"Dinas {SECRET}"
    opd_b.save(update_fields=["name"])
    common = {"programme": programme, "admin": admin_user}
    a = build_side(
        "A",
        opd=programme_opd_a.opd,
        programme_opd=programme_opd_a,
        widyaiswara=everyone["widyaiswara_a"],
        kepala=everyone["kepala_a"],
        **common,
    )
    b = build_side(
        "B",
        opd=opd_b,
        programme_opd=programme_opd_b,
        widyaiswara=everyone["widyaiswara_b"],
        kepala=everyone["kepala_b"],
        **common,
    )
    return {"a": a, "b": b, "everyone": {**everyone, "pegawai_a": a.objects["colleague"].account}}


def url_for(name, kwargs_spec, sides, default_side="b"):
    kwargs = {}
    for kwarg, key in kwargs_spec.items():
        if isinstance(key, tuple):
            side, key = key
            kwargs[kwarg] = sides[side].objects[key].pk
        elif isinstance(key, str) and key in sides[default_side].objects:
            kwargs[kwarg] = sides[default_side].objects[key].pk
        else:
            kwargs[kwarg] = key
    return reverse(name, kwargs=kwargs)


def snapshot(side):
    """Every field of every object of the side, to prove that nothing of it changed."""
    state = {}
    for key, obj in side.objects.items():
        fresh = type(obj).objects.filter(pk=obj.pk).first()
        state[key] = model_to_dict(fresh) if fresh is not None else None
    return state


def signed_in(user, *, htmx=False):
    client = Client(headers={"HX-Request": "true"}) if htmx else Client()
    client.force_login(user)
    return client


def request(client, method, url):
    """(status, body, response): an exception is reported as a 500, not raised."""
    try:
        response = getattr(client, method)(url)
    except Exception as error:  # noqa: BLE001 - the crawl reports every failure at once
        return 500, f"{type(error).__name__}: {error}", None
    body = "" if response.streaming else response.content.decode(errors="replace")
    return response.status_code, body, response


def title_of(body):
    """The page's <title> (or the start of a non-HTML answer), for a readable failure."""
    match = re.search(r"<title>(.*?)</title>", body, flags=re.S)
    return " ".join(match.group(1).split()) if match else body[:120]


def test_every_url_pattern_is_in_the_scope_mapping():
    with_kwargs = patterns_with_kwargs()
    assert not (with_kwargs - set(ROUTES)), (
        "New url patterns not in ROUTES of tests/intan_wpl/test_scope_crawl.py: map each to the "
        f"object of OPD B its kwargs name: {sorted(with_kwargs - set(ROUTES))}"
    )
    assert not (set(ROUTES) - with_kwargs), f"ROUTES names patterns that no longer exist: {set(ROUTES) - with_kwargs}"
    assert set(MIXED_ROUTES) <= with_kwargs


def test_the_mapping_names_real_objects_that_their_own_opd_reaches(world):
    """The crawl proves nothing if B's objects were missing: B's own people (or the admin) reach
    every mapped page."""
    b = world["b"]
    owners = [
        world["everyone"]["admin"],
        b.widyaiswara,
        b.kepala,
        b.objects["pegawai"].account,
        b.objects["atasan"].account,
    ]
    clients = [signed_in(user) for user in owners]
    unreachable = []
    post_only = []
    for name, spec in ROUTES.items():
        url = url_for(name, spec, world)
        statuses = [request(client, "get", url)[0] for client in clients]
        if set(statuses) == {405}:
            post_only.append((name, url))
        elif 500 in statuses or all(status in (403, 404) for status in statuses):
            unreachable.append((name, url, statuses))
    # Pages served by POST only: one of the owners' POST (an empty form) reaches the object.
    for name, url in post_only:
        statuses = []
        for client in clients:
            statuses.append(request(client, "post", url)[0])
            if statuses[-1] not in (403, 404):
                break
        if statuses[-1] in (403, 404, 405) or statuses[-1] >= 500:
            unreachable.append((name, url, ["POST", *statuses]))
    assert not unreachable, unreachable


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("who", ["widyaiswara", "kepala"])
def test_no_page_of_opd_b_opens_for_the_people_of_opd_a(world, who, htmx):
    """Also as htmx requests: fragments answered to HX-Request must be scoped just the same."""
    a, b = world["a"], world["b"]
    client = signed_in(getattr(a, who), htmx=htmx)
    before = snapshot(b)
    failures = []
    for name, spec in ROUTES.items():
        url = url_for(name, spec, world)
        for method in ("get", "post"):
            status, body, _response = request(client, method, url)
            if status == 405:
                continue  # the method is not served at all: nothing of B's is reached
            if status not in DENIED:
                failures.append(f"{method.upper()} {name} {url}: {status} {title_of(body)!r}")
            elif SECRET in body:
                failures.append(f"{method.upper()} {name} {url}: {status} shows B's data")
    for name, spec in MIXED_ROUTES.items():
        url = url_for(name, spec, world)
        for method in ("get", "post"):
            status, body, _response = request(client, method, url)
            if status not in DENIED | {405} or SECRET in body:
                failures.append(f"{method.upper()} {name} (mixed) {url}: {status} {title_of(body)!r}")
    assert not failures, "\n".join(failures)
    assert snapshot(b) == before, "a request of A's user changed an object of OPD B"


@pytest.mark.parametrize("side", ["a", "b"])
def test_a_pegawai_reaches_no_other_persons_page_in_their_own_opd_or_another(world, side):
    """A Pegawai's account opens nothing of anybody else: not a colleague's JP page, record or
    file in their own OPD, nor anything of OPD B (GET and POST, page and htmx)."""
    a = world["a"]
    failures = []
    target = world[side]
    before = snapshot(target)
    for htmx in (False, True):
        client = signed_in(a.objects["colleague"].account, htmx=htmx)
        for name, spec in [*ROUTES.items(), *MIXED_ROUTES.items()]:
            if side == "a" and name in OWN_OPD_PEGAWAI_PAGES:
                continue
            url = url_for(name, spec, world, default_side=side)
            for method in ("get", "post"):
                status, body, _response = request(client, method, url)
                if status == 405:
                    continue
                if status not in DENIED:
                    failures.append(f"{method.upper()} {name} {url}: {status} {title_of(body)!r}")
                elif SECRET in body or target.objects["pegawai"].nip in body:
                    failures.append(f"{method.upper()} {name} {url}: {status} shows another person's data")
    assert not failures, "\n".join(failures)
    assert snapshot(target) == before, "a request of a Pegawai changed somebody else's object"


def test_a_visitor_is_sent_to_the_login_page_from_every_pattern(world, client):
    failures = []
    login = reverse("login")
    names = [(name, url_for(name, spec, world)) for name, spec in ROUTES.items()]
    names += [(name, reverse(name)) for name in parameterless_patterns() if name not in PUBLIC_PAGES]
    for name, url in names:
        for method in ("get", "post"):
            status, _body, response = request(client, method, url)
            location = response.get("Location", "") if response is not None else ""
            if status != 302 or not location.startswith(login):
                failures.append(f"{method.upper()} {name} {url}: {status} {location}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["widyaiswara", "kepala"])
def test_ids_of_opd_b_in_the_query_string_of_opd_a_pages_reveal_nothing(world, who):
    a, b = world["a"], world["b"]
    client = signed_in(getattr(a, who))
    failures = []
    for name, kwargs_spec, query_spec in QUERY_PROBES:
        url = url_for(name, kwargs_spec, world, default_side="a")
        query = {key: b.objects[value].pk if value in b.objects else value for key, value in query_spec.items()}
        status, body, _response = request(client, "get", url + "?" + urlencode(query))
        if status >= 500 or SECRET in body:
            failures.append(f"{name} {url}?{urlencode(query)}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["admin", "widyaiswara_a", "widyaiswara_b", "kepala_a", "kepala_b", "pegawai_a"])
def test_every_parameterless_page_opens_for_every_role_without_error(world, role):
    user = world["everyone"][role]
    client = signed_in(user)
    failures = []
    for name in parameterless_patterns():
        url = reverse(name)
        status, body, response = request(client, "get", url)
        if status >= 500:
            failures.append(f"{name} {url}: {status} {body[:300]!r}")
            continue
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and status in (200, 403, 404) and '<html lang="id">' not in body:
            failures.append(f'{name} {url}: {status} without <html lang="id">')
        if role.endswith("_a") and SECRET in body:
            failures.append(f"{name} {url}: shows OPD B's data to {role}")
    assert not failures, "\n".join(failures)
