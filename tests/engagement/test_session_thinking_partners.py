"""Thinking Partners compliance comes from the meetings a group logs: each submitted meeting is linked to the
evidence for the grant's meeting conditions, and staff no longer type that evidence in."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engagement.choices import SessionKind
from engagement.models import MeetingEvidence
from engagement.services.sessions import session_create, session_reopen, session_submit, session_update
from grants.models import ConditionEvidence, GrantCondition
from grants.selectors.grant import condition_compliance
from tests.engagement.sessions_data import session_values
from tests.grants.factories import make_active

TP = SessionKind.THINKING_PARTNERS


@pytest.fixture
def grant(world):
    return make_active(world)  # its round's condition: attend Thinking Partners twice (evidence kind "meeting")


def _meeting(world, grant, day: int, *, submit: bool = True, kind: str = TP):
    session = session_create(actor=world.group_member, grant=grant, data=session_values(
        world, kind=kind, title=f"Thinking Partners {day}", held_on=dt.date(2026, 9, day)))
    return session_submit(actor=world.group_member, session=session) if submit else session


def _met(grant) -> tuple[bool, int]:
    compliance = condition_compliance(type(grant).objects.get(pk=grant.pk))
    return compliance[0].met, compliance[0].count


def test_the_condition_is_met_after_enough_meetings_and_not_before(world, grant):
    _meeting(world, grant, 3, submit=False)  # a draft counts for nothing
    _meeting(world, grant, 4, kind=SessionKind.LISTENING)  # nor does another kind of session
    assert _met(grant) == (False, 0)
    first = _meeting(world, grant, 10)
    assert _met(grant) == (False, 1)
    _meeting(world, grant, 24)
    assert _met(grant) == (True, 2)
    link = MeetingEvidence.objects.get(session=first)
    assert link.evidence.occurred_on == dt.date(2026, 9, 10)
    assert link.evidence.description.startswith("Thinking Partners meeting on 10 September 2026")
    assert link.evidence.recorded_by is None and link.evidence.source == f"engagement.session:{first.pk}"


def test_a_meeting_counts_once_for_each_meeting_condition(world, grant):
    GrantCondition.objects.create(grant=grant, title="Attend the ICB forum", evidence_kind="meeting")
    GrantCondition.objects.create(grant=grant, title="Send a safeguarding policy", evidence_kind="document")
    session = _meeting(world, grant, 10)
    session_submit(actor=world.group_member, session=session)
    assert MeetingEvidence.objects.filter(session=session).count() == 2
    assert not ConditionEvidence.objects.filter(condition__evidence_kind="document").exists()


def test_reopening_a_meeting_withdraws_its_evidence_until_it_is_submitted_again(world, grant):
    _meeting(world, grant, 10)
    second = _meeting(world, grant, 24)
    assert _met(grant) == (True, 2)
    session_reopen(actor=world.host_staff, session=second, reason="Wrong date")
    assert _met(grant) == (False, 1)
    assert not MeetingEvidence.objects.filter(session=second).exists()
    assert "withdrawn" in grant.events.order_by("-pk").first().note
    session_submit(actor=world.group_member, session=second)
    assert _met(grant) == (True, 2)


def test_staff_changing_a_submitted_meeting_keep_its_evidence_consistent(world, grant):
    session = _meeting(world, grant, 10)
    session_update(actor=world.host_staff, session=session, data=session_values(
        world, kind=TP, title="Thinking Partners 10", held_on=dt.date(2026, 9, 11)))
    assert MeetingEvidence.objects.get(session=session).evidence.occurred_on == dt.date(2026, 9, 11)
    session_update(actor=world.host_staff, session=session, data=session_values(world, held_on=dt.date(2026, 9, 11)))
    assert _met(grant) == (False, 0)
    assert not ConditionEvidence.objects.exists()


def test_staff_are_not_asked_to_type_meeting_evidence(world, grant, as_host):
    GrantCondition.objects.create(grant=grant, title="Send a safeguarding policy", evidence_kind="document")
    page = as_host.get(reverse("grants:grant_manage", args=[grant.pk])).content.decode()
    assert "comes from the Thinking Partners meetings" in page
    assert ">Send a safeguarding policy</option>" in page
    assert ">A member of the group attends Thinking Partners</option>" not in page
    meeting = grant.conditions.get(evidence_kind="meeting")
    response = as_host.post(reverse("grants:grant_evidence", args=[grant.pk]), {
        "condition": meeting.pk, "occurred_on_0": "12", "occurred_on_1": "3", "occurred_on_2": "2026",
        "description": "Attended"})
    assert response.status_code == 400
    assert not ConditionEvidence.objects.exists()
