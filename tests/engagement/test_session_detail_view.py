"""The session's page for its group, its host staff and the programme's readers; another group gets 404."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from engagement.models import DemographicCount, Session
from grassroots.accounts.models import Membership
from grassroots.timeline.services import record
from tests.engagement.factories import make_item, make_session
from tests.factories import make_member, make_org
from tests.grants.factories import make_active, make_shared_programme


@pytest.fixture
def session(world):
    session = make_session(make_active(world), created_by=world.group_member, title="Lunch and listen")
    session.organisations_present.add(world.icb)
    DemographicCount.objects.create(session=session, dimension="language", category="Yoruba", count=3)
    make_item(session, text="The receptionist was rude to my mother")
    return session


def _every_url(session: Session) -> list[tuple[str, str]]:
    """(method, url) of every page of a session."""
    urls = [("get", reverse(f"engagement:{name}", args=[session.pk])) for name in (
        "session_detail", "session_edit", "session_demographics", "session_submit", "session_submitted")]
    return [*urls, ("post", reverse("engagement:session_reopen", args=[session.pk])),
            ("get", reverse("engagement:session_create", args=[session.grant_id]))]


def test_another_group_gets_404_on_every_session_url(session, as_other_group):
    for method, url in _every_url(session):
        assert getattr(as_other_group, method)(url).status_code == 404, url


def test_the_group_sees_its_session_with_change_links_and_its_feedback(session, as_group):
    page = as_group.get(reverse("engagement:session_detail", args=[session.pk])).content.decode()
    assert "Lunch and listen" in page and "NHS South East London ICB" in page and "Yoruba: 3" in page
    assert reverse("engagement:session_edit", args=[session.pk]) in page
    assert "1 piece of feedback recorded" in page
    assert "Check and submit" in page


def _submitted(session: Session) -> Session:
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED)
    return session


def test_a_commissioner_does_not_see_a_draft_the_group_has_not_submitted(session, as_commissioner):
    assert as_commissioner.get(reverse("engagement:session_detail", args=[session.pk])).status_code == 404
    listing = as_commissioner.get(reverse("engagement:staff_sessions")).content.decode()
    assert "Lunch and listen" not in listing
    _submitted(session)
    listing = as_commissioner.get(reverse("engagement:staff_sessions")).content.decode()
    assert "Lunch and listen" in listing


def test_a_commissioner_reads_the_session_but_never_its_feedback_nor_changes_it(session, as_commissioner):
    _submitted(session)
    page = as_commissioner.get(reverse("engagement:session_detail", args=[session.pk])).content.decode()
    assert "Lunch and listen" in page and "Yoruba: 3" in page
    assert 'id="feedback"' not in page and "receptionist" not in page
    assert reverse("engagement:session_edit", args=[session.pk]) not in page
    assert as_commissioner.get(reverse("engagement:session_edit", args=[session.pk])).status_code == 403
    assert as_commissioner.post(reverse("engagement:session_demographics", args=[session.pk]),
                                {"age__65_74": "1"}).status_code == 403
    assert not session.demographics.filter(dimension="age").exists()


def test_a_delivery_partner_reads_the_session_read_only(world, session, login_as):
    partner = make_org("Building Health Partnerships", "council")
    world.programme.delivery_partners.add(partner)
    client = login_as(make_member(partner, Membership.Role.STAFF, name="Pat Partner"))
    _submitted(session)
    page = client.get(reverse("engagement:session_detail", args=[session.pk])).content.decode()
    assert "Lunch and listen" in page and "receptionist" not in page and "Reopen" not in page
    assert client.post(reverse("engagement:session_reopen", args=[session.pk])).status_code == 403


def test_staff_of_another_share_of_a_shared_programme_see_nothing(world, session, login_as):
    shared = make_shared_programme(world)
    client = login_as(shared.southwark_staff)
    assert client.get(reverse("engagement:session_detail", args=[session.pk])).status_code == 404


def test_staff_reopen_a_submitted_session_for_the_group(world, session, as_host, as_group):
    as_group.post(reverse("engagement:session_submit", args=[session.pk]))
    group_page = as_group.get(reverse("engagement:session_detail", args=[session.pk])).content.decode()
    assert "To change it, ask Healthwatch Lambeth" in group_page
    assert reverse("engagement:session_edit", args=[session.pk]) not in group_page
    staff_page = as_host.get(reverse("engagement:session_detail", args=[session.pk])).content.decode()
    assert "Reopen the session" in staff_page
    assert as_group.post(reverse("engagement:session_reopen", args=[session.pk])).status_code == 403
    response = as_host.post(reverse("engagement:session_reopen", args=[session.pk]), {"reason": "Add the counts"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_draft
    assert "Add the counts" in as_group.get(reverse("engagement:session_detail", args=[session.pk])).content.decode()


def test_the_timeline_shows_the_group_only_rows_meant_for_it(world, session, as_group, as_host):
    record(session, actor=world.host_staff, kind="changed", note="Internal: check the venue's access")
    record(session, actor=world.group_member, kind="changed", note="Moved to the library", visibility="group")
    url = reverse("engagement:session_detail", args=[session.pk])
    group_page = as_group.get(url).content.decode()
    assert "Moved to the library" in group_page and "check the venue" not in group_page
    assert "check the venue" in as_host.get(url).content.decode()


def test_signed_out_people_are_sent_to_sign_in(session):
    response = Client().get(reverse("engagement:session_detail", args=[session.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
