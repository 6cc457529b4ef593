"""An application's life on the group's side and the host's: start, edit, submit, return, withdraw."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from grants import tallies
from grants.access import may_act_for_group, may_run_programme, require
from grants.models import (
    Application,
    ApplicationVersion,
    BudgetLine,
    EligibilityAnswer,
    RequiredDocument,
    Round,
    SupportingDocument,
)
from grants.sections import FORM_SECTIONS
from grants.selectors import application_problems, eligibility_failures
from grants.services.common import (
    TransitionError,
    Visibility,
    next_application_reference,
    notify_group,
    record,
    transition,
)
from grants.uploads import check_upload
from grassroots.accounts.access import require_group_may_apply
from grassroots.accounts.models import Organisation, User

S = Application.Status

# The fields each form section saves (kept under this name for the pages that import it from here).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {s.key: s.fields for s in FORM_SECTIONS}
OPEN = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",), no_key=True).select_related(
        "round__programme", "organisation").get(pk=application.pk)


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise TransitionError(
            f"This application is {application.get_status_display().lower()}, so it can no longer be changed.")


def application_start(*, actor: User, organisation: Organisation, round: Round, answers: Mapping[int, bool]) -> Application:
    """Start a draft once the group has passed the eligibility check.

    A group has at most ``round.applications_per_group`` open applications in a round (one unless staff
    allow more); beyond that the group's existing application is returned instead of a new one.
    """
    require_group_may_apply(organisation)  # a self-registered group waits for its host's approval
    require(may_act_for_group(actor, organisation))
    if not round.is_open:
        raise TransitionError("This round is not open for applications.")
    failures = eligibility_failures(round, answers)
    if failures:
        raise TransitionError(" ".join(failures))
    with transaction.atomic():
        # Serialise the one-open-application rule (a double press must not start two drafts); reference
        # numbers need no lock here: next_application_reference() takes them from a counter row.
        Round.objects.select_for_update().filter(pk=round.pk).first()
        existing = list(Application.objects.filter(round=round, organisation=organisation, status__in=OPEN)
                        .order_by("pk"))
        if len(existing) >= round.applications_per_group:
            # Running the eligibility check again takes the group back to what it already has.
            return next((a for a in existing if a.is_editable), existing[-1])
        application = Application.objects.create(
            round=round, organisation=organisation, reference=next_application_reference(), created_by=actor,
            contact_name=actor.full_name, contact_email=actor.email,
            group_description=organisation.communities_served and f"We work with {organisation.communities_served}.",
            communities=organisation.communities_served,
        )
        tallies.application_added(application)
        EligibilityAnswer.objects.bulk_create(
            [EligibilityAnswer(application=application, question_id=qid, answer=value) for qid, value in answers.items()]
        )
        record(application, actor=actor, kind="started", note="Application started", visibility=Visibility.GROUP)
    return application


def application_save_section(*, actor: User, application: Application, section: str, data: Mapping[str, Any]) -> Application:
    """Save one section of the form as it stands (drafts may be incomplete)."""
    fields = SECTION_FIELDS[section]
    with transaction.atomic():
        locked = _lock(application)
        require(may_act_for_group(actor, locked.organisation))
        _require_editable(locked)
        changed = [name for name in fields if name in data]
        for name in changed:
            setattr(locked, name, data[name])
        if section not in locked.sections_saved:
            locked.sections_saved = [*locked.sections_saved, section]
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changed, "sections_saved", "updated_at"])
    return locked


def application_save_budget(*, actor: User, application: Application, lines: Iterable[tuple[str, Decimal]],
                            amount_requested: Decimal | None) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        require(may_act_for_group(actor, locked.organisation))
        _require_editable(locked)
        locked.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            [BudgetLine(application=locked, order=i, description=d, amount=a) for i, (d, a) in enumerate(lines)]
        )
        locked.amount_requested = amount_requested
        locked.updated_at = timezone.now()
        locked.save(update_fields=["amount_requested", "updated_at"])
    return locked


def document_add(*, actor: User, application: Application, upload: UploadedFile,
                 required_document: RequiredDocument | None) -> SupportingDocument:
    name, content_type = check_upload(upload)
    with transaction.atomic():
        locked = _lock(application)
        require(may_act_for_group(actor, locked.organisation))
        _require_editable(locked)
        if required_document is not None and required_document.round_id != locked.round_id:
            raise PermissionDenied("That document is not asked for by this round.")
        doc = SupportingDocument(application=locked, required_document=required_document, original_name=name,
                                 content_type=content_type, size=upload.size or 0, uploaded_by=actor)
        doc.file.save(name, upload, save=False)
        doc.save()
        Application.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return doc


def document_remove(*, actor: User, document: SupportingDocument) -> None:
    with transaction.atomic():
        locked = _lock(document.application)
        require(may_act_for_group(actor, locked.organisation))
        _require_editable(locked)
        document.file.delete(save=False)
        document.delete()


def application_snapshot(application: Application) -> dict[str, Any]:
    """What was submitted, as plain data (dates and money as text) for the version history."""
    data: dict[str, Any] = {}
    for fields in SECTION_FIELDS.values():
        for name in fields:
            value = getattr(application, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["amount_requested"] = str(application.amount_requested) if application.amount_requested is not None else None
    data["budget_lines"] = [{"description": b.description, "amount": str(b.amount)} for b in application.budget_lines.all()]
    data["documents"] = [d.original_name for d in application.documents.all()]
    return data


def application_submit(*, actor: User, application: Application) -> Application:
    """Submit (or resubmit after a return). Pressing the button twice submits once."""
    with transaction.atomic():
        locked = _lock(application)
        require(may_act_for_group(actor, locked.organisation))
        if locked.status == S.SUBMITTED and locked.version >= 1:
            return locked  # a double press: already done
        if locked.status not in (S.DRAFT, S.RETURNED):
            raise TransitionError(f"This application is {locked.get_status_display().lower()} and cannot be submitted.")
        if locked.status == S.DRAFT and not locked.round.is_open:
            raise TransitionError("This round has closed, so new applications can no longer be submitted.")
        problems = application_problems(locked)
        if problems:
            raise TransitionError([p.message for p in problems])
        was_returned = locked.status == S.RETURNED
        locked.version += 1
        locked.submitted_at = timezone.now()
        ApplicationVersion.objects.create(application=locked, number=locked.version, submitted_by=actor,
                                          snapshot=application_snapshot(locked))
        transition(locked, S.SUBMITTED, actor=actor,
                   note=f"Version {locked.version} submitted" + (" after changes" if was_returned else ""),
                   extra_fields=("version", "submitted_at"))
        notify_group(
            locked, f"We have received your application {locked.reference}",
            f"Thank you. We have received your application \"{locked.title}\" ({locked.reference}) to "
            f"{locked.round}.\n\nWhat happens next: {locked.round.share.host} will check it and it will be "
            "reviewed by a panel. You can follow its progress on your Grassroots dashboard.",
        )
    return locked


def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    with transaction.atomic():
        locked = _lock(application)
        require(may_act_for_group(actor, locked.organisation))
        if locked.status == S.WITHDRAWN:
            return locked
        transition(locked, S.WITHDRAWN, actor=actor, note=reason or "Withdrawn by the group")
    return locked


def application_return(*, actor: User, application: Application, message: str) -> Application:
    """Host staff send a submitted application back to the group with what to change."""
    if not message.strip():
        raise TransitionError("Tell the group what to change.")
    with transaction.atomic():
        locked = _lock(application)
        require(may_run_programme(actor, locked.round.programme))
        if locked.status == S.RETURNED:
            return locked
        transition(locked, S.RETURNED, actor=actor, note=message)
        notify_group(
            locked, f"Your application {locked.reference} needs some changes",
            f"{locked.round.share.host} has looked at your application \"{locked.title}\" and asks for some "
            f"changes:\n\n{message}\n\nSign in to Grassroots to make the changes and submit it again.",
        )
    return locked


def application_start_review(*, actor: User, application: Application) -> Application:
    """Move a submitted application into review (done when the first reviewer is assigned)."""
    with transaction.atomic():
        locked = _lock(application)
        require(may_run_programme(actor, locked.round.programme))
        if locked.status == S.UNDER_REVIEW:
            return locked
        transition(locked, S.UNDER_REVIEW, actor=actor, note="Sent to the review panel")
    return locked
