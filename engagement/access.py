"""Who may see and change sessions and feedback: every such decision is written here, and only here.

The policy (it follows grants/access/__init__.py, whose helpers it builds on)
----------------------------------------------------------------------------
1. **A group** reads and changes only its own sessions and feedback (any member of the group). It logs sessions
   against its own active grants, and changes a session and its feedback while the session is a draft. Once the
   session is submitted, changes go through staff.
2. **Host staff** of the programme (the share's host, or the lead) read every session and every item of feedback
   of the rounds they run, change them at any time, and reopen a submitted session for the group.
3. **Readers**: the programme's commissioners, its funder's staff and its delivery partners read its *sessions*
   (what was held, who came, the anonymous counts), never the feedback: what people said goes to those who can act
   only when host staff route it, and only what ``feedback_that_may_leave`` allows.
5. **Routing** ("tell us once"): host staff send feedback that may leave to organisations that can act (a
   commissioner, a provider, a council, a partner host). The staff of each recipient organisation see, in their
   inbox, only what was routed to their organisation, and only its published words; everything else is 404.
   Safeguarding concerns never leave the host: only its staff see them and record what was done.
4. Everyone else gets 404 on every engagement URL: ids reveal nothing.

Views fetch objects through the ``*_or_404`` functions; services re-check with ``require(may_*(...))``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from engagement.models import Action, FeedbackItem, ImportBatch, Routing, RoutingRecipient, Session
from grants.access import YES, Allowed, no, reader_rounds, rounds_for_staff
from grants.models import Grant, Round
from grassroots.accounts.access import STAFF_ROLES, Capacity, memberships, org_ids, organisations
from grassroots.accounts.models import Membership, Organisation


def _group_ids(user: Any) -> set[int]:
    return org_ids(user, Capacity.GROUP)


# --- Sessions --------------------------------------------------------------------------------------------------

def group_sessions(user: Any) -> QuerySet[Session]:
    """The sessions of the groups the user is a member of."""
    return Session.objects.filter(organisation_id__in=_group_ids(user))


def sessions_for_staff(user: Any) -> QuerySet[Session]:
    """The sessions of the rounds this user runs as host staff."""
    return Session.objects.filter(round__in=rounds_for_staff(user).values("pk"))


def sessions_for_reader(user: Any) -> QuerySet[Session]:
    """Sessions this user may read as staff or as a reader (commissioner, funder, delivery partner)."""
    return Session.objects.filter(Q(round__in=rounds_for_staff(user).values("pk")) | _read_submitted(user))


def _read_submitted(user: Any) -> Q:
    """A reader sees a session once the group has submitted it: a draft is the group's until then (and may hold
    figures the group has not checked)."""
    return Q(round__in=reader_rounds(user).values("pk"), status=Session.Status.SUBMITTED)


def rounds_for_reader(user: Any) -> QuerySet[Round]:
    """The rounds whose sessions ``sessions_for_reader`` lists: run as host staff, or read."""
    return Round.objects.filter(Q(pk__in=rounds_for_staff(user).values("pk")) | Q(pk__in=reader_rounds(user).values("pk")))


def sessions_visible_to(user: Any) -> QuerySet[Session]:
    """Every session this user may open in any role."""
    return Session.objects.filter(Q(organisation_id__in=_group_ids(user))
                                  | Q(round__in=rounds_for_staff(user).values("pk"))
                                  | _read_submitted(user))


_SESSION_RELATED = ("grant__round__programme", "organisation", "area", "round__share__host")


def session_for_group_or_404(user: Any, pk: int) -> Session:
    return get_object_or_404(group_sessions(user).select_related(*_SESSION_RELATED), pk=pk)


def session_for_staff_or_404(user: Any, pk: int) -> Session:
    return get_object_or_404(sessions_for_staff(user).select_related(*_SESSION_RELATED), pk=pk)


def session_for_reader_or_404(user: Any, pk: int) -> Session:
    return get_object_or_404(sessions_for_reader(user).select_related(*_SESSION_RELATED), pk=pk)


def session_for_user_or_404(user: Any, pk: int) -> Session:
    return get_object_or_404(sessions_visible_to(user).select_related(*_SESSION_RELATED), pk=pk)


def is_session_group(user: Any, session: Session) -> bool:
    return session.organisation_id in _group_ids(user)


def is_session_staff(user: Any, session: Session) -> bool:
    return rounds_for_staff(user).filter(pk=session.round_id).exists()


def is_session_reader(user: Any, session: Session) -> bool:
    """A reader of the programme (commissioner, funder, delivery partner): sees the submitted session, never its
    feedback."""
    return session.status == Session.Status.SUBMITTED and reader_rounds(user).filter(pk=session.round_id).exists()


def grants_for_logging(user: Any) -> QuerySet[Grant]:
    """The grants of the user's groups that sessions are logged against: every grant once accepted."""
    return Grant.objects.filter(organisation_id__in=_group_ids(user)).exclude(status=Grant.Status.OFFERED)


