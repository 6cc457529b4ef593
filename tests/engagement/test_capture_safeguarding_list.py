"""Host staff's "needs attention" list of safeguarding concerns, its dashboard panel, and the members page that
chooses who is e-mailed."""
from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import SafeguardingCase
from grassroots.accounts.models import Membership, Organisation
from tests.engagement.factories import make_item, make_session
from tests.factories import make_member
from tests.grants.factories import make_active

URL = reverse("engagement:safeguarding_list")


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member, title="Tea at the mosque")


def test_host_staff_see_the_concerns_of_their_rounds_newest_first(session, as_host):
    make_item(session, text="Lovely nurses")
    make_item(session, text="He says his son hits him", safeguarding=True)
    make_item(session, text="Nobody visits her and she is not eating", safeguarding=True)
    page = as_host.get(URL).content.decode()
    assert "Lovely nurses" not in page
    assert page.index("Nobody visits her") < page.index("He says his son hits him")
    assert "Tea at the mosque" in page and session.organisation.name in page
    assert "2 concerns" in page and page.count("New</strong>") == 2
    item = make_item(session, text="Closed one", safeguarding=True)
    SafeguardingCase.objects.create(item=item, status=SafeguardingCase.Status.CLOSED)
    page = as_host.get(URL).content.decode()
    assert "Closed one" in page and "Closed</strong>" in page
    assert reverse("engagement:safeguarding_item", kwargs={"pk": item.pk}) in page


def test_only_host_staff_may_open_the_list(session, as_group, as_commissioner, as_other_group):
    make_item(session, text="He says his son hits him", safeguarding=True)
    for client in (as_group, as_commissioner, as_other_group):
        assert client.get(URL).status_code == 403


def test_staff_of_another_host_do_not_see_the_concern(world, session, client):
    make_item(session, text="He says his son hits him", safeguarding=True)
    other_host = Organisation.objects.get(name="Healthwatch Southwark")
    other = make_member(other_host, Membership.Role.STAFF, email="olu@healthwatchsouthwark.org.uk")
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(URL).content.decode()
    assert "hits him" not in page
    assert "No feedback has been flagged" in page


def test_the_list_asks_a_fixed_number_of_queries(session, as_host, django_assert_max_num_queries):
    for n in range(60):
        make_item(session, text=f"Concern {n}", safeguarding=True)
    with django_assert_max_num_queries(14):
        response = as_host.get(URL)
    assert response.content.decode().count("Concern ") == 50  # a page of 50
    assert "Next" in response.content.decode()


def test_the_dashboard_panel_counts_the_concerns_for_host_staff(session, as_host, as_group):
    make_item(session, safeguarding=True)
    closed = make_item(session, safeguarding=True)
    SafeguardingCase.objects.create(item=closed, status=SafeguardingCase.Status.CLOSED)
    assert "1 safeguarding concern needs attention" in as_host.get(reverse("dashboard")).content.decode()
    assert "safeguarding concern" not in as_group.get(reverse("dashboard")).content.decode()
