"""Reads of JP recorded as earned outside the portal. The BPSDM admin records them for every
OPD, so the admin alone reaches them (anyone else: 403 at the view)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from learning_records.models import ExternalJp


def external_jp_entries(search=""):
    entries = ExternalJp.objects.select_related("pegawai__opd", "form", "credit")
    if search:
        entries = entries.filter(
            Q(pegawai__name__icontains=search)
            | Q(pegawai__nip__startswith=search.replace(" ", ""))
            | Q(title__icontains=search)
        )
    return entries.order_by("-end_date", "-pk")


def get_external_jp_for_admin(pk):
    return get_object_or_404(ExternalJp.objects.select_related("pegawai", "form"), pk=pk)