def grant_for_logging_or_404(user: Any, pk: int) -> Grant:
    """A grant of the user's own group, to log a session against."""
    return get_object_or_404(Grant.objects.select_related("round__programme", "organisation", "application"),
                             pk=pk, organisation_id__in=_group_ids(user))


def may_log_session(user: Any, grant: Grant) -> Allowed:
    if grant.organisation_id not in _group_ids(user):
        return no("Only members of the group can log its sessions.")
    if grant.awaits_acceptance:
        return no("Accept the grant agreement first, then log the sessions it pays for.")
    if not grant.is_active:
        return no("This grant has ended, so no more sessions can be logged against it.")
    return YES


def may_edit_session(user: Any, session: Session) -> Allowed:
    """The group while the session is a draft; host staff at any time. Feedback follows the same rule."""
    return _may_edit(user, session, staff=is_session_staff(user, session))


def may_edit_sessions(user: Any, sessions: Iterable[Session]) -> dict[int, Allowed]:
    """``may_edit_session`` for many sessions at once (an import names hundreds), in one query."""
    staff_rounds = set(rounds_for_staff(user).values_list("pk", flat=True))
    return {s.pk: _may_edit(user, s, staff=s.round_id in staff_rounds) for s in sessions}


def _may_edit(user: Any, session: Session, *, staff: bool) -> Allowed:
    if staff:
        return YES
    if not is_session_group(user, session):
        return no("Only the group that ran this session, or its host staff, can change it.")
    if not session.is_draft:
        return no("This session has been submitted. To change it, ask your host staff.")
    return YES


def may_submit_session(user: Any, session: Session) -> Allowed:
    if not is_session_group(user, session):
        return no("Only the group that ran this session can submit it.")
    if not session.is_draft:
        return no("This session has already been submitted.")
    return YES


def may_reopen_session(user: Any, session: Session) -> Allowed:
    if not is_session_staff(user, session):
        return no("Only host staff of the programme can reopen a submitted session.")
    if not session.is_submitted:
        return no("This session is still a draft.")
    return YES


# --- Feedback --------------------------------------------------------------------------------------------------

def group_feedback(user: Any) -> QuerySet[FeedbackItem]:
    return FeedbackItem.objects.filter(organisation_id__in=_group_ids(user))


def feedback_for_staff(user: Any) -> QuerySet[FeedbackItem]:
    """Every item of the rounds this user runs, safeguarding concerns included (host staff act on those)."""
    return FeedbackItem.objects.filter(round__in=rounds_for_staff(user).values("pk"))


def run_by_host(host_id: int) -> Q:
    """Rows (feedback or sessions) of the rounds ``host_id`` runs: its own shares', or every share's of a programme
    it leads. What staff send or link as one host stays within it, so a colleague of that host alone never reads
    another host's originals through a routing or an action (people may be staff of two hosts)."""
    return Q(round__share__host_id=host_id) | Q(round__programme__lead_id=host_id)


def feedback_for_staff_of(user: Any, host_id: int) -> QuerySet[FeedbackItem]:
    """The items this user may send or link as ``host_id``: of rounds they run that ``host_id`` runs too."""
    return feedback_for_staff(user).filter(run_by_host(host_id))


