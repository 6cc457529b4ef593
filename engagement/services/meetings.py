"""Thinking Partners: a submitted meeting is the evidence for the grant's "meeting" conditions, linked to it by a
foreign key (``MeetingEvidence``), so compliance comes from the meetings a group logs and staff type nothing."""
from __future__ import annotations

from django.db import transaction

from engagement.models import MeetingEvidence, Session
from grants.models import ConditionTemplate, GrantCondition
from grants.services.grants import condition_evidence_record, condition_evidence_withdraw
from grassroots.dates import govuk_date


def meeting_source(session: Session) -> str:
    """The evidence rows' ``source``: one per meeting and condition (the grants constraint keeps it once)."""
    return f"engagement.session:{session.pk}"


def _description(session: Session) -> str:
    who = ", ".join(o.name for o in session.organisations_present.all())
    text = f"Thinking Partners meeting on {govuk_date(session.held_on)}: {session.title}"
    return (text + (f" (with {who})" if who else ""))[:300]


def meeting_evidence_sync(*, session: Session) -> None:
    """Make the evidence match the session: a submitted Thinking Partners meeting counts once for each of its
    grant's meeting conditions; anything else counts for none. Call inside the service's transaction."""
    with transaction.atomic():
        counts = session.is_submitted and session.is_thinking_partners
        links = list(session.evidence_links.select_related("evidence"))
        stale = any(link.evidence.occurred_on != session.held_on for link in links)
        if links and (not counts or stale):
            reason = ("the meeting's date changed" if counts
                      else "the session was reopened" if not session.is_submitted
                      else "it is no longer a Thinking Partners meeting")
            condition_evidence_withdraw(actor=None, grant=session.grant, source=meeting_source(session),
                                        reason=reason)
            links = []
        if not counts:
            return
        linked = {link.evidence.condition_id for link in links}
        conditions = GrantCondition.objects.filter(grant_id=session.grant_id,
                                                   evidence_kind=ConditionTemplate.EvidenceKind.MEETING)
        for condition in conditions.select_related("grant__round__programme"):
            if condition.pk in linked:
                continue
            evidence = condition_evidence_record(actor=None, condition=condition, occurred_on=session.held_on,
                                                 description=_description(session), source=meeting_source(session))
            MeetingEvidence.objects.get_or_create(evidence=evidence, defaults={"session": session})
