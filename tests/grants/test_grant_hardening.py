"""Awarded grants: payments dated sensibly, the link from the application, award limits, the reminder schedule."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.models import Grant, Round
from grants.services.common import TransitionError
from grants.services.decisions import grant_award
from grants.services.grants import payment_mark_paid, payment_schedule_set
from tests.grants.factories import make_active, make_grant, make_under_review


def test_it_refuses_a_payment_dated_before_the_award(world):
    grant = make_active(world)
    payment_schedule_set(actor=world.host_staff, grant=grant,
                         instalments=[(timezone.localdate(), grant.amount)])
    payment = grant.payments.get()
    with pytest.raises(ValidationError, match="before the grant was awarded"):
        payment_mark_paid(actor=world.host_staff, payment=payment,
                          paid_on=timezone.localdate(grant.awarded_at) - timedelta(days=1))
    payment.refresh_from_db()
    assert payment.status == payment.Status.SCHEDULED


def test_the_awarded_applications_status_page_links_to_the_grant_and_the_agreement(world, as_group):
    grant = make_grant(world)
    page = as_group.get(reverse("grants:application_detail", args=[grant.application_id])).content.decode()
    assert reverse("grants:grant_detail", args=[grant.pk]) in page
    assert reverse("grants:grant_accept", args=[grant.pk]) in page


@pytest.mark.parametrize("amount", ["100", "4000"])
def test_an_award_outside_the_rounds_minimum_and_maximum_is_refused(world, amount):
    application = make_under_review(world, amount="5000")
    Round.objects.filter(pk=world.round.pk).update(max_award=Decimal("3000"))  # lowered after it was sent
    with pytest.raises(TransitionError, match=re.escape("between £250.00 and £3,000.00")):
        grant_award(actor=world.commissioner, application=application, amount=Decimal(amount))
    assert not Grant.objects.filter(application=application).exists()


def test_the_daily_report_reminder_is_scheduled():
    from grassroots.celery import app

    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == "grants.send_report_reminders"]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    # Once a day: a crontab with one fixed hour and minute on every day of the week and month.
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert len(schedule.day_of_week) == 7 and len(schedule.day_of_month) == 31 and len(schedule.month_of_year) == 12


def test_the_evidence_form_lists_conditions_by_name(world, as_host):
    from grants.models import GrantCondition

    grant = make_active(world)
    GrantCondition.objects.create(grant=grant, title="Send the safeguarding policy", evidence_kind="document")
    page = as_host.get(reverse("grants:grant_manage", args=[grant.pk])).content.decode()
    assert ">Send the safeguarding policy</option>" in page
    assert "object (" not in page