def feedback_item_for_user_or_404(user: Any, pk: int) -> FeedbackItem:
    """An item of the user's own group, or of a round they run as staff. Readers never open feedback."""
    return get_object_or_404(
        FeedbackItem.objects.select_related("session", "organisation", "area").filter(
            Q(organisation_id__in=_group_ids(user)) | Q(round__in=rounds_for_staff(user).values("pk"))),
        pk=pk)


# --- Question sets (area: questions): in engagement/access_questions.py, kept apart so this module stays under
# 400 lines. The same policy: the set's host staff keep it; the session's group and host staff read its answers.


# --- Feedback capture ------------------------------------------------------------------------------------------

def sessions_for_capture(user: Any) -> QuerySet[Session]:
    """Sessions whose feedback this user may open: their own group's, or those of the rounds they run as staff.
    Readers (commissioners, funders, delivery partners) are not here: they never open feedback."""
    return Session.objects.filter(Q(organisation_id__in=_group_ids(user))
                                  | Q(round__in=rounds_for_staff(user).values("pk")))


def session_for_capture_or_404(user: Any, pk: int) -> Session:
    return get_object_or_404(sessions_for_capture(user).select_related(*_SESSION_RELATED), pk=pk)


def safeguarding_concerns_for_staff(user: Any) -> QuerySet[FeedbackItem]:
    """The items flagged as safeguarding concerns in the rounds this user runs as host staff."""
    return feedback_for_staff(user).filter(safeguarding=True)
# --- Themes and moderation (engagement part 2) ------------------------------------------------------------------
# In engagement/access_themes.py (this module would pass 400 lines): the taxonomy is each host organisation's own.

# --- Routing ("tell us once") and safeguarding follow-up ---------------------------------------------------------

def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def sending_hosts(user: Any) -> set[int]:
    """The host organisations this user sends feedback for (their host-staff organisations)."""
    return org_ids(user, Capacity.HOST)


def routings_for_staff(user: Any) -> QuerySet[Routing]:
    if _is_admin(user):
        return Routing.objects.all()
    return Routing.objects.filter(host_id__in=sending_hosts(user))


def routing_for_staff_or_404(user: Any, pk: int) -> Routing:
    return get_object_or_404(routings_for_staff(user).select_related("host", "created_by", "theme", "area"), pk=pk)


def _receiving_org_ids(user: Any) -> set[int]:
    """Organisations whose inbox this user reads: any they work for (staff, administrator or commissioner)."""
    return {m.organisation_id for m in memberships(user)
            if m.role in (*STAFF_ROLES, Membership.Role.COMMISSIONER)}


def inbox_for(user: Any) -> QuerySet[RoutingRecipient]:
    """What was routed to the organisations this user works for."""
    if _is_admin(user):
        return RoutingRecipient.objects.all()
    return RoutingRecipient.objects.filter(organisation_id__in=_receiving_org_ids(user))


def recipient_for_user_or_404(user: Any, pk: int) -> RoutingRecipient:
    return get_object_or_404(inbox_for(user).select_related("routing__host", "routing__theme", "routing__area",
                                                            "organisation", "answered_by"), pk=pk)


def may_answer(user: Any, recipient: RoutingRecipient) -> Allowed:
    if recipient.organisation_id not in _receiving_org_ids(user):
        return no("Only staff of the organisation it was sent to can answer it.")
    if recipient.is_answered:
        return no("This has already been answered.")
    return YES


def may_route(user: Any, host_id: int) -> Allowed:
    if _is_admin(user) or host_id in sending_hosts(user):
        return YES
    return no("Only staff of the host organisation can send its feedback on.")


def safeguarding_item_for_staff_or_404(user: Any, pk: int) -> FeedbackItem:
    """A safeguarding concern of a round this user runs (never anyone else: it does not leave the host)."""
    return get_object_or_404(feedback_for_staff(user).filter(safeguarding=True).select_related(
        "session", "organisation", "area", "round__share__host"), pk=pk)


def may_follow_up(user: Any, item: FeedbackItem) -> Allowed:
    if item.safeguarding and rounds_for_staff(user).filter(pk=item.round_id).exists():
        return YES
    return no("Only host staff of the programme can record what was done about a safeguarding concern.")


# --- Actions ("we did") --------------------------------------------------------------------------------------------

