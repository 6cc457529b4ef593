"""Paper forms brought in from a file: one ``ImportBatch`` per uploaded file, and the problems its check found."""
from __future__ import annotations

from django.db import models
from django.utils import timezone

from grassroots.accounts.models import Organisation, User
from grassroots.jobs.models import Job


def _upload_path(batch: ImportBatch, filename: str) -> str:
    return f"imports/{timezone.now():%Y/%m}/{filename}"


class ImportBatch(models.Model):
    """A file of feedback or answers: checked in the background, then (if nothing is wrong) imported in one
    transaction. ``organisation`` and ``as_staff`` are the scope the file was imported for: the group, or the host
    organisation whose staff imported it (null for an administrator). The same file (``sha256``) imported twice in
    one scope creates nothing the second time."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", "Feedback"
        ANSWERS = "answers", "Answers to a question set"

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        PROBLEMS = "problems", "Has problems"
        READY = "ready", "Ready to import"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        ALREADY = "already", "Already imported"

    # A file with problems is fixed and uploaded again as a new batch; a failed import goes back to ready.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.CHECKING: frozenset({Status.PROBLEMS, Status.READY}),
        Status.READY: frozenset({Status.IMPORTING}),
        Status.IMPORTING: frozenset({Status.IMPORTED, Status.PROBLEMS, Status.ALREADY, Status.READY}),
        Status.PROBLEMS: frozenset(),
        Status.IMPORTED: frozenset(),
        Status.ALREADY: frozenset(),
    }

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="The group, or the host staff's organisation.")
    as_staff = models.BooleanField(default=False, help_text="Imported by host staff for the rounds they run.")
    question_set = models.ForeignKey("engagement.QuestionSet", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    file = models.FileField(upload_to=_upload_path, blank=True, help_text="Deleted once the batch is finished.")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0, help_text="Rows with something in them.")
    problem_count = models.PositiveIntegerField(default=0, help_text="Every problem found (more than are kept).")
    created_count = models.PositiveIntegerField(default=0, help_text="Feedback items or responses created.")
    message = models.CharField(max_length=500, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            help_text="The background job checking or importing it now (or last).")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["sha256", "kind"], name="import_batch_file"),
            models.Index(fields=["created_by", "-created_at"], name="import_batch_creator"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display().lower()}, {self.get_status_display().lower()})"

    @property
    def is_feedback(self) -> bool:
        return self.kind == self.Kind.FEEDBACK

    @property
    def is_busy(self) -> bool:
        """A job is (or should be) working on it: the page shows progress."""
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def is_importing(self) -> bool:
        return self.status == self.Status.IMPORTING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def has_problems(self) -> bool:
        return self.status == self.Status.PROBLEMS

    @property
    def is_imported(self) -> bool:
        return self.status == self.Status.IMPORTED

    @property
    def was_already_imported(self) -> bool:
        return self.status == self.Status.ALREADY

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.PROBLEMS, self.Status.IMPORTED, self.Status.ALREADY)


class ImportProblem(models.Model):
    """One thing wrong with one cell (or the whole file, row 0): where, what, and what would be allowed."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(help_text="The spreadsheet's row number (the headings are row 1); 0: the file.")
    column = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=500)
    allowed = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["row", "pk"]
        indexes = [models.Index(fields=["batch", "row", "id"], name="import_problem_page")]

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"
