"""Realisation of approved activities, JP crediting and the yearly JP ledger (issue 5, item 5).

Reading follows the programme OPD's scope (admin, assigned Widyaiswara, the OPD's Kepala OPD;
404 for anyone else). Recording a realisation is for the assigned Widyaiswara (403 for a
reader). The JP arithmetic is in learning_records.services.realisation, nowhere else."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import MAX_ID, add_service_errors
from intan_wpl.history import history_entries
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_plans.models import LearningSettings
from learning_plans.selectors.plans import plan_in_force
from learning_records.forms.realisation import LedgerFilterForm, RealisationForm, YearForm
from learning_records.models import EvaluationLevel, JpCredit, Realisation
from learning_records.selectors.ledger import (
    credits_of,
    decorate_ledger_rows,
    default_year,
    explain_periods,
    ledger,
    ledger_summary,
    ledger_years,
    programme_opds_with_jp,
    yearly_totals,
)
from learning_records.selectors.realisation import (
    activity_lineage,
    get_activity_for_realisation,
    get_staff_member,
    plan_activities_with_realisation,
    planned_weight_by_family,
    realisations_of,
    realised_in_earlier_version,
    realised_mix_of,
)
from learning_records.services import realisation as services
from pilots.domain import EmploymentType
from pilots.models import Pegawai, ProgrammeOpd

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_records/realisation"
SEARCH_LIMIT = 20
MAX_SHOWN = 3000


def _year_from(request, default):
    return YearForm(request.GET).year(default)


# --- Overview: "Jam Pelajaran" in the menu ----------------------------------------------------


@role_required(*ALL_ROLES)
def jp_overview(request):
    """The programme OPDs in the user's scope with their JP coverage for a year."""
    settings = LearningSettings.load()
    year = _year_from(request, default_year(_years_in_scope(request.user)))
    programme_opds = programme_opds_with_jp(request.user, year, settings)
    page, query_string = paginate(request, programme_opds)
    for programme_opd in page.object_list:
        programme_opd.pns_short = programme_opd.pns_count - programme_opd.pns_met
    return render(
        request,
        f"{TEMPLATES}/jp_overview.html",
        {
            "page": page,
            "query_string": query_string,
            "year": year,
            "settings": settings,
            "can_export_all": request.user.role == Role.ADMIN,
        },
    )


def _years_in_scope(user):
    # The latest year only: ORDER BY year DESC LIMIT 1 walks the year index and stops at the first
    # credit in scope (a DISTINCT here made the database read every credit first).
    return list(
        JpCredit.objects.filter(pegawai__opd__in=ProgrammeOpd.objects.visible_to(user).values("opd_id"))
        .order_by("-year")
        .values_list("year", flat=True)[:1]
    )


# --- Realisation per programme OPD -------------------------------------------------------------


