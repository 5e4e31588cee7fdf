"""Queue a data pack with a broker configured and wait for the separate worker to finish it; then
ask for the dashboard's totals as a page view does and wait for the worker to store them in the
shared cache, where the web side reads them."""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intan_wpl.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from insights.selectors.dashboard import DashboardFilters, stored_totals_raw, totals_key  # noqa: E402
from insights.services.dashboard import dashboard_totals_request  # noqa: E402
from intan_wpl.celery import app  # noqa: E402
from intan_wpl.models import Job, JobState, User  # noqa: E402
from intan_wpl.services.jobs import start_job  # noqa: E402

if settings.CELERY_TASK_ALWAYS_EAGER:
    sys.exit("a broker must be set for this check (CELERY_BROKER_URL)")
app.conf.task_default_queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
admin = User.objects.get(username="admin.bpsdm")
with transaction.atomic():
    job = start_job(user=admin, kind="data_pack", label="Pemeriksaan CI", params={"programme": None})
    if Job.objects.get(pk=job.pk).state != JobState.QUEUED:
        sys.exit("the job ran in this process: it must wait for the worker")
deadline = time.monotonic() + 180
seen = set()
while time.monotonic() < deadline:
    job.refresh_from_db()
    seen.add(job.state)
    if job.is_finished:
        break
    time.sleep(0.5)
print(f"job {job.pk}: {job.state}, {job.progress}%, attempts {job.attempts}, states seen {sorted(seen)}")
if job.state != JobState.DONE:
    sys.exit(f"the worker did not finish the job: {job.state} {job.error}")
with job.result_file.open("rb") as handle:
    sheets = load_workbook(handle, read_only=True).sheetnames
if sheets[0] != "Ringkasan" or "JP" not in sheets:
    sys.exit(f"unexpected sheets in the result: {sheets}")
print(f"result {job.result_name}: {len(sheets)} sheets, counts {job.counts}")

filters = DashboardFilters.from_cleaned({})
# The cache (Redis) outlives a run of this check: start without totals from an earlier run.
cache.delete(totals_key(admin, filters))
cache.delete(f"{totals_key(admin, filters)}:lock")
if not dashboard_totals_request(user=admin, filters=filters):
    sys.exit("the dashboard did not ask for its totals")
deadline = time.monotonic() + 120
while time.monotonic() < deadline and stored_totals_raw(admin, filters) is None:
    time.sleep(0.5)
raw = stored_totals_raw(admin, filters)
if raw is None:
    sys.exit("the worker did not store the dashboard totals in the shared cache")
print(f"dashboard totals from the worker: {raw['opd_total']} programme OPDs, computed {raw['computed_at']:%H:%M:%S}")
