""""We did": host staff record and move on actions; groups see what happened to what their community said."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engagement.access import (
    action_for_staff_or_404,
    may_keep_actions,
    owned_action_or_404,
    routing_for_staff_or_404,
)
from engagement.forms.actions import ActionForm, MoveForm, ProgressForm
from engagement.forms.routing import CandidateFilterForm
from engagement.models import Action, Routing
from engagement.selectors import actions as sel
from engagement.selectors.routing import candidate_items, routing_items
from engagement.services import actions as services
from engagement.views.hosts import chosen_host, hosts_of
from engagement.views.routing import item_label
from grants.access import programme_for_staff_or_404
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.accounts.models import Organisation
from grassroots.dates import govuk_date
from grassroots.http import AuthenticatedHttpRequest

PER_PAGE = 50


@require_safe
@capacity_required(Capacity.HOST)
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(sel.action_rows(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "engagement/actions/list.html", {"page": page})


def _choices(request: AuthenticatedHttpRequest, action: Action | None, host: Organisation,
             routing: Routing | None) -> dict[str, Any]:
    """The feedback and sessions the form offers: a routing's items (``?routing=``), or the newest of ``host``'s
    rounds that may leave, narrowed by the filters; plus those already linked, so editing never drops a link
    silently."""
    if routing is not None:
        items = routing_items(routing)
    else:
        filters = CandidateFilterForm(request.GET or None)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        items = candidate_items(request.user, host_id=host.pk, q=wanted.get("q", ""),
                                service=wanted.get("service", ""), area_id=getattr(wanted.get("area"), "pk", None))
    linked = sel.action_items(action) if action else []
    seen = {i.pk for i in items}
    items = [*items, *(i for i in linked if i.pk not in seen)]
    sessions = sel.recent_sessions(request.user, host.pk)
    if action:
        extra = action.sessions.exclude(pk__in=[s.pk for s in sessions]).select_related("organisation")
        sessions = [*sessions, *extra]
    return {"owners": sel.owner_choices(), "programmes": sel.programme_choices(request.user),
            "items": [(i.pk, item_label(i)) for i in items],
            "sessions": [(s.pk, f"{s.title} — {s.organisation.name}, {govuk_date(s.held_on)}") for s in sessions]}


def _form_page(request: AuthenticatedHttpRequest, action: Action | None) -> HttpResponse:
    """An action is recorded as its host: an existing action's, the routing's it answers (``?routing=``), or the
    one a member of staff of several hosts chose (``?host=``)."""
    routing_pk = request.GET.get("routing", "")
    routing = routing_for_staff_or_404(request.user, int(routing_pk)) if routing_pk.isdigit() and not action else None
    hosts = [] if action or routing else hosts_of(request)  # a choice only when nothing else fixes the host
    host = action.host if action else routing.host if routing else chosen_host(hosts, request.GET.get("host"))
    if host is None:
        return render(request, "engagement/routing/no_host.html", status=403)
    choices = _choices(request, action, host, routing)
    initial: dict[str, Any] = {}
    if action:
        initial = {"kind": action.kind, "title": action.title, "description": action.description,
                   "owner": action.owner_id, "programme": action.programme_id, "starts_on": action.starts_on,
                   "due_on": action.due_on, "what_changed": action.what_changed, "evidence": action.evidence,
                   "published": action.published, "items": [str(p) for p in action.items.values_list("pk", flat=True)],
                   "sessions": [str(p) for p in action.sessions.values_list("pk", flat=True)]}
    elif routing is not None:
        initial = {"items": [str(p) for p, _ in choices["items"]]}
    form = ActionForm(request.POST or None, request.FILES or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("evidence_file")
        try:
            if action:
                saved = services.action_update(actor=request.user, action=action, details=form.details(), upload=upload)
            else:
                saved = services.action_create(actor=request.user, host=host, details=form.details(), upload=upload)
        except ValidationError as exc:
            form.add_error("evidence_file" if "file" in " ".join(exc.messages) else None, exc)
        else:
            messages.success(request, "The action has been saved.")
            return redirect("engagement:action_detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/actions/form.html",
                  {"form": form, "action": action, "host": host, "hosts": hosts,
                   "send_as_label": "Record as",
                   "send_as_hint": "The action is recorded as the one you choose; only its feedback and sessions "
                                   "are offered."}, status=status)


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.HOST)
def action_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.HOST)
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, action_for_staff_or_404(request.user, pk))


def _detail(request: AuthenticatedHttpRequest, action: Action, *, move: MoveForm | None = None,
            progress: ProgressForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "engagement/actions/detail.html", {
        "action": action, "items": sel.action_items(action),
        "sessions": action.sessions.select_related("organisation").order_by("-held_on"),
        "events": action.events.select_related("actor"), "public_words": services.public_words(action),
        "move": move or MoveForm(action=action), "progress": progress or ProgressForm(),
        "form": move, "form2": progress, "may_keep": may_keep_actions(request.user, action.host_id),
    }, status=status)


@require_safe
@capacity_required(Capacity.HOST)
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, action_for_staff_or_404(request.user, pk))


@require_POST
@capacity_required(Capacity.HOST)
def action_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_for_staff_or_404(request.user, pk)
    form = MoveForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.action_move(actor=request.user, action=action, to=form.cleaned_data["status"],
                                 note=form.cleaned_data["note"], reason=form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The status has been changed.")
            return redirect("engagement:action_detail", pk=action.pk)
    return _detail(request, action, move=form, status=400)


@require_POST
@capacity_required(Capacity.HOST)
def action_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_for_staff_or_404(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.action_progress(actor=request.user, action=action, note=form.cleaned_data["note"])
        messages.success(request, "Progress added.")
        return redirect("engagement:action_detail", pk=action.pk)
    return _detail(request, action, progress=form, status=400)


@require_POST
@capacity_required(Capacity.HOST)
def action_rank(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_for_staff_or_404(request.user, pk)
    services.action_rank_move(actor=request.user, action=action, up=request.POST.get("direction") == "up")
    if action.programme_id:
        return redirect("engagement:programme_actions", pk=action.programme_id)
    return redirect("engagement:action_detail", pk=action.pk)


@require_safe
@login_required
def action_evidence(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    action = action_for_staff_or_404(request.user, pk)  # 404 unless they keep the action
    if not action.evidence_file:
        raise Http404("No document")
    response = FileResponse(action.evidence_file.open("rb"), as_attachment=True, filename=action.evidence_name,
                            content_type=action.evidence_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@capacity_required(Capacity.HOST)
def programme_actions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_staff_or_404(request.user, pk)
    ranked = sel.ranked(programme, request.user)
    return render(request, "engagement/actions/programme.html", {
        "programme": programme, "priorities": ranked[Action.Kind.PRIORITY],
        "solutions": ranked[Action.Kind.SOLUTION]})


@require_safe
@capacity_required(Capacity.GROUP)
def group_outcomes(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions = sel.outcomes_for_group(request.user)
    return render(request, "engagement/actions/group_outcomes.html",
                  {"actions": [(a, services.public_detail(a)) for a in actions]})


@require_safe
@capacity_required(Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST)
def owned_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Commissioners, providers and partner hosts: the actions their organisations do, with what was sent to
    them that each answers (three queries a page, however many actions)."""
    page = Paginator(sel.owned_rows(request.user), PER_PAGE).get_page(request.GET.get("page"))
    routed = sel.routings_answered(request.user, list(page.object_list))
    for action in page.object_list:
        action.routed = routed.get(action.pk, [])  # type: ignore[attr-defined]
    return render(request, "engagement/actions/owned_list.html", {"page": page})


@require_safe
@capacity_required(Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST)
def owned_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One of their organisation's actions (404 for any other): what it is, where it stands, what it answers."""
    action = owned_action_or_404(request.user, pk)
    return render(request, "engagement/actions/owned_detail.html", {
        "action": action, "routed": sel.routings_answered(request.user, [action]).get(action.pk, [])})
