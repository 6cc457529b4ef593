"""The group's sessions page and dashboard panel: its sessions, and each grant's totals against its plan."""
from __future__ import annotations

from django.urls import reverse

from engagement.models import Session
from tests.engagement.factories import make_session
from tests.grants.factories import make_active, make_grant

URL = reverse("engagement:group_sessions")


def test_the_group_sees_its_submitted_totals_against_its_plan(world, as_group):
    grant = make_active(world)  # planned 6 sessions, 120 people, 60 conversations
    for n in range(3):
        make_session(grant, created_by=world.group_member, title=f"Lunch {n}", attendance=15, conversations=4,
                     status=Session.Status.SUBMITTED)
    make_session(grant, created_by=world.group_member, title="Still a draft", attendance=40)
    page = as_group.get(URL).content.decode()
    assert "3</span><span class=\"app-stat__label\">sessions of 6 planned" in page
    assert "45</span><span class=\"app-stat__label\">people reached of 120 expected" in page
    assert "12</span><span class=\"app-stat__label\">in-depth conversations of 60 expected" in page
    assert "1 more is not submitted yet" in page
    assert "Still a draft" in page and "Lunch 2" in page
    assert reverse("engagement:session_create", args=[grant.pk]) in page


def test_a_grant_not_yet_accepted_is_not_listed(world, as_group):
    make_grant(world, title="Offered only")
    page = as_group.get(URL).content.decode()
    assert "Offered only" not in page
    assert "Once your group has accepted a grant" in page


def test_another_groups_sessions_never_appear(world, as_other_group):
    make_session(make_active(world), created_by=world.group_member, title="Brixton lunch")
    page = as_other_group.get(URL).content.decode()
    assert "Brixton lunch" not in page


def test_the_list_takes_the_same_queries_however_many_sessions(world, as_group, django_assert_max_num_queries):
    grant = make_active(world)
    make_session(grant, created_by=world.group_member)
    with django_assert_max_num_queries(12) as few:
        as_group.get(URL)
    for n in range(30):
        make_session(grant, created_by=world.group_member, title=f"Session {n}", status=Session.Status.SUBMITTED)
    make_active(world, title="A second grant")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Session 29" in as_group.get(URL).content.decode()


def test_the_dashboard_shows_the_groups_sessions_and_a_way_to_log_one(world, as_group, as_host):
    grant = make_active(world)
    make_session(grant, created_by=world.group_member, attendance=25, status=Session.Status.SUBMITTED)
    page = as_group.get(reverse("dashboard")).content.decode()
    assert "Your sessions" in page
    assert "people reached of 120 expected" in page
    assert reverse("engagement:session_create", args=[grant.pk]) in page
    assert f'href="{URL}"' in page  # the navigation's "Sessions"
    assert f'href="{URL}"' not in as_host.get(reverse("dashboard")).content.decode()
