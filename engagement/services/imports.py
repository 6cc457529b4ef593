"""Paper forms imported from a file: upload, check (a background job), then import all rows or none (another job).

The same file imported twice in one scope creates nothing the second time: the upload says so at once, the import
re-checks under a lock, and each row's ``client_id`` is derived from the file, so even two imports racing past
both checks meet the database's unique constraint and the second creates nothing."""
from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from engagement.access import (
    ImportScope,
    import_scopes,
    may_edit_sessions,
    may_start_import,
    sessions_for_import,
)
from engagement.imports import checked_file
from engagement.imports.checking import NO_SESSION, Checked, Progress, check_answers, check_feedback
from engagement.imports.reading import UnreadableFile, check_import_upload, read_table
from engagement.imports.writing import insert_rows
from engagement.models import (
    Answer,
    FeedbackItem,
    ImportBatch,
    ImportProblem,
    QuestionSet,
    Response,
    Session,
    SessionEvent,
)
from engagement.services.safeguarding import safeguarding_concerns_notify
from grants.access import require
from grassroots.accounts.models import User
from grassroots.dates import govuk_datetime
from grassroots.jobs.services import job_request
from grassroots.timeline.models import Visibility

CHECK_JOB = "engagement.import_check"
INSERT_JOB = "engagement.import_insert"
B = ImportBatch.Status
_NAMESPACE = uuid.UUID("6f1d9a52-3c1e-4d55-9b1a-2f0c6e7d8a90")


def _scope(batch: ImportBatch) -> ImportScope:
    return ImportScope(batch.organisation, batch.as_staff)


def already_imported(*, scope: ImportScope, kind: str, sha256: str, exclude: int | None = None) -> ImportBatch | None:
    """The earlier batch that imported this very file in this scope, if any."""
    return (ImportBatch.objects.filter(kind=kind, sha256=sha256, organisation=scope.organisation,
                                       as_staff=scope.as_staff, status=B.IMPORTED)
            .exclude(pk=exclude or 0).select_related("created_by").order_by("imported_at").first())


def import_batch_upload(*, actor: User, scope: ImportScope, kind: str, upload: UploadedFile,
                        question_set: QuestionSet | None = None) -> tuple[ImportBatch, bool]:
    """Keep the file and queue its check. Returns (batch, created): an already imported file gives the earlier
    batch and creates nothing. Raises ValidationError for a file of the wrong type or size."""
    if scope.key not in {s.key for s in import_scopes(actor)}:
        raise PermissionDenied("You cannot import for this group.")
    if (kind == ImportBatch.Kind.ANSWERS) != (question_set is not None):
        raise ValueError("An answers file needs its question set; a feedback file has none.")
    name, ext = check_import_upload(upload)
    content = upload.read()
    sha256 = hashlib.sha256(content).hexdigest()
    earlier = already_imported(scope=scope, kind=kind, sha256=sha256)
    if earlier is not None:
        return earlier, False
    with transaction.atomic():
        batch = ImportBatch(kind=kind, organisation=scope.organisation, as_staff=scope.as_staff,
                            question_set=question_set, file_name=name, sha256=sha256, created_by=actor)
        batch.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(content), save=False)
        batch.save()
        batch.job = job_request(actor=actor, kind=CHECK_JOB, label=f"Problems found in {name} (CSV)",
                                params={"batch": batch.pk})
        batch.save(update_fields=["job"])
    return batch, True


def _move(batch: ImportBatch, to: str, *fields: str) -> None:
    if to not in ImportBatch.TRANSITIONS[batch.status]:
        raise ValueError(f"An import {batch.status} cannot become {to}")
    batch.status = to
    batch.save(update_fields=["status", *fields])


def _forget_file(batch: ImportBatch) -> None:
    """Once a batch is finished its file (health information) goes, after the change commits."""
    name, storage = batch.file.name, batch.file.storage
    if name:
        batch.file = ""
        batch.save(update_fields=["file"])
        transaction.on_commit(lambda: storage.delete(name))


