"""The application rules no page test protected: open rounds, the close, the budget, one open application per round.

Each was checked by deleting its rule in grants/services/applications.py or grants/selectors and
watching the test fail.
"""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Round
from grants.services import applications as app_services
from grants.services.common import TransitionError
from tests.factories import make_round
from tests.grants.factories import eligible_answers, make_draft


def test_a_group_cannot_start_an_application_in_a_round_that_is_not_open(world):
    closed = make_round(world.programme, open_now=False)
    with pytest.raises(TransitionError, match="not open"):
        app_services.application_start(actor=world.group_member, organisation=world.group, round=closed,
                                       answers=eligible_answers(closed))
    assert not Application.objects.filter(round=closed).exists()


def test_a_draft_cannot_be_submitted_after_the_round_closes(world):
    application = make_draft(world)
    Round.objects.filter(pk=world.round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    application.round.refresh_from_db()
    with pytest.raises(TransitionError, match="closed"):
        app_services.application_submit(actor=world.group_member, application=application)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_budget_lines_that_do_not_add_up_stop_the_submission(world):
    application = make_draft(world, amount="2400")
    app_services.application_save_budget(actor=world.group_member, application=application,
                                         amount_requested=Decimal("2400"), lines=[("Food", Decimal("1000"))])
    with pytest.raises(TransitionError, match=re.escape("add up to £1,000.00")):
        app_services.application_submit(actor=world.group_member, application=application)


def test_an_amount_outside_the_rounds_limits_stops_the_submission(world):
    application = make_draft(world, amount="2400")
    app_services.application_save_budget(actor=world.group_member, application=application,
                                         amount_requested=Decimal("9000"), lines=[("Food", Decimal("9000"))])
    with pytest.raises(TransitionError, match="between £250 and £5,000"):
        app_services.application_submit(actor=world.group_member, application=application)


def test_running_the_eligibility_check_again_takes_the_group_to_its_draft(world, as_group):
    Round.objects.filter(pk=world.round.pk).update(applications_per_group=1)
    first = make_draft(world, complete=False)
    answers = {f"q{pk}": "yes" if ok else "no" for pk, ok in eligible_answers(world.round).items()}
    response = as_group.post(reverse("grants:eligibility", args=[world.round.pk]), answers)
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_tasks", args=[first.pk])
    assert Application.objects.filter(round=world.round, organisation=world.group).count() == 1
    assert "already has an application in this round" in as_group.get(response["Location"]).content.decode()


def test_staff_may_allow_a_group_more_than_one_application(world):
    Round.objects.filter(pk=world.round.pk).update(applications_per_group=2)
    world.round.refresh_from_db()
    first = make_draft(world, complete=False)
    second = make_draft(world, complete=False)
    assert first.pk != second.pk


def test_answers_filled_in_for_the_group_must_be_checked_before_sending(world, as_group):
    application = make_draft(world, complete=False)  # contact details were filled in from the person's account
    page = as_group.get(reverse("grants:application_check", args=[application.pk])).content.decode()
    assert "Check and save “Your group”" in page
    assert reverse("grants:application_section", args=[application.pk, "group"]) + "?return=check" in page