@role_required(*ALL_ROLES)
def realisation_list(request, programme_opd_pk):
    """Planned against realised: the activities of the plan in force, the realised 70:20:10
    mix against the planned mix and the target."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    settings = LearningSettings.load()
    plan = plan_in_force(programme_opd)
    realisations = list(realisations_of(programme_opd))
    realised_by_activity = {r.activity_id: r for r in realisations}
    lineage = activity_lineage(programme_opd)

    page = query_string = None
    covered = set()
    if plan is not None:
        page, query_string = paginate(request, plan_activities_with_realisation(plan))
        for activity in page.object_list:
            activity.held = getattr(activity, "realisation", None)
            activity.held_earlier = (
                None if activity.held else realised_in_earlier_version(activity.pk, lineage, realised_by_activity)
            )
        for activity_id, (_source, plan_id) in lineage.items():
            if plan_id == plan.pk:
                current = activity_id
                while current and current not in covered:
                    covered.add(current)
                    current = lineage.get(current, (None, None))[0]
    other_realisations = [r for r in realisations if r.activity_id not in covered]

    mix = services.family_mix(
        planned=planned_weight_by_family(plan),
        realised=realised_mix_of(programme_opd),
        settings=settings,
    )
    return render(
        request,
        f"{TEMPLATES}/realisation_list.html",
        {
            "programme_opd": programme_opd,
            "plan": plan,
            "page": page,
            "query_string": query_string,
            "mix": mix,
            "realised_count": len(realisations),
            "credited_people": sum(r.attendee_count for r in realisations),
            "other_realisations": other_realisations,
            "can_write": can_write_field_work(request.user, programme_opd),
            "settings": settings,
        },
    )


@role_required(*ALL_ROLES)
def realisation_detail(request, activity_pk):
    activity = get_activity_for_realisation(request.user, activity_pk)
    programme_opd = activity.plan.programme_opd
    realisation = getattr(activity, "realisation", None)
    page = query_string = None
    entries = []
    if realisation is not None:
        credits = (
            JpCredit.objects.filter(realisation=realisation)
            .select_related("pegawai__unit")
            .order_by("pegawai__name", "pegawai__nip")
        )
        page, query_string = paginate(request, credits, per_page=50)
        entries = history_entries(
            Realisation.history.filter(id=realisation.pk).select_related("history_user"),
            describe=lambda record: activity.title,
            excluded_fields=("id", "recorded_at"),
        )
    earlier = None if realisation else services.earlier_realisation(activity)
    blocker = services.realisation_blocker(activity, existing=realisation)
    return render(
        request,
        f"{TEMPLATES}/realisation_detail.html",
        {
            "activity": activity,
            "programme_opd": programme_opd,
            "realisation": realisation,
            "earlier": earlier,
            "blocker": blocker,
            "page": page,
            "query_string": query_string,
            "entries": entries,
            "evaluation_count": activity.evaluations.count() if realisation else 0,
            "levels": EvaluationLevel,
            "can_write": can_write_field_work(request.user, programme_opd),
        },
    )


def _int_list(values, limit=MAX_SHOWN):
    ids = []
    for value in values[:limit]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number <= MAX_ID:
            ids.append(number)
    return ids


def _attendance_rows(activity, *, ticked, extra_ids, search):
    """The people the attendance list shows: planned participants, whoever is ticked or was
    shown before (kept across a search or a refused save), and the search matches. Only staff
    of the activity's OPD; ids of anyone else are silently left out here and refused by the form."""
    opd_id = activity.plan.programme_opd.opd_id
    planned = set(activity.participants.values_list("pk", flat=True))
    shown = planned | set(ticked) | set(extra_ids)
    people = list(Pegawai.objects.filter(opd_id=opd_id, pk__in=shown).select_related("unit").order_by("name", "nip"))
    matches = []
    if search:
        found = Pegawai.objects.filter(opd_id=opd_id, is_active=True).filter(
            Q(name__icontains=search) | Q(nip__startswith=search.replace(" ", ""))
        )
        matches = list(found.exclude(pk__in=shown).select_related("unit").order_by("name", "nip")[:SEARCH_LIMIT])
    rows = [{"pegawai": p, "checked": p.pk in ticked, "planned": p.pk in planned, "found": False} for p in people]
    rows += [{"pegawai": p, "checked": False, "planned": False, "found": True} for p in matches]
    return rows


@role_required(*ALL_ROLES)
def realisation_record(request, activity_pk):
    """Record (or correct) that an activity was held and who attended; saving credits JP."""
    activity = get_activity_for_realisation(request.user, activity_pk, write=True)
    realisation = getattr(activity, "realisation", None)
    blocker = services.realisation_blocker(activity, existing=realisation)
    if blocker:
        messages.error(request, blocker)
        return redirect("learning_records:realisation_detail", activity_pk=activity.pk)

    search, searched, extra_ids = "", False, []
    if request.method != "POST":
        ticked, initial = _initial_attendance(activity, realisation)
        form = RealisationForm(initial=initial, activity=activity)
    else:
        ticked = set(_int_list(request.POST.getlist("attendees")))
        extra_ids = _int_list(request.POST.getlist("shown"))
        search = request.POST.get("cari_pegawai", "").strip()[:100]
        searched = "_cari" in request.POST
        if searched:
            # Only look people up: show the form again with everything typed, nothing saved.
            initial = {name: request.POST.get(name, "") for name in RealisationForm.base_fields if name != "attendees"}
            form = RealisationForm(initial=initial, activity=activity)
        else:
            form = RealisationForm(request.POST, activity=activity)
            if form.is_valid() and _save_realisation(request, form, activity):
                return redirect("learning_records:realisation_detail", activity_pk=activity.pk)

    rows = _attendance_rows(activity, ticked=ticked, extra_ids=extra_ids, search=search)
    return render(
        request,
        f"{TEMPLATES}/realisation_form.html",
        {
            "activity": activity,
            "programme_opd": activity.plan.programme_opd,
            "realisation": realisation,
            "form": form,
            "rows": rows,
            "search": search,
            "searched": searched,
            "found_count": sum(1 for row in rows if row["found"]),
            "settings": LearningSettings.load(),
        },
    )


