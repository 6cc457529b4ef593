""""We did": host staff record what an organisation did about what communities said; when it is done (or cannot
be), every group whose feedback or sessions it answers is told, with the action's public words."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from engagement.access import feedback_for_staff, may_keep_actions, run_by_host, sessions_for_staff
from engagement.models import Action, ActionEvent, FeedbackItem, Session
from grants.access import require
from grants.models import Programme
from grants.services.common import email_on_commit
from grants.uploads import check_upload
from grassroots.accounts.access import Capacity, users_with_capacity
from grassroots.accounts.models import Organisation, User
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import record, transition

S = Action.Status


@dataclass
class ActionDetails:
    owner: Organisation
    title: str
    description: str
    kind: str = Action.Kind.ACTION
    programme: Programme | None = None
    starts_on: date | None = None
    due_on: date | None = None
    what_changed: str = ""
    evidence: str = ""
    published: bool = False
    item_ids: list[int] = field(default_factory=list)
    session_ids: list[int] = field(default_factory=list)


def _check(details: ActionDetails) -> None:
    errors = {}
    if not details.title.strip():
        errors["title"] = "Enter a title, for example “Two more GP phone lines in the morning”"
    if not details.description.strip():
        errors["description"] = "Describe what will be done"
    if details.starts_on and details.due_on and details.due_on < details.starts_on:
        errors["due_on"] = "The due date must be on or after the start date"
    if errors:
        raise ValidationError(errors)


def _link(action: Action, details: ActionDetails, actor: User) -> None:
    """Link the feedback and sessions (of rounds both the actor and the action's host run) and, through them, the
    grants it came from."""
    mine = run_by_host(action.host_id)
    items = list(feedback_for_staff(actor).filter(mine, pk__in=details.item_ids).values_list("pk", "session_id"))
    session_ids = set(sessions_for_staff(actor).filter(mine, pk__in=details.session_ids)
                      .values_list("pk", flat=True))
    session_ids |= {s for _, s in items}
    action.items.set([pk for pk, _ in items])
    action.sessions.set(session_ids)
    action.grants.set(set(Session.objects.filter(pk__in=session_ids).values_list("grant_id", flat=True)))


def _attach(action: Action, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    name, content_type = check_upload(upload)
    action.evidence_file.save(name, upload, save=False)
    action.evidence_name, action.evidence_type = name, content_type


def _next_rank(details: ActionDetails) -> int | None:
    if details.kind == Action.Kind.ACTION or details.programme is None:
        return None
    top = Action.objects.filter(programme=details.programme, kind=details.kind).aggregate(n=Max("rank"))["n"]
    return (top or 0) + 1


def action_create(*, actor: User, host: Organisation, details: ActionDetails,
                  upload: UploadedFile | None = None) -> Action:
    require(may_keep_actions(actor, host.pk))
    _check(details)
    with transaction.atomic():
        action = Action(host=host, created_by=actor, rank=_next_rank(details), **_fields(details))
        _attach(action, upload)
        action.save()
        _link(action, details, actor)
        record(action, actor=actor, kind=ActionEvent.Kind.CREATED, note=f"Recorded: {action.title}",
               visibility=Visibility.GROUP)
    return action


def _fields(details: ActionDetails) -> dict[str, Any]:
    return {"owner": details.owner, "programme": details.programme, "kind": details.kind,
            "title": details.title.strip(), "description": details.description.strip(),
            "starts_on": details.starts_on, "due_on": details.due_on, "what_changed": details.what_changed.strip(),
            "evidence": details.evidence.strip(), "published": details.published}


def action_update(*, actor: User, action: Action, details: ActionDetails,
                  upload: UploadedFile | None = None) -> Action:
    _check(details)
    with transaction.atomic():
        locked = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
        require(may_keep_actions(actor, locked.host_id))
        if (details.kind, details.programme) != (locked.kind, locked.programme):
            locked.rank = _next_rank(details)
        for name, value in _fields(details).items():
            setattr(locked, name, value)
        _attach(locked, upload)
        locked.updated_at = timezone.now()
        locked.save()
        _link(locked, details, actor)
        record(locked, actor=actor, kind=ActionEvent.Kind.CHANGED, note="Details changed", visibility=Visibility.STAFF)
    return locked


def action_progress(*, actor: User, action: Action, note: str) -> None:
    if not note.strip():
        raise ValidationError({"note": "Enter the progress made"})
    with transaction.atomic():
        locked = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
        require(may_keep_actions(actor, locked.host_id))
        record(locked, actor=actor, kind=ActionEvent.Kind.PROGRESS, note=note.strip(), visibility=Visibility.GROUP)


def action_move(*, actor: User, action: Action, to: str, note: str = "", reason: str = "",
                completed_on: date | None = None) -> Action:
    """Change the status (one timeline row); done or not possible tells the groups whose feedback it answers."""
    if to == S.NOT_POSSIBLE and not reason.strip():
        raise ValidationError({"reason": "Say why it was not possible: the groups will read this"})
    with transaction.atomic():
        locked = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
        require(may_keep_actions(actor, locked.host_id))
        if locked.status == to:
            return locked
        extra: tuple[str, ...] = ()
        if to == S.DONE:
            locked.completed_on, extra = completed_on or timezone.localdate(), ("completed_on",)
        if to == S.NOT_POSSIBLE:
            locked.reason, extra = reason.strip(), ("reason",)
        transition(locked, to, actor=actor, note=note.strip(), visibility=Visibility.GROUP, extra_fields=extra)
        if locked.is_finished:
            _tell_groups(locked, actor)
    return locked


def public_detail(action: Action) -> str:
    """What follows the action's title where the title is already the heading (a card on the public page, the
    group's "What happened" page, the report): what changed, or why it could not be done."""
    if action.is_not_possible:
        return f"This was not possible. {action.reason}".strip()
    return action.what_changed


def public_words(action: Action) -> str:
    """What a group (and the public page) reads about an action: its title and what changed, or why it could not."""
    if action.is_not_possible:
        return f"{action.title}: this was not possible. {action.reason}".strip()
    return f"{action.title}. {action.what_changed}".strip() if action.what_changed else action.title


def _tell_groups(action: Action, actor: User) -> None:
    group_ids = set(FeedbackItem.objects.filter(actions=action).values_list("organisation_id", flat=True))
    group_ids |= set(Session.objects.filter(actions=action).values_list("organisation_id", flat=True))
    if not group_ids:
        return
    groups = list(Organisation.objects.filter(pk__in=group_ids).order_by("name"))
    state = "done" if action.is_done else "not possible"
    for group in groups:  # one e-mail per group: no group sees another's members' addresses
        email_on_commit(
            f"What happened to what your community said: {action.title}",
            f"{action.host.name} has marked an action that answers feedback from {group.name}'s sessions as "
            f"{state}.\n\n{public_words(action)}\n\nSee everything that happened to what your community said on "
            "Grassroots (sign in first, then open “What happened” on your dashboard).",
            [u.email for u in users_with_capacity([group.pk], Capacity.GROUP)])
    names = [g.name for g in groups]
    record(action, actor=actor, kind=ActionEvent.Kind.GROUPS_TOLD, visibility=Visibility.STAFF,
           note="Told by e-mail and on their dashboard: " + ", ".join(names))


def action_rank_move(*, actor: User, action: Action, up: bool) -> None:
    """Swap a priority or solution with its neighbour in the programme's ranking."""
    with transaction.atomic():
        require(may_keep_actions(actor, action.host_id))
        peers = Action.objects.select_for_update().filter(programme=action.programme_id, kind=action.kind) \
            .exclude(rank__isnull=True).order_by("rank", "pk")
        ranked = list(peers)
        index = next((i for i, a in enumerate(ranked) if a.pk == action.pk), None)
        other = None if index is None else index - 1 if up else index + 1
        if index is None or other is None or not 0 <= other < len(ranked):
            return
        ranked[index], ranked[other] = ranked[other], ranked[index]
        for position, peer in enumerate(ranked, start=1):
            if peer.rank != position:
                Action.objects.filter(pk=peer.pk).update(rank=position, updated_at=timezone.now())
        record(action, actor=actor, kind=ActionEvent.Kind.CHANGED, visibility=Visibility.STAFF,
               note=f"Moved {'up' if up else 'down'} to number {index if up else index + 2}")


