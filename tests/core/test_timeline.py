"""The shared timeline: one transition() for every object with a status, a TRANSITIONS table and events."""
from __future__ import annotations

import pytest

from grants.models import Grant, MonitoringReport, MonitoringReportEvent
from grants.services import grants as grant_services
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import TransitionError, record, transition
from tests.grants.factories import REPORT, make_active, make_under_review

pytestmark = pytest.mark.django_db


def test_it_moves_a_status_and_writes_who_when_from_and_to(world):
    application = make_under_review(world)
    event = transition(application, "declined", actor=world.commissioner, note="Not this time")
    application.refresh_from_db()
    assert application.status == "declined"
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        world.commissioner, "under_review", "declined", "Not this time")
    assert event.title == "Declined"
    assert event.visibility == Visibility.GROUP


def test_it_refuses_a_move_the_table_does_not_allow_and_changes_nothing(world):
    application = make_under_review(world)
    before = application.events.count()
    with pytest.raises(TransitionError, match="This application is under review, so it cannot become draft"):
        transition(application, "draft", actor=world.host_staff)
    application.refresh_from_db()
    assert application.status == "under_review"
    assert application.events.count() == before


def test_a_note_is_staff_only_unless_the_caller_says_otherwise(world):
    application = make_under_review(world)
    note = record(application, actor=world.host_staff, kind="check", note="Due diligence: accounts checked")
    assert note.visibility == Visibility.STAFF
    assert (note.from_status, note.to_status) == ("under_review", "under_review")
    assert note not in application.events.for_group()


def test_the_end_of_grant_report_moves_through_its_own_table_and_timeline(world):
    grant = make_active(world)
    grant_services.monitoring_report_save(actor=world.group_member, report=grant.report, data=REPORT)
    grant_services.monitoring_report_submit(actor=world.group_member, report=grant.report)
    grant_services.monitoring_report_return(actor=world.host_staff, report=grant.report, message="Add a story")
    steps = list(MonitoringReportEvent.objects.filter(report=grant.report).values_list("from_status", "to_status"))
    assert steps == [("draft", "submitted"), ("submitted", "returned")]
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE


def test_an_accepted_report_cannot_be_returned_by_the_table(world):
    grant = make_active(world)
    report = grant.report
    report.status = MonitoringReport.Status.ACCEPTED
    with pytest.raises(TransitionError, match="cannot become returned for changes"):
        transition(report, MonitoringReport.Status.RETURNED, actor=world.host_staff)


def test_the_grant_status_for_a_submitted_report_is_named_for_what_it_is():
    assert Grant.Status.REPORT_SUBMITTED == "report_submitted"
    assert Grant.Status.CLOSED in Grant.TRANSITIONS[Grant.Status.REPORT_SUBMITTED]
