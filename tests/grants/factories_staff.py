"""Helpers for the host-staff tests: a second host with its own staff and programme."""
from __future__ import annotations

from grants.models import Programme
from grassroots.accounts.models import Membership, Organisation
from tests.factories import make_member, make_org, make_round


def make_other_host(world):
    """Healthwatch Elsewhere, its staff member, and a programme and round of its own."""
    other_host = make_org("Healthwatch Elsewhere", Organisation.Kind.HOST)
    staff = make_member(other_host, Membership.Role.STAFF, email="eli@healthwatch-elsewhere.org.uk", name="Eli Else")
    programme = Programme.objects.create(name="Elsewhere Voices", funder=world.funder, host=other_host)
    rnd = make_round(programme, name="Elsewhere round")
    return other_host, staff, programme, rnd


def round_post(**overrides) -> dict[str, str]:
    data = {
        "name": "2027 round", "description": "Small grants for listening events.",
        "budget": "20000", "min_award": "250", "max_award": "5000",
        "opens_on_0": "1", "opens_on_1": "3", "opens_on_2": "2027", "opens_time": "09:00",
        "closes_on_0": "30", "closes_on_1": "4", "closes_on_2": "2027", "closes_time": "17:00",
        "published": "on", "report_due_days": "365",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def bulk_applications(world, n: int, *, status: str = "submitted", rnd=None, organisation=None,
                      title: str = "Lunch and listen", prefix: str = "B", amount: str = "1500"):
    """Many list rows at once. The list reads columns only, so rows need not pass through every service."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from grants.models import Application

    now = timezone.now()
    rows = [
        Application(round=rnd or world.round, organisation=organisation or world.group, status=status,
                    reference=f"GR-{prefix}-{i:05d}", title=f"{title} {i}", created_by=world.group_member,
                    amount_requested=Decimal(amount),
                    submitted_at=None if status == "draft" else now - timedelta(hours=i))
        for i in range(n)
    ]
    return Application.objects.bulk_create(rows)
