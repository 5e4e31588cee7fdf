"""seed_scale, the journey of each OPD (demo.builders.scale builds the registry first).

Field sessions with Widyaiswara and participants, problems with causes and recommendations,
learning needs, one plan per OPD with its activities, realisation with JP credits, external JP
and the culture survey before and after. Bulk inserts only; see demo.builders.scale.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from insights.models import CultureSurvey, CultureSurveyScore, SurveyDimension, SurveyPhase
from learning_needs.models import (
    Cause,
    CauseCategory,
    CauseNature,
    Competency,
    FieldSession,
    LearningNeed,
    Problem,
    Recommendation,
    SessionKind,
    SessionParticipant,
)
from learning_plans.models import DevelopmentForm, LearningPlan, PlanActivity, PlanStatus
from learning_records.models import ExternalJp, JpCredit, Realisation
from learning_records.services.realisation import counting_period
from pilots.models import Assignment, AssignmentRole

SESSION_KINDS = [SessionKind.OBSERVASI, SessionKind.WAWANCARA, SessionKind.FGD, SessionKind.COACHING]
PROBLEM_TITLES = [
    "Waktu layanan perizinan melebihi standar pelayanan",
    "Laporan kinerja triwulan terlambat disampaikan",
    "Data aset belum mutakhir di aplikasi",
    "Keluhan masyarakat tidak ditindaklanjuti tepat waktu",
    "Dokumen perencanaan belum selaras dengan indikator kinerja",
    "Kepatuhan terhadap SOP pelayanan masih rendah",
    "Pemanfaatan aplikasi kearsipan belum optimal",
]
ACTIVITY_FORMS = ["KL10", "NKL01", "NKL10", "KL03", "NKL11", "NKL03", "KL07", "NKL13", "NKL02", "KL06"]


def load_reference(ctx):
    """Competencies and development forms the journey refers to (seeded by migrations)."""
    ctx.competencies = list(Competency.objects.filter(opd=None).order_by("code"))
    forms = {form.lan_code: form for form in DevelopmentForm.objects.all()}
    ctx.forms = [forms[code] for code in ACTIVITY_FORMS]
    ctx.external_form = forms["NKL03"]


def journey_chunk(ctx, programme_opds, staff_by_opd, heads):
    leads = dict(
        Assignment.objects.filter(programme_opd__in=programme_opds, role=AssignmentRole.KETUA).values_list(
            "programme_opd_id", "widyaiswara_id"
        )
    )
    sessions = _sessions(ctx, programme_opds, staff_by_opd, leads)
    causes = _problems(ctx, programme_opds, sessions, leads)
    needs = _needs(ctx, programme_opds, causes, staff_by_opd, leads)
    activities = _plans(ctx, programme_opds, needs, staff_by_opd, heads, leads)
    _realisation(ctx, activities, staff_by_opd, leads)
    _external_jp(ctx, programme_opds, staff_by_opd)
    _surveys(ctx, programme_opds)


def _session_date(ctx, index):
    return ctx.programme.start_date + timedelta(days=(index * 3) % 300)


def _sessions(ctx, programme_opds, staff_by_opd, leads):
    sizes, rng = ctx.sizes, ctx.rng
    rows = []
    for programme_opd in programme_opds:
        for index in range(sizes.sessions):
            rows.append(
                FieldSession(
                    programme_opd=programme_opd,
                    date=_session_date(ctx, index),
                    start_time=time(9, 0),
                    end_time=time(11, 0),
                    kind=SESSION_KINDS[index % len(SESSION_KINDS)],
                    place="Ruang rapat",
                    topic=f"Pendampingan ke-{index + 1}: {rng.choice(PROBLEM_TITLES).lower()}",
                    created_by_id=leads[programme_opd.pk],
                )
            )
    sessions = ctx.bulk(FieldSession, rows)
    through = FieldSession.widyaiswara.through
    ctx.bulk(
        through,
        [through(fieldsession_id=s.pk, user_id=leads[s.programme_opd_id]) for s in sessions],
        "Widyaiswara per sesi",
    )
    participants = []
    for session_index, session in enumerate(sessions):
        staff = staff_by_opd[session.programme_opd.opd_id]
        first = (session_index * sizes.participants_per_session) % len(staff)
        participants.extend(
            SessionParticipant(
                session=session, pegawai=staff[(first + k) % len(staff)], attended=k != 0 or rng.random() > 0.1
            )
            for k in range(sizes.participants_per_session)
        )
    ctx.bulk(SessionParticipant, participants)
    by_opd = {}
    for session in sessions:
        by_opd.setdefault(session.programme_opd_id, []).append(session)
    return by_opd


def _problems(ctx, programme_opds, sessions, leads):
    """Problems (USG scored), two causes each (one a competency cause), a recommendation for
    the other; returns the competency causes by programme OPD."""
    rng = ctx.rng
    problems = []
    for programme_opd in programme_opds:
        for index in range(ctx.sizes.problems):
            problems.append(
                Problem(
                    programme_opd=programme_opd,
                    title=PROBLEM_TITLES[(index + ctx.number_of[programme_opd.pk]) % len(PROBLEM_TITLES)],
                    duty_or_indicator="Persentase layanan selesai sesuai standar pelayanan",
                    indicator_baseline=f"{rng.randint(40, 75)}% selesai tepat waktu",
                    urgency=rng.randint(2, 5),
                    seriousness=rng.randint(2, 5),
                    growth=rng.randint(1, 5),
                    created_by_id=leads[programme_opd.pk],
                )
            )
    problems = ctx.bulk(Problem, problems)
    through = Problem.sessions.through
    ctx.bulk(
        through,
        [through(problem_id=p.pk, fieldsession_id=sessions[p.programme_opd_id][0].pk) for p in problems],
        "sesi per masalah",
    )
    causes = []
    for problem in problems:
        causes.append(
            Cause(
                problem=problem,
                text="Kompetensi pelaksana belum memadai",
                category=CauseCategory.MANUSIA,
                nature=CauseNature.KOMPETENSI,
            )
        )
        causes.append(
            Cause(
                problem=problem,
                text="SOP belum diperbarui",
                category=CauseCategory.METODE,
                nature=CauseNature.NON_KOMPETENSI,
            )
        )
    causes = ctx.bulk(Cause, causes)
    ctx.bulk(
        Recommendation,
        [
            Recommendation(cause=c, action="Perbarui SOP dan sosialisasikan", person_in_charge="Sekretaris")
            for c in causes
            if c.nature == CauseNature.NON_KOMPETENSI
        ],
    )
    by_opd = {}
    for cause in causes:
        if cause.nature == CauseNature.KOMPETENSI:
            by_opd.setdefault(cause.problem.programme_opd_id, []).append(cause)
    return by_opd


def _needs(ctx, programme_opds, causes, staff_by_opd, leads):
    rng = ctx.rng
    rows = []
    for programme_opd in programme_opds:
        opd_causes = causes[programme_opd.pk]
        for index in range(ctx.sizes.needs):
            required = rng.randint(3, 5)
            rows.append(
                LearningNeed(
                    programme_opd=programme_opd,
                    cause=opd_causes[index % len(opd_causes)],
                    competency=rng.choice(ctx.competencies),
                    required_level=required,
                    current_level=rng.randint(1, required - 1),
                    target_positions="Pelaksana dan fungsional",
                    created_by_id=leads[programme_opd.pk],
                )
            )
    needs = ctx.bulk(LearningNeed, rows)
    through = LearningNeed.target_staff.through
    ctx.bulk(
        through,
        [
            through(learningneed_id=n.pk, pegawai_id=staff_by_opd[n.programme_opd.opd_id][i % 50].pk)
            for i, n in enumerate(needs)
        ],
        "pegawai sasaran",
    )
    by_opd = {}
    for need in needs:
        by_opd.setdefault(need.programme_opd_id, []).append(need)
    return by_opd


def _plan_status(number):
    """Eight in ten plans approved, one submitted, one a draft."""
    return {8: PlanStatus.DIAJUKAN, 9: PlanStatus.DRAF}.get(number % 10, PlanStatus.DISETUJUI)


def _plans(ctx, programme_opds, needs, staff_by_opd, heads, leads):
    """One plan per OPD with its activities; returns the activities of approved plans."""
    moment = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    plans = []
    for programme_opd in programme_opds:
        status = _plan_status(ctx.number_of[programme_opd.pk])
        plans.append(
            LearningPlan(
                programme_opd=programme_opd,
                title=f"Rencana Pembelajaran {programme_opd.opd.name}",
                summary="Strategi 70:20:10 untuk menutup kesenjangan kompetensi.",
                status=status,
                submitted_at=moment if status != PlanStatus.DRAF else None,
                approved_at=moment + timedelta(days=7) if status == PlanStatus.DISETUJUI else None,
                approved_by=heads[programme_opd.pk] if status == PlanStatus.DISETUJUI else None,
                created_by_id=leads[programme_opd.pk],
            )
        )
    plans = ctx.bulk(LearningPlan, plans)
    activities = []
    for plan in plans:
        opd_needs = needs[plan.programme_opd_id]
        for index in range(ctx.sizes.activities):
            form = ctx.forms[index % len(ctx.forms)]
            need = opd_needs[index % len(opd_needs)]
            start = date(2026, 4, 1) + timedelta(days=index * 7)
            activities.append(
                PlanActivity(
                    plan=plan,
                    form=form,
                    title=f"{form.name} {need.competency.name}",
                    start_date=start,
                    end_date=start + timedelta(days=1),
                    person_in_charge="Sekretaris",
                    organiser="BPSDM",
                    jp=Decimal(4 + index % 5),
                    estimated_cost=form.typical_cost,
                )
            )
    activities = ctx.bulk(PlanActivity, activities)
    _activity_links(ctx, activities, needs, staff_by_opd)
    approved = {plan.pk for plan in plans if plan.status == PlanStatus.DISETUJUI}
    return [activity for activity in activities if activity.plan_id in approved]


def _activity_links(ctx, activities, needs, staff_by_opd):
    need_links, seats = [], []
    need_through, seat_through = PlanActivity.needs.through, PlanActivity.participants.through
    per = ctx.sizes.participants_per_activity
    for index, activity in enumerate(activities):
        programme_opd = activity.plan.programme_opd
        opd_needs = needs[programme_opd.pk]
        need_links.append(
            need_through(planactivity_id=activity.pk, learningneed_id=opd_needs[index % len(opd_needs)].pk)
        )
        staff = staff_by_opd[programme_opd.opd_id]
        slot = index % ctx.sizes.activities
        # Each person sits in at most one activity of the plan: no JP cap applies.
        seats.extend(seat_through(planactivity_id=activity.pk, pegawai_id=staff[slot * per + k].pk) for k in range(per))
    ctx.bulk(need_through, need_links, "kebutuhan per kegiatan")
    ctx.bulk(seat_through, seats, "peserta kegiatan")


def _realisation(ctx, activities, staff_by_opd, leads):
    per = ctx.sizes.participants_per_activity
    chosen = [a for a in activities if (a.start_date - date(2026, 4, 1)).days // 7 < ctx.sizes.realised_activities]
    rows = [
        Realisation(
            activity=activity,
            start_date=activity.start_date,
            end_date=activity.end_date,
            duration_minutes=int(activity.jp) * 45,
            recorded_by_id=leads[activity.plan.programme_opd_id],
        )
        for activity in chosen
    ]
    realisations = ctx.bulk(Realisation, rows)
    credits = []
    for realisation in realisations:
        activity = realisation.activity
        staff = staff_by_opd[activity.plan.programme_opd.opd_id]
        slot = (activity.start_date - date(2026, 4, 1)).days // 7
        for k in range(per):
            credits.append(_credit(staff[slot * per + k], realisation.end_date, activity.jp, realisation=realisation))
    ctx.bulk(JpCredit, credits)


def _credit(pegawai, end_date, jp, **source):
    period_start, period_end = counting_period(pegawai, end_date)
    return JpCredit(
        pegawai=pegawai,
        year=period_start.year,
        end_date=end_date,
        period_start=period_start,
        period_end=period_end,
        jp=jp,
        jp_before_cap=jp,
        **source,
    )


def _external_jp(ctx, programme_opds, staff_by_opd):
    rows = []
    for programme_opd in programme_opds:
        staff = staff_by_opd[programme_opd.opd_id]
        for index in range(ctx.sizes.external_jp):
            start = date(2026, 5, 4) + timedelta(days=index)
            rows.append(
                ExternalJp(
                    pegawai=staff[-1 - index],
                    title="E-learning Literasi Digital ASN",
                    provider="ASN Digital",
                    form=ctx.external_form,
                    start_date=start,
                    end_date=start,
                    jp=Decimal(4),
                    certificate_number=f"ED-{ctx.number_of[programme_opd.pk] + 1}-{index + 1}",
                    recorded_by=ctx.admin,
                )
            )
    externals = ctx.bulk(ExternalJp, rows)
    ctx.bulk(JpCredit, [_credit(e.pegawai, e.end_date, e.jp, external=e) for e in externals])


def _surveys(ctx, programme_opds):
    rng = ctx.rng
    surveys = []
    for programme_opd in programme_opds:
        for phase, held_on in ((SurveyPhase.SEBELUM, date(2026, 1, 20)), (SurveyPhase.SESUDAH, date(2026, 10, 20))):
            surveys.append(
                CultureSurvey(
                    programme_opd=programme_opd,
                    phase=phase,
                    held_on=held_on,
                    respondents=rng.randint(8, 30),
                    recorded_by=ctx.admin,
                )
            )
    surveys = ctx.bulk(CultureSurvey, surveys)
    scores = []
    for survey in surveys:
        lift = Decimal("0.40") if survey.phase == SurveyPhase.SESUDAH else Decimal(0)
        scores.extend(
            CultureSurveyScore(survey=survey, dimension=d, score=Decimal(rng.randint(250, 400)) / 100 + lift)
            for d in SurveyDimension
        )
    ctx.bulk(CultureSurveyScore, scores)
