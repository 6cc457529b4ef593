"""Sessions and people reached over time: submitted sessions per month (per quarter over long periods), gaps shown."""
from __future__ import annotations

import datetime as dt

import pytest

from engagement.models import Session
from engagement.selectors.figures import reach_over_time
from tests.engagement.factories import make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db


def _sessions(world):
    grant = make_active(world)
    for held, people, status in ((dt.date(2026, 4, 3), 12, Session.Status.SUBMITTED),
                                 (dt.date(2026, 4, 20), 8, Session.Status.SUBMITTED),
                                 (dt.date(2026, 6, 1), 30, Session.Status.SUBMITTED),
                                 (dt.date(2026, 6, 2), 99, Session.Status.DRAFT)):
        make_session(grant, created_by=world.group_member, held_on=held, attendance=people, status=status)
    return Session.objects.all()


def test_each_month_of_the_period_with_its_submitted_sessions_and_people(world):
    rows = reach_over_time(_sessions(world), dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert rows == [{"label": "Apr 2026", "sessions": 2, "people": 20},
                    {"label": "May 2026", "sessions": 0, "people": 0},  # a month with none is shown, not skipped
                    {"label": "Jun 2026", "sessions": 1, "people": 30}]  # the draft is not counted


def test_a_period_longer_than_two_years_is_shown_by_quarter(world):
    assert len(reach_over_time(_sessions(world), dt.date(2025, 4, 1), dt.date(2027, 3, 31))) == 24  # two years: months
    rows = reach_over_time(Session.objects.all(), dt.date(2024, 4, 1), dt.date(2027, 3, 31))
    assert len(rows) == 12
    assert rows[8] == {"label": "Apr–Jun 2026", "sessions": 3, "people": 50}
