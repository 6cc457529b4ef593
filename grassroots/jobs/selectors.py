"""Reads for background jobs: a person sees only the jobs they asked for."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from grassroots.accounts.models import User
from grassroots.jobs.models import Job


def jobs_for_user(user: User) -> QuerySet[Job]:
    return Job.objects.filter(requested_by=user)


def job_for_user_or_404(user: User, pk: int) -> Job:
    return get_object_or_404(jobs_for_user(user), pk=pk)
