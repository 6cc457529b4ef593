"""The lead's pages for a shared programme: its overview, its hosts' shares, rounds in a chosen share.
Refusals of the budget rules appear on the page beside the field, with what was typed kept."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import ProgrammeShare, Round
from grassroots.accounts.models import Membership
from tests.factories import make_member, make_org
from tests.grants.factories import make_grant, make_shared_programme, programme_money, round_post

pytestmark = pytest.mark.django_db


def test_the_lead_adds_a_hosts_share(as_host, world):
    shared = make_shared_programme(world)
    newham = make_org("Healthwatch Newham", "host")
    response = as_host.post(reverse("grants:share_create", args=[shared.programme.pk]),
                            {"host": newham.pk, "amount": "£9,000", "areas": [world.area.pk]})
    assert response.status_code == 302
    share = ProgrammeShare.objects.get(programme=shared.programme, host=newham)
    assert (share.amount, list(share.areas.all())) == (Decimal("9000"), [world.area])


def test_a_share_that_would_overspend_gets_a_message_and_keeps_what_was_typed(as_host, world):
    shared = make_shared_programme(world)  # £39,000 not yet shared out
    newham = make_org("Healthwatch Newham", "host")
    response = as_host.post(reverse("grants:share_create", args=[shared.programme.pk]),
                            {"host": newham.pk, "amount": "40000"})
    assert response.status_code == 400
    assert "Error:" in response.text and "would overspend the programme" in response.text
    assert 'value="40000"' in response.text
    assert not ProgrammeShare.objects.filter(host=newham).exists()


def test_a_host_may_not_change_shares_and_gets_404(login_as, world):
    shared = make_shared_programme(world)
    client = login_as(shared.southwark_staff)
    assert client.get(reverse("grants:share_create", args=[shared.programme.pk])).status_code == 404
    edit = reverse("grants:share_edit", args=[shared.programme.pk, shared.southwark_share.pk])
    assert client.post(edit, {"amount": "39000"}).status_code == 404
    shared.southwark_share.refresh_from_db()
    assert shared.southwark_share.amount == Decimal("20000")


def test_the_lead_chooses_whose_share_a_new_round_spends(as_host, world):
    shared = make_shared_programme(world)
    url = reverse("grants:round_create", args=[shared.programme.pk])
    assert "Whose share it spends" in as_host.get(url).text
    response = as_host.post(url, round_post(share=str(shared.council_share.pk), budget="20000"))
    assert response.status_code == 302
    assert Round.objects.get(name="2027 round").share == shared.council_share


def test_a_round_over_its_share_gets_a_message_on_the_budget(login_as, world):
    shared = make_shared_programme(world)  # Southwark: £5,000 of its £20,000 is not yet in a round
    response = login_as(shared.southwark_staff).post(
        reverse("grants:round_create", args=[shared.programme.pk]), round_post(budget="6000"))
    assert "would overspend Healthwatch Southwark" in response.text
    assert 'value="2027 round"' in response.text
    assert not Round.objects.filter(name="2027 round").exists()


def test_the_programme_budget_below_its_shares_gets_a_message(as_host, world):
    shared = make_shared_programme(world)
    response = as_host.post(reverse("grants:programme_edit", args=[shared.programme.pk]), {
        "name": shared.programme.name, "funder": world.funder.pk, "lead": world.host.pk,
        **programme_money(budget="50000")})
    assert "shares already hold £60,000.00" in response.text
    shared.programme.refresh_from_db()
    assert shared.programme.budget == Decimal("99000")


def test_a_host_who_does_not_lead_cannot_change_the_programme(login_as, world):
    shared = make_shared_programme(world)
    client = login_as(shared.southwark_staff)
    assert client.get(reverse("grants:programme_edit", args=[shared.programme.pk])).status_code == 404


def test_the_programme_list_shows_a_host_only_its_own_shares_rounds(login_as, world,
                                                                   django_assert_max_num_queries):
    shared = make_shared_programme(world)
    client = login_as(shared.southwark_staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("grants:programme_list"))
    assert "Southwark 2026 round" in page.text
    assert "Lambeth 2026 round" not in page.text


# --- Readers of a programme: funder staff and delivery partners find it, and read the groups it funded. ---

def _partner_staff(world):
    partner = make_org("Building Health Partnerships", "council")
    world.programme.delivery_partners.add(partner)
    return make_member(partner, Membership.Role.STAFF, name="Pat Partner")


def test_a_delivery_partner_follows_the_navigation_to_the_programme_and_a_group_it_funded(login_as, world):
    grant = make_grant(world, amount="1750")
    client = login_as(_partner_staff(world))
    listing = client.get(reverse("grants:programme_overviews"))
    assert listing.status_code == 200
    assert f'href="{reverse("grants:programme_overviews")}"' in listing.text  # the navigation entry
    overview_url = reverse("grants:programme_overview", args=[world.programme.pk])
    assert overview_url in listing.text
    group_url = reverse("grants:programme_group", args=[world.programme.pk, world.group.pk])
    assert group_url in client.get(overview_url).text
    page = client.get(group_url)
    assert page.status_code == 200
    assert world.group.name in page.text and "£1,750.00" in page.text and grant.round.name in page.text
    assert world.group_member.email not in page.text  # who its members are is not theirs to read


def test_funder_staff_find_the_programmes_they_fund_in_the_navigation(login_as, world):
    funder_staff = make_member(world.funder, Membership.Role.STAFF, name="Fiona Funder")
    page = login_as(funder_staff).get(reverse("grants:programme_overviews"))
    assert page.status_code == 200
    assert "Programme overviews" in page.text and world.programme.name in page.text


def test_a_delivery_partner_may_not_open_the_groups_own_organisation_page(login_as, world):
    """The rule ``programme_group_for_reader_or_404`` states: members and their contact details stay with the group
    and its host, so a partner reads the group on the programme's page only."""
    make_grant(world)
    client = login_as(_partner_staff(world))
    assert client.get(reverse("accounts:organisation_detail", args=[world.group.pk])).status_code == 404


def test_a_group_not_funded_by_the_programme_is_not_found_on_its_pages(login_as, world):
    make_grant(world)
    client = login_as(_partner_staff(world))
    url = reverse("grants:programme_group", args=[world.programme.pk, world.other_group.pk])
    assert client.get(url).status_code == 404


def test_a_share_host_reads_only_the_groups_funded_from_its_own_share(login_as, world):
    shared = make_shared_programme(world)
    make_grant(world, rnd=shared.lead_round)
    url = reverse("grants:programme_group", args=[shared.programme.pk, world.group.pk])
    assert login_as(shared.southwark_staff).get(url).status_code == 404
    assert login_as(world.host_staff).get(url).status_code == 200  # the lead's staff read every share


def test_the_programme_overviews_list_and_a_group_page_take_few_queries(login_as, world,
                                                                        django_assert_max_num_queries):
    shared = make_shared_programme(world)
    for n in range(3):
        make_grant(world, rnd=shared.lead_round, title=f"Listening {n}")
    client = login_as(world.host_staff)
    with django_assert_max_num_queries(12):
        assert shared.programme.name in client.get(reverse("grants:programme_overviews")).text
    with django_assert_max_num_queries(14):
        page = client.get(reverse("grants:programme_group", args=[shared.programme.pk, world.group.pk]))
    assert page.text.count("Lambeth 2026 round") == 3
