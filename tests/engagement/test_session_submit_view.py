"""Check your answers, submit, and the confirmation; then the session is the group's to read, staff's to change."""
from __future__ import annotations

from django.urls import reverse

from engagement.models import DemographicCount
from tests.engagement.factories import make_session
from tests.grants.factories import make_active


def test_the_group_checks_its_answers_then_submits_and_sees_a_confirmation(world, as_group):
    session = make_session(make_active(world), created_by=world.group_member, venue="St Mark's hall")
    DemographicCount.objects.create(session=session, dimension="age", category="65_74", count=8)
    url = reverse("engagement:session_submit", args=[session.pk])
    page = as_group.get(url).content.decode()
    assert "Check the session before you submit it" in page
    assert "St Mark&#x27;s hall" in page and "65 to 74: 8" in page and "8 of 20 counted" in page
    assert f'{reverse("engagement:session_edit", args=[session.pk])}?return=check#id_title' in page
    response = as_group.post(url)
    assert response.url == reverse("engagement:session_submitted", args=[session.pk])
    confirmation = as_group.get(response.url).content.decode()
    assert "Session submitted" in confirmation and session.reference in confirmation
    session.refresh_from_db()
    assert session.is_submitted and session.submitted_at is not None
    # A second tap on the button lands on the confirmation again, and changes nothing.
    assert as_group.post(url).url == response.url
    assert session.events.filter(kind="transition").count() == 1


def test_only_the_group_submits(world, as_host, as_commissioner):
    session = make_session(make_active(world), created_by=world.group_member)
    url = reverse("engagement:session_submit", args=[session.pk])
    assert as_host.post(url).status_code == 403
    assert as_commissioner.post(url).status_code == 404  # a draft is not theirs to see
    session.refresh_from_db()
    assert session.is_draft