def _check(batch: ImportBatch, progress: Progress | None) -> Checked:
    actor = batch.created_by
    candidates = sessions_for_import(actor, _scope(batch))
    try:
        with batch.file.open("rb") as f:
            content = f.read()
        table = read_table(content, batch.file_name.rsplit(".", 1)[-1].lower())
        if batch.question_set is not None:
            return check_answers(table, actor=actor, candidates=candidates, question_set=batch.question_set,
                                 progress=progress)
        return check_feedback(table, actor=actor, candidates=candidates, progress=progress)
    except UnreadableFile as exc:
        checked = Checked()
        checked.add(0, "", str(exc), "A CSV file saved as UTF-8, or an Excel workbook (.xlsx)")
        return checked


def _keep_problems(batch: ImportBatch, checked: Checked) -> None:
    ImportProblem.objects.filter(batch=batch).delete()
    ImportProblem.objects.bulk_create(
        [ImportProblem(batch=batch, row=p.row, column=p.column[:200], message=p.message[:500], allowed=p.allowed[:1000])
         for p in checked.problems], batch_size=2000)
    batch.problem_count = checked.problem_count


def _load(batch_id: int) -> ImportBatch:
    return ImportBatch.objects.select_related("created_by", "organisation", "question_set").get(pk=batch_id)


def import_batch_check(*, batch_id: int, progress: Progress | None = None) -> ImportBatch:
    """The check job: every problem kept, nothing else saved. Safe to run twice (a redelivered job)."""
    batch = _load(batch_id)
    if batch.status != B.CHECKING:
        return batch
    checked = _check(batch, progress)
    if progress:
        progress(90, f"{checked.rows:,} rows checked")
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != B.CHECKING:
            return locked
        _keep_problems(locked, checked)
        locked.row_count, locked.checked_at = checked.rows, timezone.now()
        _move(locked, B.READY if checked.ok else B.PROBLEMS, "row_count", "problem_count", "checked_at")
        _forget_file(locked)
        if checked.ok:
            locked.file.save(f"{uuid.uuid4().hex}.checked.json", ContentFile(checked_file.dump(checked)), save=False)
            locked.save(update_fields=["file"])
    return locked


