"""Feedback capture: add many items to a session quickly on a phone, then change or delete them while editable.

The capture page works as plain HTML forms; static/js/feedback-capture.js sends each item with fetch as soon as
it is entered and retries until it arrives. For those requests (``Accept: application/json``) the save answers
JSON, and a signed-out request gets 401 rather than the sign-in page, so the page can keep the items and say so.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engagement.access import feedback_item_for_user_or_404, may_edit_session, session_for_capture_or_404
from engagement.forms.feedback import FeedbackForm
from engagement.models import FeedbackItem, Session
from engagement.selectors.feedback import session_items
from engagement.services.feedback import feedback_item_delete, feedback_item_save, field_errors
from grants.drafts import take_kept_post
from grassroots.http import AuthenticatedHttpRequest

_KEPT = "kept-post:"  # grants.drafts keeps a signed-out POST under this prefix and the page's path


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _capture_url(session: Session) -> str:
    return reverse("engagement:feedback_capture", kwargs={"pk": session.pk})


def _render_capture(request: AuthenticatedHttpRequest, session: Session, form: FeedbackForm) -> HttpResponse:
    editable = may_edit_session(request.user, session)
    return render(request, "engagement/feedback/capture.html", {
        "session": session, "form": form, "editable": bool(editable), "not_editable_reason": editable.reason,
        "items": list(session_items(session)),
        "login_url": f"{reverse('accounts:login')}?next={_capture_url(session)}"})


@require_safe
@login_required
def feedback_capture(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for_capture_or_404(request.user, pk)
    form = FeedbackForm(take_kept_post(request))
    return _render_capture(request, session, form)


def _save(request: AuthenticatedHttpRequest, session: Session, form: FeedbackForm) -> FeedbackItem | None:
    """Save the form through the service; its errors land on the form. None when not saved."""
    if not form.is_valid():
        return None
    try:
        item, _ = feedback_item_save(actor=request.user, session=session, client_id=form.cleaned_data["client_id"],
                                     data=form.cleaned_data)
    except ValidationError as exc:
        for name, errors in field_errors(exc).items():
            form.add_error(name if name in form.fields else None, errors)
        return None
    return item


def _item_json(item: FeedbackItem) -> dict[str, Any]:
    return {"ok": True, "id": item.pk, "client_id": str(item.client_id),
            "edit_url": reverse("engagement:feedback_edit", kwargs={"pk": item.pk}),
            "delete_url": reverse("engagement:feedback_delete", kwargs={"pk": item.pk})}


@require_POST
def feedback_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one item (new or retried). Answers JSON to the page's script, a redirect or the page to a plain form."""
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": "signed_out",
                                 "message": "Your sign-in has expired. Sign in again to save your feedback."},
                                status=401)
        # Without the script: keep what was typed for the capture page, which shows it after signing in.
        capture = reverse("engagement:feedback_capture", kwargs={"pk": pk})
        request.session[_KEPT + capture] = {key: request.POST.getlist(key) for key in request.POST
                                            if key != "csrfmiddlewaretoken"}
        return redirect_to_login(capture)
    user_request: AuthenticatedHttpRequest = request  # type: ignore[assignment]
    session = session_for_capture_or_404(user_request.user, pk)
    form = FeedbackForm(request.POST)
    try:
        item = _save(user_request, session, form)
    except PermissionDenied as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": "refused", "message": str(exc)}, status=403)
        messages.error(request, str(exc))
        return redirect(_capture_url(session))
    if _wants_json(request):
        if item is None:
            return JsonResponse({"ok": False, "error": "invalid", "errors": form.errors.get_json_data()}, status=400)
        return JsonResponse(_item_json(item))
    if item is None:
        return _render_capture(user_request, session, form)
    messages.success(request, "Feedback saved. Add the next one.")
    return redirect(_capture_url(session))


@require_http_methods(["GET", "POST"])
@login_required
def feedback_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = feedback_item_for_user_or_404(request.user, pk)
    allowed = may_edit_session(request.user, item.session)
    if not allowed:
        messages.info(request, allowed.reason)
        return redirect(_capture_url(item.session))
    initial = {name: getattr(item, name) for name in ("text", "service", "sentiment", "consent", "age_band",
                                                      "ethnic_group", "safeguarding")}
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data["client_id"] = str(item.client_id)  # the item's own id, whatever was sent: an edit never makes an item
    form = FeedbackForm(data, initial={**initial, "client_id": item.client_id})
    if request.method == "POST":
        try:
            saved = _save(request, item.session, form)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(_capture_url(item.session))
        if saved is not None:
            messages.success(request, "Feedback changed.")
            return redirect(_capture_url(item.session))
    return render(request, "engagement/feedback/edit.html", {"item": item, "session": item.session, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def feedback_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks "are you sure?"; POST deletes."""
    item = feedback_item_for_user_or_404(request.user, pk)
    allowed = may_edit_session(request.user, item.session)
    if not allowed:
        messages.info(request, allowed.reason)
        return redirect(_capture_url(item.session))
    if request.method == "POST":
        try:
            feedback_item_delete(actor=request.user, item=item)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Feedback deleted.")
        return redirect(_capture_url(item.session))
    return render(request, "engagement/feedback/delete.html", {"item": item, "session": item.session})
