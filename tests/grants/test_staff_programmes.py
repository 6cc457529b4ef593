"""Host staff create and change programmes and rounds; bad figures get a message, never a 500."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Programme, Round
from grassroots.accounts.models import Organisation
from tests.factories import make_org
from tests.grants.factories import make_other_host, programme_money, round_post

pytestmark = pytest.mark.django_db


def test_it_lists_the_programmes_the_staff_run_with_their_rounds(as_host, world):
    response = as_host.get(reverse("grants:programme_list"))
    assert response.status_code == 200
    assert "Seldom Heard Voices" in response.text
    assert "2026 Spring round" in response.text
    assert "Open" in response.text  # the round's computed state


def test_it_hides_other_hosts_programmes(as_host, world):
    make_other_host(world)
    response = as_host.get(reverse("grants:programme_list"))
    assert "Elsewhere Voices" not in response.text


def test_it_creates_a_programme_for_the_staffs_own_host(as_host, world):
    response = as_host.post(reverse("grants:programme_create"), {
        "name": "Carers Say", "description": "Hearing from unpaid carers.", "funder": world.funder.pk,
        **programme_money(), "lead": world.host.pk, "commissioners": [world.icb.pk], "areas": [world.area.pk]})
    programme = Programme.objects.get(name="Carers Say")
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:round_create", args=[programme.pk])
    assert list(programme.commissioners.all()) == [world.icb]
    assert list(programme.areas.all()) == [world.area]
    assert programme.history.count() == 1
    # A new programme starts with one share, for its lead, worth the whole budget.
    assert [(s.host, s.amount) for s in programme.shares.all()] == [(world.host, Decimal("130000"))]


def test_it_offers_only_the_staffs_own_host_organisations(as_host, world):
    other_host, *_ = make_other_host(world)
    response = as_host.post(reverse("grants:programme_create"), {
        "name": "Sneaky", "funder": world.funder.pk, "lead": other_host.pk, **programme_money()})
    assert response.status_code == 400
    assert "Select lead organisation from the list" in response.text and "Select a valid choice" not in response.text
    assert not Programme.objects.filter(name="Sneaky").exists()


def test_it_offers_councils_and_funders_as_commissioners_but_not_groups(as_host, world):
    response = as_host.get(reverse("grants:programme_create"))
    assert world.icb.name in response.text
    assert world.group.name not in response.text


def test_it_changes_a_programme(as_host, world):
    council = make_org("Lambeth Council", Organisation.Kind.COUNCIL)
    response = as_host.post(reverse("grants:programme_edit", args=[world.programme.pk]), {
        "name": "Seldom Heard Voices 2", "funder": world.funder.pk, "lead": world.host.pk, **programme_money(),
        "commissioners": [world.icb.pk, council.pk]})
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.name == "Seldom Heard Voices 2"
    assert set(world.programme.commissioners.all()) == {world.icb, council}


def test_it_creates_a_round_with_its_dates_in_local_time(as_host, world):
    response = as_host.post(reverse("grants:round_create", args=[world.programme.pk]), round_post())
    rnd = Round.objects.get(name="2027 round")
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:round_detail", args=[rnd.pk])
    opens = timezone.localtime(rnd.opens_at)
    assert (opens.date(), opens.hour, opens.minute) == (date(2027, 3, 1), 9, 0)
    assert rnd.published and rnd.state == Round.State.UPCOMING


def test_round_money_is_typed_the_way_people_write_it(as_host, world):
    """The round form's money fields are the shared MoneyField (P2): "£20,000" is £20,000."""
    response = as_host.post(reverse("grants:round_create", args=[world.programme.pk]),
                            round_post(budget="£20,000", min_award="0", max_award="£5,000.00"))
    assert response.status_code == 302
    rnd = Round.objects.latest("pk")
    assert (rnd.budget, rnd.min_award, rnd.max_award) == (Decimal("20000"), Decimal("0"), Decimal("5000"))


