"""When a quarter ends beat makes each host's quarterly report, once, and e-mails its staff a link, once."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from grassroots.celery import app
from reports.models import Report
from reports.schedule import quarterly_reports_schedule, scheduled_reports_announce
from reports.tasks import ANNOUNCE, SCHEDULE_QUARTERLY
from tests.engagement.routing_helpers import routing_world
from tests.factories import make_org
from tests.grants.factories import make_shared_programme
from tests.reports.helpers import pdf_of, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_host_gets_its_quarter_once_and_one_email(world):
    routing_world(world)  # feedback on 1 October 2026
    make_shared_programme(world)  # three hosts with shares, each with staff
    make_org("Healthwatch Nobody-works-here", "host")  # no share: no report
    assert quarterly_reports_schedule(today=dt.date(2027, 1, 5)) == 3
    assert quarterly_reports_schedule(today=dt.date(2027, 1, 6)) == 0  # beat again, or restarted: nothing new
    report = Report.objects.get(scope_id=world.host.pk)
    assert (report.starts_on, report.ends_on, report.scheduled) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), True)
    assert "Nobody answers the phone" in text_of(pdf_of(report))
    mail.outbox.clear()
    announced = scheduled_reports_announce()
    assert announced == Report.objects.filter(scheduled=True).count()
    assert scheduled_reports_announce() == 0
    ours = [m for m in mail.outbox if world.host_staff.email in m.to]
    assert len(ours) == 1 and "/reports/" in ours[0].body and "Q3 2026" in ours[0].subject


def test_both_tasks_are_on_the_schedule():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {SCHEDULE_QUARTERLY, ANNOUNCE} <= tasks
