from django.urls import reverse

from tests import factories
from tests.grants.factories import make_draft, make_submitted


def test_it_lists_open_rounds_with_amounts_and_closing_date(world, as_group):
    factories.make_round(world.programme, open_now=False, name="Last year's round")
    page = as_group.get(reverse("grants:funding")).content.decode()
    assert "2026 Spring round" in page
    assert "£250 to £5,000" in page
    assert "Healthwatch Lambeth" in page
    assert reverse("grants:eligibility", args=[world.round.pk]) in page
    assert "Last year&#x27;s round" not in page and "Last year's round" not in page


def test_it_lists_the_groups_own_applications_with_status_tags(world, as_group):
    make_submitted(world, title="Lunch and listen")
    make_draft(world, organisation=world.other_group, actor=world.other_group_member, title="Deaf cafe")
    page = as_group.get(reverse("grants:funding")).content.decode()
    assert "Lunch and listen" in page
    assert "govuk-tag--blue" in page and "Submitted" in page
    assert "Deaf cafe" not in page


def test_its_query_count_does_not_grow_with_rows(world, as_group, django_assert_max_num_queries):
    for _i in range(3):
        make_draft(world, complete=False)
    with django_assert_max_num_queries(8):
        as_group.get(reverse("grants:funding"))
    for _i in range(15):
        make_draft(world, complete=False)
        factories.make_round(world.programme)
    with django_assert_max_num_queries(8):
        response = as_group.get(reverse("grants:funding"))
    assert response.content.decode().count("govuk-tag--grey") == 18


def test_host_staff_and_commissioners_may_not_use_it(as_host, as_commissioner):
    assert as_host.get(reverse("grants:funding")).status_code == 403
    assert as_commissioner.get(reverse("grants:funding")).status_code == 403


def test_it_asks_anonymous_people_to_sign_in(client):
    response = client.get(reverse("grants:funding"))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_menu_and_dashboard_panel_show_the_next_action(world, as_group, django_assert_max_num_queries):
    make_draft(world, complete=False)
    make_submitted(world, title="Lunch and listen")
    page = as_group.get(reverse("dashboard")).content.decode()
    assert "Funding" in page
    assert "Your applications" in page
    assert "Finish your draft" in page
