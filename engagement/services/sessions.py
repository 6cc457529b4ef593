"""Logging a session: create, change, the anonymous counts, submit, and staff reopening it. Every change leaves a
row on the session's timeline; the rules about a session's answers live here and nowhere else."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from engagement.access import (
    is_session_group,
    is_session_staff,
    may_edit_session,
    may_log_session,
    may_reopen_session,
    may_submit_session,
)
from engagement.choices import DIMENSION_CATEGORIES, Dimension, SessionKind
from engagement.models import DemographicCount, FeedbackItem, Session, SessionEvent
from engagement.services.meetings import meeting_evidence_sync
from grants.access import require
from grants.models import Grant
from grassroots.accounts.models import Area, Organisation, User
from grassroots.dates import govuk_date
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import record, transition

SS = Session.Status
EK = SessionEvent.Kind
Kind = Organisation.Kind

# The session's own answers (the two lists of organisations are set separately).
FIELDS: tuple[str, ...] = ("kind", "title", "held_on", "starts_at", "ends_at", "venue", "area", "facilitators",
                           "attendance", "conversations", "notes", "trained_count")
LABELS = {"kind": "kind of session", "title": "name", "held_on": "date", "starts_at": "start time",
          "ends_at": "end time", "venue": "venue", "area": "area", "facilitators": "facilitators",
          "attendance": "attendance", "conversations": "in-depth conversations", "notes": "notes",
          "trained_count": "people trained", "organisations_present": "organisations present",
          "trained_organisations": "organisations trained"}
# The feedback rows copy these from their session so lists filter on one table; kept in step here.
COPIED_TO_FEEDBACK = {"area": "area", "kind": "session_kind", "held_on": "held_on"}
# Who can be "present" at a session: the NHS, councils, providers and hosts, never other community groups.
PRESENT_KINDS = (Kind.FUNDER, Kind.COUNCIL, Kind.PROVIDER, Kind.HOST)


def _dimension_label(dimension: str) -> str:
    """"Ethnic group" reads "ethnic group" mid-sentence; "English" keeps its capital."""
    label = str(Dimension(dimension).label)
    return label[:1].lower() + label[1:]


# --- What may be chosen --------------------------------------------------------------------------------------

def session_areas(grant: Grant) -> QuerySet[Area]:
    """The areas a session of this grant may be in: the programme's and the group's (any, if neither says)."""
    areas = Area.objects.filter(Q(programmes=grant.round.programme_id) | Q(organisations=grant.organisation_id))
    return (areas if areas.exists() else Area.objects.all()).distinct().order_by("name")


def present_organisations(grant: Grant, *, keep: Iterable[int] = ()) -> QuerySet[Organisation]:
    """The NHS, council, provider and host organisations a session of this grant lists as present or trained:
    the programme's funder, commissioners, delivery partners and hosts, and those working in its areas or the
    group's (a list a volunteer can scan on a phone, not every organisation in the country). ``keep``: ids
    already chosen, which stay on the list."""
    programme = grant.round.programme
    areas = session_areas(grant).values("pk")
    return Organisation.objects.filter(
        Q(kind__in=PRESENT_KINDS, status=Organisation.Status.APPROVED)
        & (Q(pk=programme.funder_id) | Q(commissioned_programmes=programme) | Q(partnered_programmes=programme)
           | Q(programme_shares__programme=programme) | Q(areas__in=areas))
        | Q(pk__in=list(keep))).distinct().order_by("name")


def grant_dates(grant: Grant) -> tuple[date | None, date | None]:
    """The funded activity's dates from the application (either may be missing on old applications)."""
    return grant.application.start_date, grant.application.end_date


# --- The rules -----------------------------------------------------------------------------------------------

