"""The end-of-grant report starts from the sessions the group submitted, instead of being retyped."""
from __future__ import annotations

from django.urls import reverse

from engagement.models import Session
from grants.services.grants import monitoring_report_save
from tests.engagement.factories import make_session
from tests.grants.factories import make_active


def _field(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    tag = page[page.rindex("<input", 0, start):page.index(">", start)]
    return tag.split('value="')[1].split('"')[0] if 'value="' in tag else ""


def test_the_report_is_prefilled_from_the_submitted_sessions(world, as_group):
    grant = make_active(world)  # its activity ended on 30 October 2026, so the report is open
    make_session(grant, created_by=world.group_member, attendance=20, conversations=5,
                 status=Session.Status.SUBMITTED)
    make_session(grant, created_by=world.group_member, attendance=12, conversations=3,
                 status=Session.Status.SUBMITTED)
    make_session(grant, created_by=world.group_member, attendance=99, conversations=9)  # a draft: not counted
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert (_field(page, "sessions_held"), _field(page, "people_reached"), _field(page, "conversations")) == (
        "2", "32", "8")
    assert "from the 2 sessions you logged" in page


def test_what_the_group_typed_is_kept(world, as_group):
    grant = make_active(world)
    make_session(grant, created_by=world.group_member, attendance=20, status=Session.Status.SUBMITTED)
    monitoring_report_save(actor=world.group_member, report=grant.report, data={"sessions_held": 7})
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert _field(page, "sessions_held") == "7"
    assert _field(page, "people_reached") == "20"


def test_without_sessions_nothing_is_filled_in(world, as_group):
    grant = make_active(world)
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert _field(page, "sessions_held") == "" and "sessions you logged" not in page
