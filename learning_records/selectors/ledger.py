"""Reads of the JP ledger: each person's JP of a year against the PNS minimum and the PPPK cap,
a person's credits, the overview across programme OPDs and the rows of the SIASN export.

Scope is the programme OPD's (the views reach it through learning_needs.selectors.scope).
Every list here costs a fixed number of queries whatever the amount of data."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from intan_wpl.query import count_subquery
from learning_records.models import JpCredit
from pilots.domain import EmploymentType
from pilots.models import Pegawai, ProgrammeOpd

ZERO_JP = Value(Decimal("0.0"), output_field=DecimalField(max_digits=7, decimal_places=1))


def _scoped_programme_opds(user):
    return ProgrammeOpd.objects.visible_to(user)


# --- JP ledger -----------------------------------------------------------------------------


class Standing:
    """How a person stands against the yearly rules (filter values of the ledger)."""

    MET = "memenuhi"  # PNS with at least the minimum
    SHORT = "kurang"  # PNS below the minimum
    CAPPED = "batas"  # PPPK who reached the cap


def _year_credit_sum(year, field):
    summed = (
        JpCredit.objects.filter(pegawai_id=OuterRef("pk"), year=year)
        .order_by()
        .values("pegawai_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=DecimalField(max_digits=7, decimal_places=1)), ZERO_JP)


def _year_credit_count(year):
    return count_subquery(JpCredit.objects.filter(pegawai_id=OuterRef("pk"), year=year), "pegawai_id")


def ledger(programme_opd, year, settings, *, unit=None, employment_type="", standing="", search=""):
    """The OPD's staff for `year` with total_jp (credited), total_before_cap and credit_count.

    Active staff, plus anyone credited that year who has since left. Filtered by unit,
    PNS/PPPK, standing (Standing.*) and a name/NIP search.
    """
    credited_that_year = JpCredit.objects.filter(year=year).values("pegawai_id")
    staff = (
        Pegawai.objects.filter(opd=programme_opd.opd_id)
        .filter(Q(is_active=True) | Q(pk__in=credited_that_year))
        .select_related("unit")
        .annotate(
            total_jp=_year_credit_sum(year, "jp"),
            total_before_cap=_year_credit_sum(year, "jp_before_cap"),
            credit_count=_year_credit_count(year),
        )
    )
    if unit is not None:
        staff = staff.filter(unit=unit)
    if employment_type:
        staff = staff.filter(employment_type=employment_type)
    if standing == Standing.MET:
        staff = staff.filter(employment_type=EmploymentType.PNS, total_jp__gte=settings.pns_min_jp)
    elif standing == Standing.SHORT:
        staff = staff.filter(employment_type=EmploymentType.PNS, total_jp__lt=settings.pns_min_jp)
    elif standing == Standing.CAPPED:
        staff = staff.filter(employment_type=EmploymentType.PPPK, total_jp__gte=settings.pppk_max_jp)
    if search:
        staff = staff.filter(Q(name__icontains=search) | Q(nip__startswith=search.replace(" ", "")))
    return staff.order_by("name", "nip")


def ledger_summary(programme_opd, year, settings):
    """Counts for the whole OPD (ignoring filters), in one query."""
    staff = ledger(programme_opd, year, settings)
    pns = Q(employment_type=EmploymentType.PNS)
    pppk = Q(employment_type=EmploymentType.PPPK)
    # The aggregate aliases must not reuse an annotation's name (Django would then drop the
    # annotation from the inner query and SQLite would compare the bare name as a string).
    summary = staff.aggregate(
        staff_count=Count("pk"),
        pns_count=Count("pk", filter=pns),
        pns_met=Count("pk", filter=pns & Q(total_jp__gte=settings.pns_min_jp)),
        pppk_count=Count("pk", filter=pppk),
        pppk_capped=Count("pk", filter=pppk & Q(total_jp__gte=settings.pppk_max_jp)),
        jp_sum=Coalesce(Sum("total_jp"), ZERO_JP),
    )
    summary["total_jp"] = summary.pop("jp_sum")
    return summary


def decorate_ledger_rows(rows, settings):
    """Add what a row shows: PNS shortfall or met, PPPK cap reached and JP kept out by it."""
    minimum = Decimal(settings.pns_min_jp)
    cap = Decimal(settings.pppk_max_jp)
    for person in rows:
        person.is_pppk = person.employment_type == EmploymentType.PPPK
        person.shortfall = None if person.is_pppk else max(minimum - person.total_jp, Decimal(0))
        person.meets_minimum = not person.is_pppk and person.total_jp >= minimum
        person.cap_reached = person.is_pppk and person.total_jp >= cap
        person.jp_over_cap = person.total_before_cap - person.total_jp
    return rows


def ledger_years(programme_opd):
    """Years with credits for this OPD's staff, newest first (one query)."""
    return list(
        JpCredit.objects.filter(pegawai__opd=programme_opd.opd_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def default_year(years):
    return years[0] if years else timezone.localdate().year


# The order in which the PPPK cap takes a period's credits (learning_records.services.realisation
# ._apply_caps): the page shows each credit's running total in this same order.
CAP_ORDER = ("end_date", "realisation__start_date", "realisation_id", "pk")


def credits_of(pegawai):
    """A person's credits, newest first, with the activity, its form and its OPD, and
    `counted_before`: the JP already counted in the same period before this credit (in the order
    the cap takes them), so the page can say why a credit was cut."""
    running = Window(Sum("jp"), partition_by=[F("year")], order_by=[F(name).asc() for name in CAP_ORDER])
    return (
        JpCredit.objects.filter(pegawai=pegawai)
        .select_related(
            "realisation__activity__form",
            "realisation__activity__plan__programme_opd__opd",
            "external__form",
            "journal__form",
        )
        .annotate(running_jp=running)
        .annotate(counted_before=F("running_jp") - F("jp"))
        .order_by("-year", "-end_date", "-pk")
    )


def yearly_totals(pegawai):
    """Per counting period (calendar year for a PNS, contract year for a PPPK): credits, JP
    attended (before the cap) and JP counted."""
    return list(
        JpCredit.objects.filter(pegawai=pegawai)
        .values("year", "period_start", "period_end")
        .annotate(jp=Sum("jp"), before_cap=Sum("jp_before_cap"), count=Count("pk"))
        .order_by("-year")
    )


def explain_periods(totals, pegawai, settings):
    """Add to each period row of yearly_totals the rule it is held to and the outcome: a PNS's
    shortfall against the minimum, a PPPK's cap and the JP it kept out."""
    minimum = Decimal(settings.pns_min_jp)
    cap = Decimal(settings.pppk_max_jp)
    is_pppk = pegawai.employment_type == EmploymentType.PPPK
    for row in totals:
        row["is_contract_year"] = is_pppk and pegawai.contract_start is not None
        row["rule_jp"] = cap if is_pppk else minimum
        row["shortfall"] = None if is_pppk else max(minimum - row["jp"], Decimal(0))
        row["cap_reached"] = is_pppk and row["jp"] >= cap
        row["over_cap"] = row["before_cap"] - row["jp"]
    return totals


# --- Overview across programme OPDs ----------------------------------------------------------


def programme_opds_with_jp(user, year, settings):
    """The programme OPDs in the user's scope with, for `year`, their active PNS and how many
    met the minimum, PPPK at the cap and the JP credited (one correlated subquery each)."""
    active = Pegawai.objects.filter(opd=OuterRef("opd_id"), is_active=True)

    def count_of(queryset):
        return count_subquery(queryset, "opd")

    with_total = active.annotate(total=_year_credit_sum(year, "jp"))
    credited = (
        JpCredit.objects.filter(pegawai__opd=OuterRef("opd_id"), year=year)
        .order_by()
        .values("pegawai__opd")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    return (
        _scoped_programme_opds(user)
        .select_related("opd", "programme")
        .annotate(
            pns_count=count_of(active.filter(employment_type=EmploymentType.PNS)),
            pns_met=count_of(with_total.filter(employment_type=EmploymentType.PNS, total__gte=settings.pns_min_jp)),
            pppk_count=count_of(active.filter(employment_type=EmploymentType.PPPK)),
            pppk_capped=count_of(
                with_total.filter(employment_type=EmploymentType.PPPK, total__gte=settings.pppk_max_jp)
            ),
            credited_jp=Coalesce(
                Subquery(credited, output_field=DecimalField(max_digits=9, decimal_places=1)), ZERO_JP
            ),
        )
        .order_by("-programme__start_date", "opd__name")
    )


# --- Exports -------------------------------------------------------------------------------


def export_credits(year, *, opd_ids=None):
    """Credits of activities that ended in calendar year `year` (SIASN's tahun, whatever contract
    year a PPPK counts them in), one row per person and activity, keyed by NIP.
    opd_ids None = every OPD (the admin's export)."""
    credits = JpCredit.objects.filter(end_date__year=year)
    if opd_ids is not None:
        credits = credits.filter(pegawai__opd_id__in=opd_ids)
    return credits.select_related(
        "pegawai__opd",
        "realisation__activity__form",
        "realisation__activity__plan__programme_opd__opd",
        "external__form",
        "journal__form",
    ).order_by("pegawai__opd__name", "pegawai__name", "pegawai__nip", "end_date", "pk")
