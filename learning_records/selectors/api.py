"""Reads of the read-only API (issue 14, item 5): the client a token names, and the rows a
client may pull. A client reaches the staff of its own OPD, or every OPD when it was issued for
the whole province; everything else answers as if it did not exist (404)."""

import hashlib

from django.db.models import Count, Max, Min, Sum
from django.http import Http404

from learning_records.models import ApiCall, ApiClient, JpCredit
from learning_records.selectors.ledger import export_credits
from pilots.domain import normalize_nip
from pilots.models import Pegawai


def token_digest(token):
    """The SHA-256 kept for a token; the token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def active_client_for_token(token):
    """The client the token was issued to, or None (unknown or revoked)."""
    if not token:
        return None
    return ApiClient.objects.select_related("opd").filter(token_hash=token_digest(token), revoked_at=None).first()


def staff_for_client(client):
    staff = Pegawai.objects.all()
    return staff if client.opd_id is None else staff.filter(opd_id=client.opd_id)


def person_for_client(client, nip):
    """The person with `nip` in the client's scope; 404 for an unknown NIP and for another OPD's."""
    normalized = normalize_nip(nip or "")
    person = staff_for_client(client).filter(nip=normalized).first() if normalized else None
    if person is None:
        raise Http404
    return person


def jp_periods(client, *, person=None, year=None):
    """JP per person and counting period as the ledger counts them (JpCredit.year: the calendar
    year of a PNS, the contract year of a PPPK), credited JP and JP before the PPPK cap, newest
    period first. One query whatever the number of rows (and one for the page count)."""
    credits = JpCredit.objects.filter(pegawai__in=staff_for_client(client))
    if person is not None:
        credits = credits.filter(pegawai=person)
    if year is not None:
        credits = credits.filter(year=year)
    return (
        credits.order_by()
        .values(
            "pegawai__nip",
            "pegawai__name",
            "pegawai__employment_type",
            "pegawai__opd__name",
            "year",
        )
        .annotate(
            period_start=Min("period_start"),
            period_end=Max("period_end"),
            jp=Sum("jp"),
            jp_before_cap=Sum("jp_before_cap"),
            credit_count=Count("pk"),
        )
        .order_by("-year", "pegawai__opd__name", "pegawai__name", "pegawai__nip")
    )


def completed_development(client, *, person=None, year=None):
    """Credits of activities held (ended) in calendar year `year` (or any year), one per person
    and activity, with the rows of the SIASN export (learning_records.services.exports.siasn_row)."""
    opd_ids = None if client.opd_id is None else [client.opd_id]
    if year is not None:
        credits = export_credits(year, opd_ids=opd_ids)
    else:
        credits = JpCredit.objects.filter(pegawai__in=staff_for_client(client)).select_related(
            "pegawai",
            "realisation__activity__form",
            "realisation__activity__plan__programme_opd__opd",
            "external__form",
        )
        credits = credits.order_by("pegawai__opd__name", "pegawai__name", "pegawai__nip", "end_date", "pk")
    if person is not None:
        credits = credits.filter(pegawai=person)
    return credits


def api_clients():
    return ApiClient.objects.select_related("opd", "issued_by").annotate(call_count=Count("calls"))


def get_api_client(pk):
    client = api_clients().filter(pk=pk).first()
    if client is None:
        raise Http404
    return client


def api_calls(client):
    return ApiCall.objects.filter(client=client).order_by("-called_at", "-pk")