def test_a_smallest_award_above_the_largest_gets_a_message_not_a_500(as_host, world):
    response = as_host.post(reverse("grants:round_create", args=[world.programme.pk]),
                            round_post(min_award="6000", max_award="5000"))
    assert response.status_code == 400
    assert "The smallest award must be no more than the largest award." in response.text
    assert 'value="2027 round"' in response.text  # nothing typed is lost
    assert not Round.objects.filter(name="2027 round").exists()


def test_a_largest_award_above_the_budget_gets_a_message(as_host, world):
    response = as_host.post(reverse("grants:round_create", args=[world.programme.pk]),
                            round_post(budget="1000", max_award="5000"))
    assert "The largest award must be no more than the round" in response.text


def test_a_round_that_closes_before_it_opens_gets_a_message(as_host, world):
    response = as_host.post(reverse("grants:round_create", args=[world.programme.pk]),
                            round_post(closes_on_0="28", closes_on_1="2"))
    assert response.status_code == 400
    assert "The round must close after it opens." in response.text


def test_a_missing_date_gets_a_message(as_host, world):
    response = as_host.post(reverse("grants:round_create", args=[world.programme.pk]),
                            round_post(opens_on_0="", opens_on_1="", opens_on_2=""))
    assert response.status_code == 400
    assert "Enter the day, month and year" in response.text


def test_it_changes_a_round_and_shows_the_saved_dates(as_host, world):
    url = reverse("grants:round_edit", args=[world.round.pk])
    assert as_host.get(url).status_code == 200
    response = as_host.post(url, round_post(name="Renamed round", published=None))
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.name == "Renamed round"
    assert world.round.state == Round.State.DRAFT
    page = as_host.get(reverse("grants:round_detail", args=[world.round.pk]))
    assert "Not published" in page.text
    assert "1 March 2027 at 9am" in page.text


@pytest.mark.parametrize("name", ["grants:programme_list", "grants:programme_create"])
def test_group_members_and_commissioners_may_not_use_programme_pages(as_group, as_commissioner, world, name):
    assert as_group.get(reverse(name)).status_code == 403
    assert as_commissioner.get(reverse(name)).status_code == 403


def test_staff_of_another_host_get_404_on_this_programmes_pages(login_as, world):
    _, other_staff, *_ = make_other_host(world)
    client = login_as(other_staff)
    assert client.get(reverse("grants:programme_edit", args=[world.programme.pk])).status_code == 404
    assert client.get(reverse("grants:round_create", args=[world.programme.pk])).status_code == 404
    assert client.get(reverse("grants:round_detail", args=[world.round.pk])).status_code == 404
    assert client.get(reverse("grants:round_edit", args=[world.round.pk])).status_code == 404
    assert client.post(reverse("grants:round_edit", args=[world.round.pk]), round_post()).status_code == 404


def test_staff_set_how_many_applications_a_group_may_have_open_in_a_round(as_host, world):
    """Checked by taking the field off RoundForm: the page had no such input and the value stayed 1."""
    url = reverse("grants:round_edit", args=[world.round.pk])
    page = as_host.get(url).text
    assert 'name="applications_per_group"' in page
    assert "Applications each group may have open at once" in page
    assert as_host.post(url, round_post(applications_per_group="3")).status_code == 302
    world.round.refresh_from_db()
    assert world.round.applications_per_group == 3
    response = as_host.post(url, round_post(applications_per_group="0"))
    assert response.status_code == 400
    world.round.refresh_from_db()
    assert world.round.applications_per_group == 3


def test_a_round_saved_without_the_applications_per_group_keeps_what_it_had(as_host, world):
    data = round_post()
    del data["applications_per_group"]
    assert as_host.post(reverse("grants:round_create", args=[world.programme.pk]), data).status_code == 302
    assert Round.objects.get(name="2027 round").applications_per_group == 1