def session_problems(grant: Grant, data: Mapping[str, Any], *, counted: Mapping[str, int] | None = None,
                     kept: Iterable[int] = (), today: date | None = None) -> dict[str, str]:
    """What is wrong with these answers for a session of ``grant`` (field -> message; empty when none).
    ``counted`` is how many people each demographic dimension already counts; ``kept``, the organisations the
    session already lists (still allowed if the programme has since changed)."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    held_on, attendance = data.get("held_on"), data.get("attendance")
    if held_on is not None:
        starts, ends = grant_dates(grant)
        if held_on > today:
            problems["held_on"] = "The date must be today or in the past: log a session after it has happened"
        elif starts and held_on < starts:
            problems["held_on"] = (f"The date must be on or after {govuk_date(starts)}, when your funded "
                                   "activity started")
        elif ends and held_on > ends:
            problems["held_on"] = (f"The date must be on or before {govuk_date(ends)}, when your funded "
                                   "activity ended")
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        problems["ends_at"] = "The end time must be after the start time"
    if attendance is not None:
        if data.get("conversations") is not None and data["conversations"] > attendance:
            problems["conversations"] = (f"In-depth conversations must be no more than the {attendance} people "
                                         "who took part")
        if data.get("kind") == SessionKind.TRAINING and (data.get("trained_count") or 0) > attendance:
            problems["trained_count"] = f"People trained must be no more than the {attendance} people who took part"
        over = {d: n for d, n in (counted or {}).items() if n > attendance}
        if over:
            dimension, n = max(over.items(), key=lambda kv: kv[1])
            problems["attendance"] = (f"Attendance must be at least {n}: your counts by "
                                      f"{_dimension_label(dimension)} add up to {n}. Change those counts "
                                      "first if fewer people came")
    area = data.get("area")
    if area is not None and not session_areas(grant).filter(pk=area.pk).exists():
        problems["area"] = "Choose an area your programme or your group works in"
    present = {o.pk for o in data.get("organisations_present") or ()}
    trained = {o.pk for o in data.get("trained_organisations") or ()}
    allowed = set(present_organisations(grant, keep=kept).filter(pk__in=present | trained).values_list("pk", flat=True))
    if present - allowed:
        problems["organisations_present"] = "Choose NHS, council or provider organisations from the list"
    if trained - allowed:
        problems["trained_organisations"] = "Choose the organisations trained from the list"
    return problems


def counts_by_dimension(session: Session) -> dict[str, int]:
    """How many people each demographic dimension counts (for "18 of 20 counted" and the attendance rule)."""
    totals: dict[str, int] = {}
    for row in session.demographics.all():
        totals[row.dimension] = totals.get(row.dimension, 0) + row.count
    return totals


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {f: data.get(f) for f in FIELDS}
    for f in ("title", "venue", "facilitators", "notes"):
        values[f] = (values[f] or "").strip()
    values["conversations"] = values["conversations"] or 0
    if values["kind"] != SessionKind.TRAINING:
        values["trained_count"] = None
    return values


def _lock_grant(grant: Grant) -> Grant:
    return Grant.objects.select_for_update(of=("self",)).select_related(
        "round__programme", "organisation", "application").get(pk=grant.pk)


def _lock(session: Session) -> Session:
    locked = Session.objects.select_for_update(of=("self",)).select_related(
        "grant__round__programme", "grant__application", "area").get(pk=session.pk)
    return locked


def _set_organisations(session: Session, data: Mapping[str, Any]) -> list[str]:
    changed = []
    present = list(data.get("organisations_present") or ())
    trained = list(data.get("trained_organisations") or ()) if session.is_training else []
    for name, chosen in (("organisations_present", present), ("trained_organisations", trained)):
        manager = getattr(session, name)
        if {o.pk for o in manager.all()} != {o.pk for o in chosen}:
            manager.set(chosen)
            changed.append(name)
    return changed


# --- Writes --------------------------------------------------------------------------------------------------

def session_create(*, actor: User, grant: Grant, data: Mapping[str, Any]) -> Session:
    """A group logs a session against its grant, as a draft it can change until it submits it."""
    with transaction.atomic():
        locked = _lock_grant(grant)  # numbers are given out one at a time per grant
        require(may_log_session(actor, locked))
        values = _clean(data)
        problems = session_problems(locked, {**data, **values})
        if problems:
            raise ValidationError(problems)
        number = (Session.objects.filter(grant=locked).aggregate(n=Max("number"))["n"] or 0) + 1
        now = timezone.now()
        session = Session.objects.create(
            grant=locked, organisation_id=locked.organisation_id, round_id=locked.round_id, number=number,
            reference=f"{locked.reference}-S{number}", created_by=actor, created_at=now, updated_at=now, **values)
        _set_organisations(session, data)
        record(session, actor=actor, kind=EK.CREATED, visibility=Visibility.GROUP,
               note=f"{session.get_kind_display()} on {govuk_date(session.held_on)} logged")
    return session


def session_update(*, actor: User, session: Session, data: Mapping[str, Any]) -> Session:
    """Change a session's answers: the group while it is a draft, host staff at any time. Its feedback keeps the
    session's date, area and kind; a submitted Thinking Partners meeting keeps its evidence in step."""
    with transaction.atomic():
        locked = _lock(session)
        require(may_edit_session(actor, locked))
        values = _clean(data)
        kept = {o.pk for o in locked.organisations_present.all()} | {o.pk for o in locked.trained_organisations.all()}
        problems = session_problems(locked.grant, {**data, **values}, counted=counts_by_dimension(locked), kept=kept)
        if problems:
            raise ValidationError(problems)
        changed = [f for f, value in values.items() if getattr(locked, f) != value]
        for f in changed:
            setattr(locked, f, values[f])
        if changed:
            locked.updated_at = timezone.now()
            locked.save(update_fields=[*changed, "updated_at"])
        changed += _set_organisations(locked, data)
        copied = {COPIED_TO_FEEDBACK[f]: getattr(locked, f) for f in changed if f in COPIED_TO_FEEDBACK}
        if copied:
            FeedbackItem.objects.filter(session=locked).update(**copied)
        if not changed:
            return locked
        record(locked, actor=actor, kind=EK.CHANGED, visibility=Visibility.GROUP,
               note="Changed: " + ", ".join(LABELS[f] for f in changed))
        if locked.is_submitted:
            meeting_evidence_sync(session=locked)
    return locked