def _initial_attendance(activity, realisation):
    """(ticked people, initial form values): what was recorded, else the plan's participants."""
    if realisation is None:
        ticked = set(activity.participants.values_list("pk", flat=True))
        return ticked, {"start_date": activity.start_date, "end_date": activity.end_date}
    ticked = set(realisation.credits.values_list("pegawai_id", flat=True))
    initial = {
        "start_date": realisation.start_date,
        "end_date": realisation.end_date,
        "duration_minutes": realisation.duration_minutes,
        "certificate_number": realisation.certificate_number,
        "notes": realisation.notes,
    }
    return ticked, initial


def _save_realisation(request, form, activity):
    """Call the service with the valid form; True when saved, else the errors are on the form."""
    data = form.cleaned_data
    try:
        saved = services.realisation_record(
            activity=activity,
            recorded_by=request.user,
            start_date=data["start_date"],
            end_date=data["end_date"],
            duration_minutes=data["duration_minutes"],
            certificate_number=data["certificate_number"],
            notes=data["notes"],
            attendees=list(data["attendees"]),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    credit = saved.credits.first()
    messages.success(
        request,
        _("Realisasi dicatat: %(count)s pegawai mendapat %(jp)s JP.")
        % {"count": saved.credits.count(), "jp": floatformat(credit.jp_before_cap if credit else 0, -1)},
    )
    return True


@role_required(*ALL_ROLES)
def realisation_delete(request, activity_pk):
    """Undo a realisation recorded by mistake (its JP credits go with it)."""
    activity = get_activity_for_realisation(request.user, activity_pk, write=True)
    realisation = getattr(activity, "realisation", None)
    detail_url = reverse("learning_records:realisation_detail", args=[activity.pk])
    if realisation is None:
        return redirect(detail_url)
    blockers = []
    if activity.evaluations.exists():
        blockers = [_("%(count)s evaluasi kegiatan") % {"count": activity.evaluations.count()}]
    if request.method == "POST" and not blockers:
        services.realisation_delete(realisation=realisation)
        messages.success(request, _("Realisasi “%(title)s” dibatalkan dan JP-nya ditarik.") % {"title": activity.title})
        return redirect("learning_records:realisation_list", programme_opd_pk=activity.plan.programme_opd_id)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": f"{activity.title} ({realisation.start_date:%d-%m-%Y})",
            "object_kind": _("realisasi"),
            "cancel_url": detail_url,
            "blockers": blockers,
        },
    )


# --- JP ledger ---------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def jp_ledger(request, programme_opd_pk):
    """Each person's credited JP of a year against the PNS minimum and the PPPK cap."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    settings = LearningSettings.load()
    years = ledger_years(programme_opd)
    filter_form = LedgerFilterForm(request.GET, opd=programme_opd.opd_id)
    filters = filter_form.filters()
    year = filters.get("tahun") or default_year(years)
    staff = ledger(
        programme_opd,
        year,
        settings,
        unit=filters.get("unit"),
        employment_type=filters.get("status") or "",
        standing=filters.get("capaian") or "",
        search=(filters.get("q") or "").strip(),
    )
    page, query_string = paginate(request, staff)
    decorate_ledger_rows(page.object_list, settings)
    summary = ledger_summary(programme_opd, year, settings)
    summary["pns_short"] = summary["pns_count"] - summary["pns_met"]
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render(
        request,
        f"{TEMPLATES}/jp_ledger.html",
        {
            "programme_opd": programme_opd,
            "page": page,
            "query_string": query_string,
            "filter_form": filter_form,
            "year": year,
            "years": years,
            "summary": summary,
            "settings": settings,
            "pppk": EmploymentType.PPPK,
        },
    )


@role_required(*ALL_ROLES)
def jp_person(request, programme_opd_pk, pegawai_pk):
    """One person's credits: activity, form, dates, JP (and what the PPPK cap kept out)."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    pegawai = get_staff_member(programme_opd, pegawai_pk)
    settings = LearningSettings.load()
    page, query_string = paginate(request, credits_of(pegawai), per_page=50)
    totals = explain_periods(yearly_totals(pegawai), pegawai, settings)
    is_pppk = pegawai.employment_type == EmploymentType.PPPK
    return render(
        request,
        f"{TEMPLATES}/jp_person.html",
        {
            "programme_opd": programme_opd,
            "pegawai": pegawai,
            "page": page,
            "query_string": query_string,
            "totals": totals,
            "is_pppk": is_pppk,
            "settings": settings,
        },
    )
