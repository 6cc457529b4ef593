"""Reads for the import pages: a person's recent imports, a batch's problems and counts, the files its jobs make."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from engagement.access import ImportScope, import_batches_visible_to, sessions_for_import
from engagement.models import FeedbackItem, ImportBatch, ImportProblem, QuestionSet, Response, Session
from grassroots.jobs.exports import csv_bytes

PROBLEM_HEADER = ("Row", "Column", "Problem", "Allowed")


def recent_batches(user: Any, limit: int = 10) -> list[ImportBatch]:
    return list(import_batches_visible_to(user).select_related("created_by", "question_set")[:limit])


def editable_sessions(user: Any, scopes: list[ImportScope], limit: int = 2000) -> list[Session]:
    """The sessions the user may import into, newest first, for the template's list of references (one query per
    scope; a group's drafts, or every session of the rounds host staff run)."""
    found: dict[int, Session] = {}
    for scope in scopes:
        sessions = sessions_for_import(user, scope)
        if not scope.as_staff:
            sessions = sessions.filter(status=Session.Status.DRAFT)
        for session in sessions.only("pk", "reference", "title", "held_on", "question_set_id").order_by(
                "-held_on", "-pk")[:limit]:
            found[session.pk] = session
    return sorted(found.values(), key=lambda s: (s.held_on, s.pk), reverse=True)[:limit]


def question_sets_for_import(user: Any, scopes: list[ImportScope]) -> QuerySet[QuestionSet]:
    """The question sets the user's importable sessions use (only they can take an answers file)."""
    ids: set[int] = set()
    for scope in scopes:
        ids |= set(sessions_for_import(user, scope).exclude(question_set=None).order_by()
                   .values_list("question_set_id", flat=True).distinct())
    return QuestionSet.objects.filter(pk__in=ids).order_by("name", "pk")


def problem_counts(batch: ImportBatch) -> list[tuple[str, int]]:
    """How many problems each column has (of those kept), most first."""
    rows = (ImportProblem.objects.filter(batch=batch).values("column").annotate(n=Count("pk"))
            .order_by("-n", "column"))
    return [(r["column"] or "The whole file", r["n"]) for r in rows]


def problems(batch: ImportBatch) -> QuerySet[ImportProblem]:
    return ImportProblem.objects.filter(batch=batch).order_by("row", "pk")


def problems_csv(batch: ImportBatch) -> bytes:
    rows = problems(batch).values_list("row", "column", "message", "allowed")
    return csv_bytes(PROBLEM_HEADER, ((row or "", column, message, allowed) for row, column, message, allowed in rows))


def imported_per_session(batch: ImportBatch) -> list[tuple[str, str, int]]:
    """(reference, title, how many) for each session the batch imported into."""
    model = FeedbackItem if batch.is_feedback else Response
    rows = (model.objects.filter(import_batch=batch).values("session__reference", "session__title")
            .annotate(n=Count("pk")).order_by("session__reference"))
    return [(r["session__reference"], r["session__title"], r["n"]) for r in rows]


def receipt_csv(batch: ImportBatch) -> bytes:
    noun = "Feedback items" if batch.is_feedback else "People's answers"
    return csv_bytes(("Session", "Title", noun), imported_per_session(batch))
