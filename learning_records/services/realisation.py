"""Realisation of approved learning activities and the JP they earn (PRODUCT.md step 8).

All JP arithmetic lives here, in ONE place:
- `jp_for` says how many JP one realised activity earns under its development form's rule;
- `realisation_record` stores what was held and credits that JP to every attendee;
- `counting_period` says which period a credit counts in: the calendar year for a PNS (the
  20 JP minimum), the year of the perjanjian kerja for a PPPK (the 24 JP cap, PP 49/2018);
- `_apply_caps` keeps each PPPK's credits of a contract year within the PPPK cap (PNS are uncapped).

Credits are recomputed from scratch for every (person, year) a change touches, so saving a
realisation twice gives exactly the same ledger (idempotent).
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from learning_plans.models import JpRule, LearningFamily, LearningSettings, PlanActivity, PlanStatus
from learning_records.models import REALISABLE_STATUSES, JpCredit, Realisation
from learning_records.selectors.ledger import CAP_ORDER
from pilots.domain import EmploymentType
from pilots.models import Pegawai

ONE_DECIMAL = Decimal("0.1")
# JpCredit.jp and PlanActivity.jp are DecimalField(max_digits=5, decimal_places=1).
MAX_JP = Decimal("9999.9")
FAMILY_ORDER = (LearningFamily.PENGALAMAN, LearningFamily.SOSIAL, LearningFamily.FORMAL)


def jp_for(form, planned_jp, duration_minutes, settings):
    """JP one attendee earns for a realised activity of development form `form`.

    per_activity: the activity's planned JP (the form's default when the plan gave none).
    by_duration: duration_minutes / settings.minutes_per_jp, rounded DOWN to a half JP
    (90 minutes at 45 minutes per JP = 2 JP; 70 minutes = 1.5 JP; 40 minutes = 0 JP).
    """
    if form.jp_rule == JpRule.BY_DURATION:
        if duration_minutes is None or duration_minutes == "":
            raise ValidationError(
                {"duration_minutes": _("Isi durasi kegiatan (menit): JP bentuk ini dihitung dari durasinya.")}
            )
        minutes = int(duration_minutes)
        if minutes < 0:
            raise ValidationError({"duration_minutes": _("Durasi tidak boleh negatif.")})
        minutes_per_jp = int(settings.minutes_per_jp or 0)
        if minutes_per_jp < 1:
            raise ValidationError(_("Pengaturan menit per JP belum benar (harus minimal 1 menit)."))
        # Integer arithmetic: whole half-JPs that fit in the duration, never a float.
        half_jps = (minutes * 2) // minutes_per_jp
        return (Decimal(half_jps) / 2).quantize(ONE_DECIMAL)
    jp = form.default_jp if planned_jp is None else planned_jp
    return Decimal(jp).quantize(ONE_DECIMAL, rounding=ROUND_DOWN)


def _credited_jp_for(activity, duration_minutes, settings):
    jp = jp_for(activity.form, activity.jp, duration_minutes, settings)
    if jp > MAX_JP:
        raise ValidationError(
            {
                "duration_minutes": _("Durasi ini menghasilkan lebih dari %(max)s JP: periksa kembali.")
                % {"max": floatformat(MAX_JP, -1)}
            }
        )
    return jp


def _anniversary(start, year):
    try:
        return start.replace(year=year)
    except ValueError:  # a contract from 29 February renews on 28 February in other years
        return date(year, 2, 28)


def counting_period(pegawai, on_date):
    """(first day, last day) of the period in which a credit ending `on_date` counts for `pegawai`.

    PNS (and a PPPK whose contract start is not recorded): the calendar year. PPPK: the year of
    the perjanjian kerja, from the anniversary of contract_start on or before `on_date` to the day
    before the next one (a contract from 1 April 2025 counts 1 April 2025 - 31 March 2026).
    """
    start = pegawai.contract_start if pegawai.employment_type == EmploymentType.PPPK else None
    if start is None:
        return date(on_date.year, 1, 1), date(on_date.year, 12, 31)
    first = _anniversary(start, on_date.year)
    if first > on_date:
        first = _anniversary(start, on_date.year - 1)
    return first, _anniversary(start, first.year + 1) - timedelta(days=1)


def _set_period(credit, pegawai, end_date):
    """Place `credit` in its counting period; True when anything changed."""
    period_start, period_end = counting_period(pegawai, end_date)
    before = (credit.end_date, credit.period_start, credit.period_end, credit.year)
    credit.end_date, credit.period_start, credit.period_end = end_date, period_start, period_end
    credit.year = period_start.year
    return before != (credit.end_date, credit.period_start, credit.period_end, credit.year)


def _apply_caps(pegawai_ids, years, settings):
    """Recompute `jp` of every credit of these people in these years from `jp_before_cap`.

    `year` is the year a credit's counting period starts in (counting_period), so for a PPPK one
    year is one contract year. PPPK: credits are taken in the order the activities ended (then
    started, then recorded) until the period's total reaches settings.pppk_max_jp; the rest of
    each credit is kept only in jp_before_cap. PNS: jp = jp_before_cap (20 JP is a minimum, not
    a cap).
    """
    if not pegawai_ids or not years:
        return
    cap = Decimal(settings.pppk_max_jp)
    credits = (
        JpCredit.objects.filter(pegawai_id__in=pegawai_ids, year__in=years)
        .select_related("pegawai")
        .order_by("pegawai_id", "year", *CAP_ORDER)
    )
    remaining = {}
    changed = []
    for credit in credits:
        if credit.pegawai.employment_type == EmploymentType.PPPK:
            key = (credit.pegawai_id, credit.year)
            left = remaining.get(key, cap)
            jp = min(credit.jp_before_cap, max(left, Decimal(0)))
            remaining[key] = left - jp
        else:
            jp = credit.jp_before_cap
        if credit.jp != jp:
            credit.jp = jp
            changed.append(credit)
    if changed:
        JpCredit.objects.bulk_update(changed, ["jp"])


def _lock_people(pegawai_ids):
    # Two realisations crediting the same PPPK at once must not both see room under the cap:
    # lock the people's rows (in a fixed order, so two transactions never deadlock).
    list(Pegawai.objects.select_for_update().filter(pk__in=pegawai_ids).order_by("pk").values_list("pk", flat=True))


def earlier_realisation(activity):
    """The realisation of the same activity in an earlier plan version, if any (the activity was
    carried into a new version after it was held: it must not be credited twice)."""
    seen = {activity.pk}
    source_id = activity.source_activity_id
    while source_id and source_id not in seen:
        seen.add(source_id)
        source = PlanActivity.objects.filter(pk=source_id).select_related("realisation", "plan").first()
        if source is None:
            return None
        realisation = getattr(source, "realisation", None)
        if realisation is not None:
            return realisation
        source_id = source.source_activity_id
    return None


def realisation_blocker(activity, *, existing):
    """Why `activity` cannot take a realisation now (a message), or None when it can."""
    status = activity.plan.status
    if status not in REALISABLE_STATUSES or (existing is None and status != PlanStatus.DISETUJUI):
        return _("Hanya kegiatan dari rencana pembelajaran yang sedang berlaku (disetujui) yang dapat direalisasikan.")
    if existing is None:
        earlier = earlier_realisation(activity)
        if earlier is not None:
            return _("Kegiatan ini sudah direalisasikan pada versi %(version)s rencana; ubah realisasinya di sana.") % {
                "version": earlier.activity.plan.version
            }
    return None


def _validate_attendees(activity, attendees):
    opd_id = activity.plan.programme_opd.opd_id
    foreign = [p for p in attendees if p.opd_id != opd_id]
    if foreign:
        names = ", ".join(sorted(p.name for p in foreign)[:3])
        return [_("Pegawai berikut bukan pegawai OPD ini dan tidak dapat dicatat hadir: %(names)s.") % {"names": names}]
    if not attendees:
        return [_("Centang minimal satu pegawai yang hadir.")]
    return []


@transaction.atomic
def realisation_record(
    *,
    activity,
    recorded_by,
    start_date,
    end_date,
    attendees,
    duration_minutes=None,
    certificate_number="",
    notes="",
):
    """Record (or correct) that `activity` was held, and credit its JP to each attendee.

    Only an activity of an approved plan takes a new realisation; a realisation of a plan since
    replaced by a newer version may still be corrected. Attendees must be staff of the plan's
    OPD. Each credit counts in the period `end_date` falls in for its person (counting_period).
    Everything or nothing is saved.
    """
    activity = (
        PlanActivity.objects.select_for_update(of=("self",))
        .select_related("plan__programme_opd", "form")
        .get(pk=activity.pk)
    )
    existing = Realisation.objects.filter(activity=activity).first()
    blocker = realisation_blocker(activity, existing=existing)
    if blocker:
        raise ValidationError(blocker)

    attendees = list({p.pk: p for p in attendees}.values())
    errors = {}
    attendee_errors = _validate_attendees(activity, attendees)
    if attendee_errors:
        errors["attendees"] = attendee_errors
    if end_date and end_date > timezone.localdate():
        errors["end_date"] = [_("Tanggal selesai belum lewat: catat realisasi setelah kegiatan berlangsung.")]
    if duration_minutes in ("", None):
        duration_minutes = None
    settings = LearningSettings.load()
    jp = None
    try:
        jp = _credited_jp_for(activity, duration_minutes, settings)
    except ValidationError as error:
        errors = error.update_error_dict(errors)

    realisation = existing or Realisation(activity=activity, recorded_by=recorded_by)
    realisation.start_date = start_date
    realisation.end_date = end_date
    realisation.duration_minutes = duration_minutes
    realisation.certificate_number = (certificate_number or "").strip()
    realisation.notes = notes or ""
    try:
        realisation.full_clean(exclude=[name for name in errors if name != "__all__"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    realisation.save()

    _credit_attendees(realisation, attendees, jp=jp, end_date=end_date, settings=settings)
    return realisation


def _credit_attendees(realisation, attendees, *, jp, end_date, settings):
    """Give every attendee `jp` in the counting period `end_date` falls in for them (and take it
    from anyone no longer ticked), then re-apply the cap to every person and period the change
    touched. Idempotent."""
    old = list(JpCredit.objects.filter(realisation=realisation))
    touched_people = {c.pegawai_id for c in old} | {p.pk for p in attendees}
    touched_years = {c.year for c in old}
    _lock_people(touched_people)

    by_id = {p.pk: p for p in attendees}
    JpCredit.objects.filter(realisation=realisation).exclude(pegawai_id__in=by_id).delete()
    kept = {c.pegawai_id: c for c in old if c.pegawai_id in by_id}
    to_update = []
    for credit in kept.values():
        moved = _set_period(credit, by_id[credit.pegawai_id], end_date)
        if moved or credit.jp_before_cap != jp:
            credit.jp_before_cap = credit.jp = jp
            to_update.append(credit)
        touched_years.add(credit.year)
    if to_update:
        JpCredit.objects.bulk_update(
            to_update, ["year", "end_date", "period_start", "period_end", "jp_before_cap", "jp"]
        )
    new = []
    for pk in sorted(by_id.keys() - kept.keys()):
        credit = JpCredit(realisation=realisation, pegawai_id=pk, jp=jp, jp_before_cap=jp)
        _set_period(credit, by_id[pk], end_date)
        touched_years.add(credit.year)
        new.append(credit)
    JpCredit.objects.bulk_create(new)
    _apply_caps(touched_people, touched_years, settings)


@transaction.atomic
def realisation_delete(*, realisation):
    """Undo a realisation recorded by mistake: its credits go, and every PPPK cap it took part
    in is recomputed (a later activity may now be credited in full)."""
    credits = list(JpCredit.objects.filter(realisation=realisation).values_list("pegawai_id", "year"))
    people = {pk for pk, _year in credits}
    years = {year for _pk, year in credits}
    _lock_people(people)
    realisation.delete()
    _apply_caps(people, years, LearningSettings.load())


def credit_external_jp(external):
    """Credit JP earned outside the portal to its person, in the counting period its end date
    falls in, and re-apply the cap to that period (external JP counts like any other)."""
    pegawai = external.pegawai
    _lock_people({pegawai.pk})
    credit = JpCredit(external=external, pegawai=pegawai, jp=external.jp, jp_before_cap=external.jp)
    _set_period(credit, pegawai, external.end_date)
    credit.save()
    _apply_caps({pegawai.pk}, {credit.year}, LearningSettings.load())
    return credit


def credit_journal_entry(entry, settings):
    """Credit a validated journal entry: JP by its development form's rule (by duration: the hours
    it took; per activity: the form's JP), in the period of its date, under the PPPK cap."""
    pegawai = entry.pegawai
    jp = min(jp_for(entry.form, None, int(entry.hours * 60), settings), MAX_JP)
    _lock_people({pegawai.pk})
    credit = JpCredit(journal=entry, pegawai=pegawai, jp=jp, jp_before_cap=jp)
    _set_period(credit, pegawai, entry.date)
    credit.save()
    _apply_caps({pegawai.pk}, {credit.year}, settings)
    return credit


