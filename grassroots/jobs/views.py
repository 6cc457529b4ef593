"""Your downloads: the jobs a person asked for, their live progress, and the finished files."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from grassroots.jobs.models import Job
from grassroots.jobs.selectors import job_for_user_or_404, jobs_for_user


def _as_json(job: Job) -> dict[str, object]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "message": job.message,
        "finished": job.is_finished,
        "download_url": reverse("jobs:download", args=[job.pk]) if job.status == Job.Status.DONE else None,
    }


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(jobs_for_user(request.user)[:50])  # type: ignore[arg-type]
    running = any(not j.is_finished for j in jobs)
    return render(request, "jobs/job_list.html", {"jobs": jobs, "running": running})


@login_required
def job_status(request: HttpRequest) -> JsonResponse:
    """Polled by static/js/downloads.js while any job is unfinished."""
    jobs = jobs_for_user(request.user)[:50]  # type: ignore[arg-type]
    return JsonResponse({"jobs": [_as_json(j) for j in jobs]})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = job_for_user_or_404(request.user, pk)  # type: ignore[arg-type]
    if job.status != Job.Status.DONE or not job.result:
        raise Http404("This file is not ready.")
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.filename,
                        content_type=job.content_type or "application/octet-stream")
