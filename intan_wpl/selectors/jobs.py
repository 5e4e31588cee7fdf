"""Reads of background jobs: a job is its owner's only (404 for anyone else, the admin too)."""

from django.shortcuts import get_object_or_404

from intan_wpl.models import Job


def jobs_of(user):
    """The user's own jobs, newest first."""
    return Job.objects.filter(owner=user).order_by("-created_at", "-pk")


def get_job_for_owner(user, pk):
    return get_object_or_404(Job, pk=pk, owner=user)