def actions_for_staff(user: Any) -> QuerySet[Action]:
    """The actions the host organisations this user works for keep."""
    if _is_admin(user):
        return Action.objects.all()
    return Action.objects.filter(host_id__in=sending_hosts(user))


def action_for_staff_or_404(user: Any, pk: int) -> Action:
    return get_object_or_404(actions_for_staff(user).select_related("host", "owner", "programme"), pk=pk)


def may_keep_actions(user: Any, host_id: int) -> Allowed:
    if _is_admin(user) or host_id in sending_hosts(user):
        return YES
    return no("Only staff of the host organisation can record what was done.")


def actions_owned(user: Any) -> QuerySet[Action]:
    """The actions the organisations this user works for do (``Action.owner``: a commissioner, a provider, a
    partner host); the host that keeps the record may be another organisation."""
    if _is_admin(user):
        return Action.objects.all()
    return Action.objects.filter(owner_id__in=_receiving_org_ids(user))


def owned_action_or_404(user: Any, pk: int) -> Action:
    return get_object_or_404(actions_owned(user).select_related("host", "owner", "programme"), pk=pk)


def group_actions(user: Any) -> QuerySet[Action]:
    """Actions that answer what a group's community said: linked to its feedback or its sessions."""
    groups = _group_ids(user)
    return Action.objects.filter(Q(items__organisation_id__in=groups) | Q(sessions__organisation_id__in=groups)) \
        .distinct()
# --- Imports (paper forms) -------------------------------------------------------------------------------------
# A file imports into the sessions its importer may change (``may_edit_session``: the group while a draft, host
# staff at any time). A group imports for itself; host staff for any session of the rounds they run.

@dataclass(frozen=True)
class ImportScope:
    """On whose behalf a file is imported: a group, or host staff (``organisation`` their host; None for an
    administrator). The same file imported twice in one scope creates nothing the second time."""

    organisation: Organisation | None
    as_staff: bool

    @property
    def key(self) -> str:
        return f"{'staff' if self.as_staff else 'group'}:{self.organisation.pk if self.organisation else ''}"

    @property
    def label(self) -> str:
        if not self.as_staff:
            return self.organisation.name if self.organisation else ""
        name = self.organisation.name if self.organisation else "An administrator"
        return f"{name}, as host staff (any session of the rounds you run)"


def import_scopes(user: Any) -> list[ImportScope]:
    """Every scope this user may import for: each of their groups, then the rounds they run as host staff."""
    scopes = [ImportScope(org, False) for org in sorted(organisations(user, Capacity.GROUP), key=lambda o: o.pk)]
    hosts = sorted(organisations(user, Capacity.HOST), key=lambda o: o.pk)
    if hosts:
        scopes.append(ImportScope(hosts[0], True))
    elif getattr(user, "is_superuser", False):
        scopes.append(ImportScope(None, True))
    return scopes


def sessions_for_import(user: Any, scope: ImportScope) -> QuerySet[Session]:
    """The sessions a file imported in ``scope`` may name (each row is then checked with ``may_edit_session``)."""
    if scope.as_staff:
        return sessions_for_staff(user)
    if scope.organisation is None or scope.organisation.pk not in _group_ids(user):
        return Session.objects.none()
    return Session.objects.filter(organisation_id=scope.organisation.pk)


def import_batches_visible_to(user: Any) -> QuerySet[ImportBatch]:
    """The batches the user uploaded, and those of the groups and host organisations they belong to."""
    if getattr(user, "is_superuser", False):
        return ImportBatch.objects.all()
    return ImportBatch.objects.filter(Q(created_by_id=user.pk) | Q(organisation_id__in=org_ids(user)))


def import_batch_or_404(user: Any, pk: int) -> ImportBatch:
    return get_object_or_404(import_batches_visible_to(user).select_related("question_set", "job", "created_by",
                                                                            "organisation"), pk=pk)


def may_start_import(user: Any, batch: ImportBatch) -> Allowed:
    """Only the person who uploaded the file imports it: the sessions were checked against their rights."""
    if batch.created_by_id != user.pk:
        return no("Only the person who uploaded this file can import it.")
    if not batch.is_ready:
        return no("This file cannot be imported now: " + batch.get_status_display().lower() + ".")
    return YES