def import_batch_start(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """"Import N rows": queue the import job (the check found nothing wrong)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        require(may_start_import(actor, locked))
        locked.message = ""
        _move(locked, B.IMPORTING, "message")
        locked.job = job_request(actor=actor, kind=INSERT_JOB, label=f"Rows imported from {locked.file_name} (CSV)",
                                 params={"batch": locked.pk})
        locked.save(update_fields=["job"])
    return locked


def import_batch_stopped(*, batch_id: int) -> None:
    """The import job failed part-way (its transaction rolled back, so nothing was saved): it may be tried again."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().filter(pk=batch_id, status=B.IMPORTING).first()
        if locked is not None:
            locked.message = "The import stopped before it finished, so nothing was saved. Try it again."
            _move(locked, B.READY, "message")


def _client_ids(scope: ImportScope, sha256: str) -> Callable[[int], str]:
    """Each row's ``client_id``: the same file in the same scope always gives the same ids, so the database's
    unique (session, client_id) refuses a second import of it. The file's part is hashed once; the row's number
    fills the last 12 hex digits (cheaper than a uuid5 per row at 100,000 rows)."""
    base = hashlib.sha256(f"{_NAMESPACE}:{scope.key}:{sha256}".encode()).hexdigest()
    prefix = f"{base[:8]}-{base[8:12]}-{base[12:16]}-{base[16:20]}-"
    return lambda row: f"{prefix}{row:012x}"


def _lock_sessions(actor: User, checked: Checked, question_set: QuestionSet | None) -> None:
    """Lock the sessions the rows go to and check them again: one submitted, given another question set or gone
    since the check now refuses its rows."""
    ids = {row[1] for row in (checked.feedback or checked.responses)}
    checked.sessions = {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    refused = {pk: allowed.reason for pk, allowed in may_edit_sessions(actor, checked.sessions.values()).items()
               if not allowed}
    if question_set is not None:
        for pk, session in checked.sessions.items():
            if session.question_set_id != question_set.pk:
                refused.setdefault(pk, f"This session no longer uses the question set '{question_set.name}'.")
    for row in checked.feedback or checked.responses:
        if row[1] not in checked.sessions:
            checked.add(row[0], "Session", NO_SESSION, "A session you can still change")
        elif row[1] in refused:
            checked.add(row[0], "Session", refused[row[1]], "A session you can still change")


def _write(batch: ImportBatch, checked: Checked, now: Any) -> Counter[int]:
    client_id, actor_id = _client_ids(_scope(batch), batch.sha256), batch.created_by_id
    sessions = checked.sessions
    per_session: Counter[int] = Counter()
    if batch.is_feedback:
        def feedback_rows() -> Iterable[tuple[Any, ...]]:
            for row, session_id, text, service, sentiment, consent, age, ethnic, safeguarding in checked.feedback:
                s = sessions[session_id]
                per_session[session_id] += 1
                yield (session_id, client_id(row), s.organisation_id, s.round_id, s.area_id,
                       s.kind, s.held_on, text, service, sentiment, consent, age, ethnic, safeguarding, actor_id,
                       now, now, batch.pk)
        insert_rows(FeedbackItem, ("session_id", "client_id", "organisation_id", "round_id", "area_id",
                                   "session_kind", "held_on", "text", "service", "sentiment", "consent", "age_band",
                                   "ethnic_group", "safeguarding", "created_by_id", "created_at", "updated_at",
                                   "import_batch_id"), feedback_rows())
        safeguarding_concerns_notify(item_ids=FeedbackItem.objects.filter(
            import_batch=batch, safeguarding=True).values_list("pk", flat=True))
        return per_session
    client_ids: dict[int, str] = {}
    for row, session_id, _ in checked.responses:
        client_ids[row] = client_id(row)
        per_session[session_id] += 1
    insert_rows(Response, ("session_id", "client_id", "created_by_id", "created_at", "import_batch_id"),
                ((session_id, client_ids[row], actor_id, now, batch.pk) for row, session_id, _ in checked.responses))
    ids = {str(k): pk for k, pk in Response.objects.filter(import_batch=batch).values_list("client_id", "pk")}
    insert_rows(Answer, ("response_id", "question_id", "choice", "number", "text"),
                ((ids[client_ids[row]], *answer) for row, _, answers in checked.responses for answer in answers))
    return per_session


def import_batch_insert(*, batch_id: int, progress: Progress | None = None) -> ImportBatch:
    """The import job: the rows the check kept, the sessions checked again under their locks, then every row in
    one transaction, or none. Safe to run twice: a batch no longer being imported is left as it is."""
    batch = _load(batch_id)
    if batch.status != B.IMPORTING:
        return batch
    with batch.file.open("rb") as f:
        checked = checked_file.load(f.read())
    if progress:
        progress(20, f"Saving {checked.rows:,} rows")
    now = timezone.now()
    with transaction.atomic():
        # Every batch of this file in this scope, locked in one order: two imports of it run one after the other.
        same = list(ImportBatch.objects.select_for_update().filter(
            kind=batch.kind, sha256=batch.sha256, organisation=batch.organisation, as_staff=batch.as_staff)
            .order_by("pk"))
        locked = next(b for b in same if b.pk == batch.pk)
        if locked.status != B.IMPORTING:
            return locked
        earlier = next((b for b in same if b.status == B.IMPORTED), None)
        if earlier is not None:
            locked.message = f"This file was already imported on {govuk_datetime(earlier.imported_at)}."
            _move(locked, B.ALREADY, "message")
            _forget_file(locked)
            return locked
        _lock_sessions(batch.created_by, checked, batch.question_set)
        if batch.question_set is not None:
            checked_file.recheck_choices(checked, batch.question_set)
        if not checked.ok:
            _keep_problems(locked, checked)
            _move(locked, B.PROBLEMS, "problem_count")
            _forget_file(locked)
            return locked
        per_session = _write(locked, checked, now)
        noun = "feedback items" if locked.is_feedback else "people's answers"
        SessionEvent.objects.bulk_create([  # as grassroots.timeline.services.record writes them, one per session
            SessionEvent(session_id=pk, actor_id=locked.created_by_id, at=now, kind=SessionEvent.Kind.IMPORTED,
                         from_status=checked.sessions[pk].status, to_status=checked.sessions[pk].status,
                         visibility=Visibility.GROUP, note=f"{n:,} {noun} imported from {locked.file_name}")
            for pk, n in sorted(per_session.items())])
        locked.created_count, locked.imported_at = sum(per_session.values()), now
        _move(locked, B.IMPORTED, "created_count", "imported_at")
        _forget_file(locked)
    return locked
