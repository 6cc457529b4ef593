"""Services re-check the actor's right for every state change (P3), not only the pages that call them:
a command, a task or a new page cannot skip it. Checked by taking the require() lines out of the
application and grant services: every test here then fails."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from grants.services import applications as app_services
from grants.services import grants as grant_services
from tests.grants.factories import REPORT, eligible_answers, make_active, make_draft, make_grant, make_submitted

pytestmark = pytest.mark.django_db


def test_only_the_groups_members_start_change_submit_or_withdraw_its_application(world):
    with pytest.raises(PermissionDenied):
        app_services.application_start(actor=world.other_group_member, organisation=world.group, round=world.round,
                                       answers=eligible_answers(world.round))
    draft = make_draft(world)
    for outsider in (world.other_group_member, world.host_staff):
        with pytest.raises(PermissionDenied):
            app_services.application_save_section(actor=outsider, application=draft, section="activity",
                                                  data={"title": "Not yours"})
        with pytest.raises(PermissionDenied):
            app_services.application_submit(actor=outsider, application=draft)
        with pytest.raises(PermissionDenied):
            app_services.application_withdraw(actor=outsider, application=draft)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Lunch and listen", "draft")


def test_only_host_staff_of_the_programme_return_an_application_or_send_it_to_review(world):
    application = make_submitted(world)
    for outsider in (world.group_member, world.commissioner):
        with pytest.raises(PermissionDenied):
            app_services.application_return(actor=outsider, application=application, message="Change it")
        with pytest.raises(PermissionDenied):
            app_services.application_start_review(actor=outsider, application=application)


def test_only_the_group_accepts_its_grant_and_writes_its_report(world):
    grant = make_grant(world)
    with pytest.raises(PermissionDenied):
        grant_services.grant_accept(actor=world.host_staff, grant=grant)
    active = make_active(world, title="Second")
    with pytest.raises(PermissionDenied):
        grant_services.monitoring_report_save(actor=world.other_group_member, report=active.report, data=REPORT)
    with pytest.raises(PermissionDenied):
        grant_services.monitoring_report_submit(actor=world.host_staff, report=active.report)


def test_only_host_staff_pay_record_evidence_and_judge_the_report(world):
    grant = make_active(world)
    payment = grant.payments.first()
    with pytest.raises(PermissionDenied):
        grant_services.payment_mark_paid(actor=world.group_member, payment=payment, paid_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        grant_services.payment_schedule_set(actor=world.commissioner, grant=grant,
                                            instalments=[(timezone.localdate(), Decimal(grant.amount))])
    with pytest.raises(PermissionDenied):
        grant_services.condition_evidence_record(actor=world.group_member, condition=grant.conditions.first(),
                                                 occurred_on=timezone.localdate(), description="I went")
    payment.refresh_from_db()
    assert payment.status == "scheduled"
