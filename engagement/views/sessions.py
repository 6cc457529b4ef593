"""Sessions: a group logs what it ran; host staff and the programme's readers see them."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from engagement.access import is_session_group, is_session_staff, session_for_user_or_404
from grassroots.http import AuthenticatedHttpRequest


@require_safe
@login_required
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The session as its group, its host staff or a reader of the programme sees it (readers: no feedback)."""
    session = session_for_user_or_404(request.user, pk)
    sees_feedback = is_session_group(request.user, session) or is_session_staff(request.user, session)
    return render(request, "engagement/sessions/detail.html", {"session": session, "sees_feedback": sees_feedback})