def uncredit_external_jp(external):
    """Take back an external entry recorded by mistake; its period's cap is recomputed."""
    pegawai_id = external.pegawai_id
    years = set(JpCredit.objects.filter(external=external).values_list("year", flat=True))
    _lock_people({pegawai_id})
    external.delete()
    _apply_caps({pegawai_id}, years, LearningSettings.load())


def recompute_credits(*, pegawai_ids, years):
    """Re-apply the current PPPK cap to these people's credits in these years. Idempotent."""
    with transaction.atomic():
        _lock_people(pegawai_ids)
        _apply_caps(set(pegawai_ids), set(years), LearningSettings.load())


@transaction.atomic
def recompute_people(*, pegawai_ids):
    """Place every credit of these people in its counting period again and re-apply the cap
    (after a change PNS <-> PPPK or of a PPPK's contract start)."""
    _lock_people(pegawai_ids)
    people = Pegawai.objects.in_bulk(list(pegawai_ids))
    credits = list(JpCredit.objects.filter(pegawai_id__in=pegawai_ids).select_related("realisation"))
    years = {credit.year for credit in credits}
    moved = [
        credit
        for credit in credits
        if _set_period(credit, people[credit.pegawai_id], credit.end_date or credit.realisation.end_date)
    ]  # (end_date is empty only on credits written before it was stored, all from realisations)
    if moved:
        JpCredit.objects.bulk_update(moved, ["year", "end_date", "period_start", "period_end"])
    years |= {credit.year for credit in credits}
    if years:
        _apply_caps(set(pegawai_ids), years, LearningSettings.load())


