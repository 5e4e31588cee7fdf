"""The duplicate finder as a background job (issue 12, item 3).

Finding the groups grows with the province (insights.services.duplicates); a web request never
does it. A job (`duplicate_scan`, insights.jobs) runs duplicate_groups_find for all programmes
or one, and stores the groups in the finder's order (DuplicateScan, StoredDuplicateGroup); the
pages read one page of stored groups. The admin starts a scan from the page; dismissing a pair
and forming a joint programme start one again, so what the page shows catches up by itself.
"""

import dataclasses
import json
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from insights.models import DismissedPair, DuplicateScan, StoredDuplicateGroup
from insights.services.duplicates import DuplicateGroup, duplicate_groups_find
from intan_wpl.services.jobs import start_job

DUPLICATE_SCAN = "duplicate_scan"
_DECIMAL_SAVING = ("separate_cost", "joint_cost", "saving")
_DECIMAL_ACTIVITY = ("jp", "estimated_cost")


def group_data(group):
    """`group` as plain JSON data (decimals and lazy strings as strings)."""
    return json.loads(DjangoJSONEncoder().encode(dataclasses.asdict(group)))


def group_from_data(data):
    """The DuplicateGroup stored as `data` (JSON: the decimals come back as Decimal)."""
    data = dict(data)
    data["estimated_cost"] = Decimal(data["estimated_cost"])
    data["saving"] = {k: Decimal(v) if k in _DECIMAL_SAVING else v for k, v in data["saving"].items()}
    data["activities"] = [_activity(activity) for activity in data["activities"]]
    for pair in data["pairs"]:
        pair["first"], pair["second"] = _activity(pair["first"]), _activity(pair["second"])
    return DuplicateGroup(**data)


def _activity(activity):
    return {k: Decimal(v) if k in _DECIMAL_ACTIVITY else v for k, v in activity.items()}


def duplicate_scan_run(*, programme=None, progress=None):
    """Find the groups (of `programme`, or of all programmes) and store them as the scope's
    latest scan; the scope's earlier scans are removed."""
    started = time.monotonic()
    if progress:
        progress(5, _("Mencari kebutuhan dan kegiatan serupa"))
    groups = duplicate_groups_find(programme=programme)
    if progress:
        progress(80, _("Menyimpan %(count)s kelompok") % {"count": len(groups)})
    with transaction.atomic():
        scan = DuplicateScan.objects.create(
            programme=programme,
            group_count=len(groups),
            seconds=Decimal(round(time.monotonic() - started, 1)).quantize(Decimal("0.1")),
        )
        StoredDuplicateGroup.objects.bulk_create(
            [
                StoredDuplicateGroup(scan=scan, position=position, key=group.key, data=group_data(group))
                for position, group in enumerate(groups)
            ],
            batch_size=500,
        )
        DuplicateScan.objects.filter(programme=programme).exclude(pk=scan.pk).delete()
    return scan


def duplicate_scan_start(*, user, programme=None):
    """Start a scan job for `user` (the admin); returns the job."""
    scope = programme.name if programme else _("semua program")
    return start_job(
        user=user,
        kind=DUPLICATE_SCAN,
        label=_("Pencarian duplikasi antar-OPD (%(scope)s)") % {"scope": scope},
        params={"programme": programme.pk if programme else None, "result_url": _page_url(programme)},
    )


def _page_url(programme):
    """Where the job page's "Lihat hasil" leads: the finder, on the scanned scope."""
    url = reverse("insights:duplicate_groups")
    return f"{url}?{urlencode({'programme': programme.pk})}" if programme else url


def duplicate_scans_refresh(*, user):
    """Scan again every scope that has a stored scan (after a dismissal or a joint programme)."""
    for scan in DuplicateScan.objects.select_related("programme"):
        duplicate_scan_start(user=user, programme=scan.programme)


def latest_scan(*, programme=None):
    """The scope's stored scan (all programmes when `programme` is None), or None."""
    return DuplicateScan.objects.filter(programme=programme).first()


def stored_groups(scan):
    """The scan's groups in the finder's order, as a queryset to paginate."""
    if scan is None:
        return StoredDuplicateGroup.objects.none()
    return scan.groups.only("key", "data")


def duplicate_group_get(*, key, programme=None):
    """The stored group with `key` in the scope's latest scan, or None. Whoever writes from it
    re-checks its activities (joint_programme_create keeps only joinable ones)."""
    scan = latest_scan(programme=programme)
    row = scan.groups.filter(key=key).first() if scan else None
    return group_from_data(row.data) if row else None


@transaction.atomic
def duplicate_pair_dismiss(*, first, second, user, reason=""):
    """Record that two activities are not the same training; the finder never links them again,
    and the stored groups are scanned again."""
    if first.pk == second.pk:
        raise ValidationError(_("Pilih dua kegiatan yang berbeda."))
    low, high = sorted((first, second), key=lambda activity: activity.pk)
    pair, _created = DismissedPair.objects.get_or_create(
        first=low, second=high, defaults={"dismissed_by": user, "reason": (reason or "")[:300]}
    )
    duplicate_scans_refresh(user=user)
    return pair
