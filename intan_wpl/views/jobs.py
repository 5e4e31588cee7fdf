"""Background jobs seen by their owner (issue 12): the list of one's jobs, a job's page with a
progress bar that htmx refreshes until the job ends, and the download of its result."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from intan_wpl.listing import paginate
from intan_wpl.models import JobState, Role
from intan_wpl.roles import role_required
from intan_wpl.selectors.jobs import get_job_for_owner, jobs_of

# Seconds between two looks at a running job's progress.
POLL_SECONDS = 2


@role_required(*Role.values)
def job_list(request):
    page, query_string = paginate(request, jobs_of(request.user))
    return render(request, "intan_wpl/jobs/job_list.html", {"page": page, "query_string": query_string})


@role_required(*Role.values)
def job_detail(request, pk):
    job = get_job_for_owner(request.user, pk)
    template = "intan_wpl/jobs/_job_status.html" if request.htmx else "intan_wpl/jobs/job_detail.html"
    return render(request, template, {"job": job, "poll_seconds": POLL_SECONDS})


@role_required(*Role.values)
def job_download(request, pk):
    job = get_job_for_owner(request.user, pk)
    if job.state != JobState.DONE or not job.result_file or job.result_removed_at:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=job.result_name or job.result_file.name)
