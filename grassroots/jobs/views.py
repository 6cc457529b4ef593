"""Your downloads: the jobs a person asked for, their live progress, and the finished files."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.models import Job
from grassroots.jobs.selectors import job_for_user_or_404, jobs_for_user


def _as_json(job: Job) -> dict[str, object]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "status_text": job.status_text,
        "progress": job.progress,
        "message": job.message,
        "finished": job.is_finished,
        "waiting": job.is_waiting_for_service,
        "download_url": reverse("jobs:download", args=[job.pk]) if job.status == Job.Status.DONE else None,
    }


def job_requested(request: HttpRequest, job: Job) -> HttpResponse:
    """After job_request: tell the person what actually happened, then show their downloads.

    Without a broker the job has already run in-process by now, so "we are making it" would be untrue; with the
    broker down it has not been handed over yet, so the person hears it will be made when the service is back.
    """
    job.refresh_from_db(fields=["status", "message", "dispatched_at", "dispatch_attempts"])
    if job.status == Job.Status.DONE:
        messages.success(request, f"Your file is ready: {job.label}.")
    elif job.status == Job.Status.FAILED:
        messages.error(request, f"We could not make {job.label}. {job.message}".strip())
    elif job.is_waiting_for_service:
        messages.warning(request, "The service that makes files is not available just now. We have kept your "
                                  "request: your file will be made when it is back, and will appear here.")
    else:
        messages.success(request, "We are making your file. It will appear here when it is ready.")
    return redirect("jobs:list")


@login_required
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobs = list(jobs_for_user(request.user)[:50])
    running = any(not j.is_finished for j in jobs)
    return render(request, "jobs/job_list.html", {"jobs": jobs, "running": running})


@login_required
def job_status(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Polled by static/js/downloads.js while any job is unfinished."""
    jobs = jobs_for_user(request.user)[:50]
    return JsonResponse({"jobs": [_as_json(j) for j in jobs]})


@login_required
def job_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    job = job_for_user_or_404(request.user, pk)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404("This file is not ready.")
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.filename,
                            content_type=job.content_type or "application/octet-stream")
    # Reports hold what people said about their health: no shared cache or browser history may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
