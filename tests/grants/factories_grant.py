"""Awarded grants in each state, built through the same services the pages use."""
from __future__ import annotations

from decimal import Decimal

from grants.models import Grant
from grants.services import grants as grant_services
from grants.services.decisions import grant_award
from tests.grants.factories import make_under_review

REPORT = {
    "what_happened": "Six lunches; elders talked about GP appointments and hospital discharge.",
    "sessions_held": 6, "people_reached": 130, "conversations": 64, "amount_spent": Decimal("1980.00"),
    "spend_notes": "Food cost a little less than planned.", "story": "One elder got a hearing test booked.",
}


def make_grant(world, *, amount: str = "2000", **kwargs) -> Grant:
    return grant_award(actor=world.commissioner, application=make_under_review(world, **kwargs),
                       amount=Decimal(amount))


def make_active(world, **kwargs) -> Grant:
    grant = make_grant(world, **kwargs)
    return grant_services.grant_accept(actor=world.group_member, grant=grant, signature="Grace Member")


def make_report_submitted(world, **kwargs) -> Grant:
    grant = make_active(world, **kwargs)
    grant_services.monitoring_report_save(actor=world.group_member, report=grant.report, data=REPORT)
    grant_services.monitoring_report_submit(actor=world.group_member, report=grant.report)
    grant.refresh_from_db()
    return grant