def demographics_problems(session: Session, counts: Mapping[str, Mapping[str, int | None]]) -> dict[str, str]:
    """Dimension -> why its counts cannot be saved: a category not on its list, or more people than came."""
    problems: dict[str, str] = {}
    for dimension, by_category in counts.items():
        if dimension not in DIMENSION_CATEGORIES:
            problems[dimension] = "That is not one of the questions on this page"
            continue
        categories = DIMENSION_CATEGORIES[dimension]
        label = _dimension_label(dimension)
        if categories is not None and set(by_category) - set(categories.values):
            problems[dimension] = f"Choose categories of {label} from the list"
            continue
        total = sum(n or 0 for n in by_category.values())
        if total > session.attendance:
            problems[dimension] = (f"The counts by {label} add up to {total}, more than the {session.attendance} "
                                   "people who took part")
    return problems


def session_demographics_set(*, actor: User, session: Session,
                             counts: Mapping[str, Mapping[str, int | None]]) -> Session:
    """Replace the anonymous counts of the dimensions given (dimension -> category -> count; a blank or 0 count
    is no row). Every count is optional; no dimension may count more people than took part."""
    with transaction.atomic():
        locked = _lock(session)
        require(may_edit_session(actor, locked))
        problems = demographics_problems(locked, counts)
        if problems:
            raise ValidationError(problems)
        before = {(d.dimension, d.category): d.count for d in locked.demographics.all()}
        after: dict[tuple[str, str], int] = {}
        for dim, by_category in counts.items():
            for cat, n in by_category.items():
                if n and cat.strip():  # " Yoruba" and "Yoruba" typed twice are one language
                    after[(dim, cat.strip())] = after.get((dim, cat.strip()), 0) + n

        def rows(of: dict[tuple[str, str], int], dimension: str) -> dict[tuple[str, str], int]:
            return {key: n for key, n in of.items() if key[0] == dimension}

        changed = [d for d in Dimension.values if d in counts and rows(before, d) != rows(after, d)]
        if not changed:
            return locked
        locked.demographics.filter(dimension__in=changed).delete()
        DemographicCount.objects.bulk_create([DemographicCount(session=locked, dimension=dim, category=cat, count=n)
                                              for (dim, cat), n in after.items() if dim in changed])
        record(locked, actor=actor, kind=EK.CHANGED, visibility=Visibility.GROUP,
               note="Counts of who came changed: " + ", ".join(_dimension_label(d) for d in changed))
    return locked


def session_submit(*, actor: User, session: Session) -> Session:
    """The group sends the session: it counts towards its totals, and a Thinking Partners meeting becomes the
    evidence for its grant's meeting conditions. Afterwards only staff change it (or reopen it)."""
    with transaction.atomic():
        locked = _lock(session)
        if locked.is_submitted and is_session_group(actor, locked):
            return locked  # a double tap, or a colleague sent it first
        require(may_submit_session(actor, locked))
        locked.submitted_at = timezone.now()
        transition(locked, SS.SUBMITTED, actor=actor, note="Submitted", visibility=Visibility.GROUP,
                   extra_fields=("submitted_at",))
        meeting_evidence_sync(session=locked)
    return locked


def session_reopen(*, actor: User, session: Session, reason: str = "") -> Session:
    """Host staff give a submitted session back to the group to change; its meeting evidence is withdrawn until
    it is submitted again."""
    reason = reason.strip()
    with transaction.atomic():
        locked = _lock(session)
        if locked.is_draft and is_session_staff(actor, locked):
            return locked  # already reopened
        require(may_reopen_session(actor, locked))
        transition(locked, SS.DRAFT, actor=actor, visibility=Visibility.GROUP,
                   note="Reopened for the group to change" + (f": {reason}" if reason else ""))
        meeting_evidence_sync(session=locked)
    return locked

