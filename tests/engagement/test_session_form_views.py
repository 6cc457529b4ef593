"""Logging and changing a session through its form: GOV.UK errors that name each answer, nothing typed lost."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import Session
from tests.engagement.factories import make_session
from tests.engagement.sessions_data import session_post
from tests.grants.factories import make_active


@pytest.fixture
def grant(world):
    return make_active(world)


def test_the_group_logs_a_session_and_goes_on_to_who_came(world, grant, as_group):
    response = as_group.post(reverse("engagement:session_create", args=[grant.pk]), session_post(world))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("engagement:session_demographics", args=[session.pk])
    assert session.title == "Coffee morning at St Mark's" and session.starts_at == dt.time(10, 0)
    assert list(session.organisations_present.all()) == [world.icb]


def test_the_form_offers_the_programmes_areas_and_nhs_organisations_not_groups(world, grant, as_group):
    page = as_group.get(reverse("engagement:session_create", args=[grant.pk])).content.decode()
    areas = re.findall(r'name="area"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="area"', page)
    assert {int(a or b) for a, b in areas} == {world.area.pk}
    assert world.icb.name in page and world.other_group.name not in page
    assert 'name="held_on_0"' in page and 'type="time"' in page


def test_a_time_typed_the_way_people_write_it_is_understood(world, grant, as_group):
    as_group.post(reverse("engagement:session_create", args=[grant.pk]),
                  session_post(world, starts_at="2pm", ends_at="3.30pm"))
    session = Session.objects.get()
    assert (session.starts_at, session.ends_at) == (dt.time(14, 0), dt.time(15, 30))


def test_problems_are_summarised_and_what_was_typed_stays(world, grant, as_group):
    future = timezone.localdate() + dt.timedelta(days=3)
    response = as_group.post(reverse("engagement:session_create", args=[grant.pk]), session_post(
        world, held_on=future, attendance="5", conversations="9", title="Kept title", starts_at="13:00",
        ends_at="12:00", kind=None))
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Select the kind of session" in page
    assert "Kept title" in page
    assert not Session.objects.exists()
    # The service's rules come back against their fields once the form itself is complete.
    response = as_group.post(reverse("engagement:session_create", args=[grant.pk]), session_post(
        world, held_on=future, attendance="5", conversations="9", starts_at="13:00", ends_at="12:00"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_held_on_0"' in page and "today or in the past" in page
    assert 'href="#id_conversations"' in page and "no more than the 5 people" in page
    assert 'href="#id_ends_at"' in page


def test_attendance_is_required_and_a_whole_number(world, grant, as_group):
    page = as_group.post(reverse("engagement:session_create", args=[grant.pk]),
                         session_post(world, attendance="lots")).content.decode()
    assert "People who took part must be a whole number, like 12" in page


def test_the_group_changes_a_draft_and_staff_change_it_at_any_time(world, grant, as_group, as_host):
    session = make_session(grant, created_by=world.group_member)
    url = reverse("engagement:session_edit", args=[session.pk])
    assert "Coffee morning" in as_group.get(url).content.decode()
    response = as_group.post(url, session_post(world, title="Renamed"))
    assert response.status_code == 302 and response.url == reverse("engagement:session_detail", args=[session.pk])
    session.status = Session.Status.SUBMITTED
    session.save()
    assert as_group.get(url).status_code == 403
    assert as_host.post(url, session_post(world, title="Fixed by staff")).status_code == 302
    session.refresh_from_db()
    assert session.title == "Fixed by staff"


def test_a_change_from_the_check_page_returns_there(world, grant, as_group):
    session = make_session(grant, created_by=world.group_member)
    response = as_group.post(reverse("engagement:session_edit", args=[session.pk]) + "?return=check",
                             session_post(world))
    assert response.url == reverse("engagement:session_submit", args=[session.pk])


def test_the_organisations_offered_are_the_programmes_and_those_working_in_its_areas(world, grant, as_group):
    from tests.factories import make_org

    local = make_org("Guy's and St Thomas' NHS Foundation Trust", "provider")
    local.areas.add(world.area)
    make_org("Manchester University NHS Foundation Trust", "provider")
    page = as_group.get(reverse("engagement:session_create", args=[grant.pk])).content.decode()
    assert "Guy&#x27;s and St Thomas&#x27;" in page and world.funder.name in page and world.icb.name in page
    assert "Manchester University" not in page