def recap_after_settings_change(*, changed):
    """A new PPPK cap applies at once to every person and year it may touch: PPPK staff, and
    anyone whose credits were capped before (e.g. a person since moved to PNS)."""
    if "pppk_max_jp" not in changed:
        return
    affected = JpCredit.objects.filter(
        Q(pegawai__employment_type=EmploymentType.PPPK) | ~Q(jp=F("jp_before_cap"))
    ).values_list("pegawai_id", "year")
    pairs = set(affected)
    if pairs:
        recompute_credits(pegawai_ids={pk for pk, _year in pairs}, years={year for _pk, year in pairs})


# --- 70:20:10 ------------------------------------------------------------------------------


def _share(part, total):
    if not total:
        return None
    return (Decimal(part) * 100 / Decimal(total)).quantize(ONE_DECIMAL)


def family_mix(*, planned, realised, settings):
    """Rows comparing the realised 70:20:10 mix with the planned mix and the target.

    `planned` and `realised` map a LearningFamily value to a weight in JP x people: planned =
    learning_plans.selectors.mix.activity_weight (JP x named participants, at least 1), realised = the JP
    credited to the attendees and for validated journal entries (selectors.realisation.realised_mix_of).
    A share drifts when it is further than settings.mix_tolerance percentage points from its target.
    """
    targets = {
        LearningFamily.PENGALAMAN: settings.target_pengalaman,
        LearningFamily.SOSIAL: settings.target_sosial,
        LearningFamily.FORMAL: settings.target_formal,
    }
    planned_total = sum(planned.values(), Decimal(0))
    realised_total = sum(realised.values(), Decimal(0))
    tolerance = Decimal(settings.mix_tolerance)
    rows = []
    for family in FAMILY_ORDER:
        target = Decimal(targets[family])
        planned_share = _share(planned.get(family, 0), planned_total)
        realised_share = _share(realised.get(family, 0), realised_total)
        rows.append(
            {
                "family": family,
                "label": family.label,
                "target": target,
                "planned_weight": Decimal(planned.get(family, 0)),
                "planned_share": planned_share,
                "planned_drifts": planned_share is not None and abs(planned_share - target) > tolerance,
                "realised_weight": Decimal(realised.get(family, 0)),
                "realised_share": realised_share,
                "realised_drifts": realised_share is not None and abs(realised_share - target) > tolerance,
            }
        )
    return {"rows": rows, "planned_total": planned_total, "realised_total": realised_total, "tolerance": tolerance}
