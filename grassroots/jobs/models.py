"""A background job (a PDF or an export) that a person asked for, and its result file."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "In progress"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Deleted"  # the file was kept for JOB_RESULT_DAYS, then removed

    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=200, help_text="What the person will see, e.g. 'Applications (CSV)'")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The outbox: the last time it was handed to the broker (empty: never, or that failed) and how often it was tried.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_waiting_for_service(self) -> bool:
        """Queued, but the broker could not take it, or no worker has taken it within the grace period."""
        if self.status != self.Status.QUEUED:
            return False
        if self.dispatched_at is None and self.dispatch_attempts > 0:
            return True
        return self.created_at < timezone.now() - timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)

    @property
    def status_text(self) -> str:
        """The status as the downloads page words it, with the reason when there is one."""
        if self.is_waiting_for_service:
            return WAITING_TEXT
        return f"{self.get_status_display()}: {self.message}" if self.message else self.get_status_display()


WAITING_TEXT = "Waiting for the service — your file will be made when it is back"
FINISHED = frozenset({Job.Status.DONE, Job.Status.FAILED, Job.Status.EXPIRED})
