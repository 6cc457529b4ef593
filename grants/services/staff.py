"""Host staff's writes: a round's set-up, checks, and the review panel (programmes and rounds: programmes.py)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.urls import reverse

from grants import tallies
from grants.access import may_run_round, may_unassign, programme_reviewers, require
from grants.models import (
    Application,
    ApplicationCheck,
    ConditionTemplate,
    Criterion,
    EligibilityQuestion,
    RequiredDocument,
    Review,
    Round,
)
from grants.services.applications import application_start_review
from grants.services.common import TransitionError, email_on_commit, record
from grassroots.accounts.models import User

S = Application.Status


def _require_staff(actor: User, rnd: Round) -> None:
    """Only staff of the round's share's host (or of the programme's lead) change its set-up and applications."""
    require(may_run_round(actor, rnd))


def _next_order(items: Any) -> int:
    last = items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def eligibility_question_add(*, actor: User, round: Round, data: Mapping[str, Any]) -> EligibilityQuestion:
    _require_staff(actor, round)
    with transaction.atomic():
        return EligibilityQuestion.objects.create(
            round=round, order=_next_order(round.eligibility_questions), text=data["text"],
            help_text=data.get("help_text", ""), passing_answer=data["passing_answer"],
            failure_message=data["failure_message"])


def criterion_add(*, actor: User, round: Round, data: Mapping[str, Any]) -> Criterion:
    _require_staff(actor, round)
    with transaction.atomic():
        return Criterion.objects.create(round=round, order=_next_order(round.criteria), name=data["name"],
                                        guidance=data.get("guidance", ""), weight=data["weight"])


def condition_add(*, actor: User, round: Round, data: Mapping[str, Any]) -> ConditionTemplate:
    _require_staff(actor, round)
    with transaction.atomic():
        return ConditionTemplate.objects.create(
            round=round, title=data["title"], description=data.get("description", ""),
            evidence_kind=data["evidence_kind"], required_count=data["required_count"])


def required_document_add(*, actor: User, round: Round, data: Mapping[str, Any]) -> RequiredDocument:
    _require_staff(actor, round)
    with transaction.atomic():
        return RequiredDocument.objects.create(round=round, name=data["name"],
                                               description=data.get("description", ""), mandatory=data["mandatory"])


def round_item_remove(*, actor: User, item: EligibilityQuestion | Criterion | ConditionTemplate | RequiredDocument,
                      ) -> None:
    """Remove one piece of a round's set-up. Questions already answered and criteria already scored stay,
    so applications and reviews never lose what they were judged on."""
    rnd = Round.objects.select_related("programme").get(pk=item.round_id)
    _require_staff(actor, rnd)
    try:
        with transaction.atomic():
            model: type[Model] = type(item)
            model._default_manager.filter(pk=item.pk).delete()
    except ProtectedError as exc:
        who = "reviewers have already scored applications against it" if isinstance(item, Criterion) \
            else "groups have already answered it"
        raise TransitionError(f"“{item}” cannot be removed because {who}.") from exc


def application_check_record(*, actor: User, application: Application, kind: str, outcome: str,
                             note: str = "") -> ApplicationCheck:
    """Record an eligibility or due-diligence check; it also appears on the timeline."""
    _require_staff(actor, application.round)
    with transaction.atomic():
        # Locked, so two first checks at once cannot both move it into the "checked" count.
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.checks.exists():
            tallies.application_first_check(locked)
        check = ApplicationCheck.objects.create(application=application, kind=kind, outcome=outcome, note=note,
                                                checked_by=actor)
        text = f"{check.get_kind_display()} check: {check.get_outcome_display().lower()}"
        record(application, actor=actor, kind="check", note=f"{text}. {note}" if note else text)
    return check


def review_assign(*, actor: User, application: Application, reviewer: User) -> Review:
    """Ask a commissioner to review; the first assignment moves a submitted application into review."""
    programme = application.round.programme
    _require_staff(actor, application.round)
    if reviewer.pk not in {u.pk for u in programme_reviewers(programme)}:
        raise PermissionDenied("That person is not a commissioner of this programme.")
    with transaction.atomic():
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        if locked.status not in (S.SUBMITTED, S.UNDER_REVIEW):
            raise TransitionError(f"This application is {locked.get_status_display().lower()}, so reviewers "
                                  "cannot be assigned.")
        review, created = Review.objects.get_or_create(application=locked, reviewer=reviewer,
                                                       defaults={"assigned_by": actor})
        if not created:
            return review
        tallies.review_changed(review, None, review.status)
        record(locked, actor=actor, kind="review_assigned",
               note=f"Reviewer assigned: {reviewer.full_name or reviewer.email}")
        if locked.status == S.SUBMITTED:
            application_start_review(actor=actor, application=locked)
        subject = f"Please review application {locked.reference}"
        link = settings.SITE_URL + reverse("dashboard")
        body = (f"{actor.full_name or actor.email} has asked you to review \"{locked.title}\" ({locked.reference}) "
                f"for {programme}.\n\nSign in to Grassroots and open your reviews: {link}")
        email_on_commit(subject, body, [reviewer.email], cause=f"Reviewer assigned to {locked.reference}")
    return review


def review_unassign(*, actor: User, review: Review) -> None:
    """Take a reviewer off an application, as long as their review is not yet submitted."""
    application = review.application
    _require_staff(actor, application.round)
    with transaction.atomic():
        locked = Review.objects.select_for_update(of=("self",)).select_related("reviewer", "application__round__programme"
                                                                              ).filter(pk=review.pk).first()
        if locked is None:
            return
        if not (allowed := may_unassign(actor, locked)):
            raise TransitionError(allowed.reason)  # the rights were checked above: what is left is its state
        status = locked.status
        locked.delete()
        tallies.review_changed(locked, status, None)
        record(application, actor=actor, kind="review_unassigned",
               note=f"Reviewer unassigned: {locked.reviewer.full_name or locked.reviewer.email}")
