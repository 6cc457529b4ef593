"""Sessions: a group logs what it ran; host staff and the programme's readers see them."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engagement.access import (
    grant_for_logging_or_404,
    is_session_group,
    is_session_staff,
    may_edit_session,
    may_log_session,
    may_reopen_session,
    may_submit_session,
    session_for_group_or_404,
    session_for_user_or_404,
)
from engagement.choices import Dimension
from engagement.forms.sessions import DemographicsForm, SessionForm
from engagement.models import Session
from engagement.selectors.sessions import (
    demographics_by_dimension,
    group_progress,
    group_session_list,
    session_timeline,
)
from engagement.services import sessions as services
from grants.access import require
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest

PAGE_SIZE = 50


def _session(request: AuthenticatedHttpRequest, pk: int) -> Session:
    """The session, if this person may open it (404 otherwise), with what every page of it shows."""
    return session_for_user_or_404(request.user, pk)


def _back_to_check(request: AuthenticatedHttpRequest, session: Session) -> HttpResponse:
    """Change links on the check page bring the group back there; otherwise the next step."""
    if request.GET.get("return") == "check" and may_submit_session(request.user, session):
        return redirect("engagement:session_submit", pk=session.pk)
    return redirect("engagement:session_detail", pk=session.pk)


# --- The group's list ----------------------------------------------------------------------------------------

@require_safe
@capacity_required(Capacity.GROUP)
def group_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The group's sessions across its grants, and each grant's totals against its plan."""
    page = Paginator(group_session_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "engagement/sessions/list.html", {
        "progress": group_progress(request.user), "page": page, "sessions": list(page.object_list)})


# --- Logging and changing a session --------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.GROUP)
def session_create(request: AuthenticatedHttpRequest, grant_pk: int) -> HttpResponse:
    grant = grant_for_logging_or_404(request.user, grant_pk)
    require(may_log_session(request.user, grant))
    form = SessionForm(request.POST if request.method == "POST" else None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, grant=grant, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Session {session.reference} saved. Now add who came, if you counted.")
            return redirect("engagement:session_demographics", pk=session.pk)
    return render(request, "engagement/sessions/form.html", {"grant": grant, "form": form, "session": None},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(may_edit_session(request.user, session))
    form = SessionForm(request.POST if request.method == "POST" else None, grant=session.grant,
                       initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Your changes have been saved.")
            return _back_to_check(request, session)
    return render(request, "engagement/sessions/form.html", {"grant": session.grant, "form": form,
                                                             "session": session},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def session_demographics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who came, as anonymous counts: every count optional, none adding up to more than attendance."""
    session = _session(request, pk)
    require(may_edit_session(request.user, session))
    rows = list(session.demographics.all())
    languages = [(r.category, r.count) for r in rows if r.dimension == Dimension.LANGUAGE]
    initial = {f"{r.dimension}__{r.category}": r.count for r in rows if r.dimension != Dimension.LANGUAGE}
    form = DemographicsForm(request.POST if request.method == "POST" else None, initial=initial,
                            languages=languages)
    problems: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.session_demographics_set(actor=request.user, session=session, counts=form.counts())
        except ValidationError as exc:
            problems = {dimension: message for dimension, messages_ in exc.message_dict.items()
                        for message in messages_}
        else:
            messages.success(request, "The counts of who came have been saved.")
            return _back_to_check(request, session)
    return render(request, "engagement/sessions/demographics.html", {
        "session": session, "form": form, "groups": form.groups(), "dimension_problems": problems,
        "problems": [(message, f"#dimension-{dimension}") for dimension, message in problems.items()],
    }, status=400 if form.is_bound else 200)


# --- Submitting, and staff reopening -------------------------------------------------------------------------

def _summary(request: AuthenticatedHttpRequest, session: Session) -> dict[str, Any]:
    """What the session's page and its check-your-answers page both show."""
    return {"session": session, "demographics": demographics_by_dimension(session),
            "present": list(session.organisations_present.all()),
            "trained": list(session.trained_organisations.all()) if session.is_training else []}


@require_http_methods(["GET", "POST"])
@login_required
def session_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then send: afterwards the session counts, and only staff change it."""
    session = _session(request, pk)
    if session.is_submitted and is_session_group(request.user, session):
        return redirect("engagement:session_submitted", pk=session.pk)  # sent already (a double tap, a colleague)
    require(may_submit_session(request.user, session))
    if request.method == "POST":
        services.session_submit(actor=request.user, session=session)
        return redirect("engagement:session_submitted", pk=session.pk)
    return render(request, "engagement/sessions/check.html", _summary(request, session) | {"change": True})


@require_safe
@login_required
def session_submitted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for_group_or_404(request.user, pk)
    if not session.is_submitted:
        return redirect("engagement:session_detail", pk=session.pk)
    return render(request, "engagement/sessions/submitted.html", {"session": session})


@require_POST
@login_required
def session_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    services.session_reopen(actor=request.user, session=session, reason=request.POST.get("reason", "")[:500])
    messages.success(request, f"{session.organisation.name} can change this session again. It counts once they "
                              "submit it again.")
    return redirect("engagement:session_detail", pk=session.pk)


# --- The session's page --------------------------------------------------------------------------------------

@require_safe
@login_required
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The session as its group, its host staff or a reader of the programme sees it (readers: no feedback)."""
    session = _session(request, pk)
    user = request.user
    staff, group = is_session_staff(user, session), is_session_group(user, session)
    editable = bool(may_edit_session(user, session))
    return render(request, "engagement/sessions/detail.html", _summary(request, session) | {
        "sees_feedback": group or staff, "is_group": group, "editable": editable, "change": editable,
        "may_submit": bool(may_submit_session(user, session)),
        "may_reopen": bool(may_reopen_session(user, session)),
        "feedback_count": session.items.count() if group or staff else None,
        "events": list(session_timeline(session, internal=staff)),
        "grant_url": reverse("grants:grant_manage" if staff else "grants:grant_detail", args=[session.grant_id])
        if staff or group else "",
    })
