"""Reads for feedback capture and the safeguarding "needs attention" list."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from engagement.access import safeguarding_concerns_for_staff
from engagement.models import FeedbackItem, SafeguardingCase, Session

# A concern needs attention until host staff close its case (no case yet: nobody has acted on it).
NEEDS_ATTENTION = Q(safeguarding_case__isnull=True) | ~Q(safeguarding_case__status=SafeguardingCase.Status.CLOSED)


def session_items(session: Session) -> QuerySet[FeedbackItem]:
    """The session's items, newest first (what was just typed sits under the form)."""
    return session.items.order_by("-created_at", "-pk")


def safeguarding_concerns(user: Any) -> QuerySet[FeedbackItem]:
    """The concerns in the rounds this user runs, newest first, with what the list shows (one query a page)."""
    return (safeguarding_concerns_for_staff(user).select_related("organisation", "session", "area", "safeguarding_case")
            .order_by("-created_at", "-pk"))
