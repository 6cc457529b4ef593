"""A programme shared by several hosts, walked URL by URL: a host never sees another host's share by any URL;
the lead sees every share; a council that hosts a share runs it.

The walk reuses ``EXPECTED`` from ``test_url_walk``, so a new URL is walked here too without another row.
Checked by widening ``rounds_for_staff`` to the whole programme once: the first test then failed on every
application, grant, round and review page.
"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.services.decisions import grant_award
from grants.services.programmes import share_save
from grassroots.accounts.access import Capacity, has_capacity
from grassroots.accounts.models import Membership
from tests.core.test_url_walk import EXPECTED, walk_data  # noqa: F401  (walk_data is a fixture)
from tests.factories import make_member, make_org, make_round
from tests.grants.factories import make_draft, make_under_review


@pytest.fixture
def shared(walk_data):  # noqa: F811
    """The walk's programme, shared: the lead (the world's host) keeps £50,000; Southwark's Healthwatch gets
    £30,000 and runs a round of its own with an application and a grant in it."""
    world = walk_data["world"]
    southwark = world.other_area.host_organisation
    share_save(actor=world.host_staff, programme=world.programme, share=world.round.share, host=world.host,
               amount=Decimal("50000"))
    share = share_save(actor=world.host_staff, programme=world.programme, host=southwark, amount=Decimal("30000"))
    staff = make_member(southwark, Membership.Role.STAFF, email="sam@healthwatchsouthwark.org.uk", name="Sam Obi")
    rnd = make_round(world.programme, name="Southwark round", budget="10000", share=share)
    application = make_under_review(world, rnd=rnd, organisation=world.other_group, actor=world.other_group_member,
                                    title="Sign and share")
    grant = grant_award(actor=world.commissioner, application=application, amount=Decimal("1500"))
    return {**walk_data, "southwark": southwark, "southwark_staff": staff, "southwark_round": rnd,
            "southwark_application": application, "southwark_grant": grant}


def _forbidden(d) -> list[str]:
    """Words that appear only on pages about the lead's share (its round, its group, its applications)."""
    world = d["world"]
    return [world.round.name, world.group.name, d["draft"].title, d["submitted"].title, d["reviewed"].title,
            d["draft"].reference, d["grant"].reference]


def test_a_host_never_sees_another_hosts_share_by_any_url(shared, login_as):
    client = login_as(shared["southwark_staff"])
    forbidden = _forbidden(shared)
    leaks = []
    for name, (kwargs_for, expected) in EXPECTED.items():
        if name == "healthz":
            continue
        url = reverse(name, kwargs=kwargs_for(shared))
        response = client.get(url)
        if response.status_code == 200 and not response.get("Content-Type", "").startswith(("text/",
                                                                                             "application/json")):
            continue  # a spreadsheet template (the only file a host opens here): not text to search
        if response.status_code == 200:
            text = b"".join(response).decode() if response.streaming else response.content.decode()
            leaks += [f"{name} ({url}) shows {word!r}" for word in forbidden if word in text]
        elif expected and expected["host"] == 200 and response.status_code != 404 and "pk" in str(kwargs_for(shared)):
            leaks.append(f"{name} ({url}) answered {response.status_code}; an object not theirs should be 404")
    assert not leaks, "\n".join(leaks)
    # And the pages of its own share work.
    assert client.get(reverse("grants:staff_application", args=[shared["southwark_application"].pk])).status_code == 200
    assert client.get(reverse("grants:grant_manage", args=[shared["southwark_grant"].pk])).status_code == 200


def test_a_host_sees_only_its_own_share_on_the_programme_overview(shared, login_as):
    page = login_as(shared["southwark_staff"]).get(reverse("grants:programme_overview",
                                                           args=[shared["world"].programme.pk]))
    assert page.status_code == 200
    assert "Your share" in page.text
    assert "£30,000" in page.text and "£50,000" not in page.text
    assert shared["world"].other_group.name in page.text


def test_the_lead_sees_every_share(shared, login_as):
    world = shared["world"]
    client = login_as(world.host_staff)
    assert client.get(reverse("grants:staff_application", args=[shared["southwark_application"].pk])).status_code == 200
    assert client.get(reverse("grants:grant_manage", args=[shared["southwark_grant"].pk])).status_code == 200
    assert client.get(reverse("grants:round_detail", args=[shared["southwark_round"].pk])).status_code == 200
    listing = client.get(reverse("grants:staff_applications"))
    assert "Sign and share" in listing.text and "Under review for the walk" in listing.text
    overview = client.get(reverse("grants:programme_overview", args=[world.programme.pk]))
    assert "Healthwatch Southwark" in overview.text and "Healthwatch Lambeth" in overview.text
    assert "£80,000" in overview.text  # shared out: £50,000 + £30,000


def test_the_funder_sees_the_whole_programme_with_totals_per_host(shared, login_as):
    world = shared["world"]
    funder_staff = make_member(world.funder, Membership.Role.STAFF, name="Fiona Funder")
    page = login_as(funder_staff).get(reverse("grants:programme_overview", args=[world.programme.pk]))
    assert page.status_code == 200
    assert "Healthwatch Southwark" in page.text and "£50,000" in page.text and "£30,000" in page.text
    # Funder staff read totals; they do not run rounds.
    assert login_as(funder_staff).get(reverse("grants:round_detail", args=[world.round.pk])).status_code == 403


def test_a_delivery_partner_reads_the_programmes_groups_but_runs_nothing(shared, login_as):
    world = shared["world"]
    partner = make_org("Building Health Partnerships", "council")
    world.programme.delivery_partners.add(partner)
    partner_staff = make_member(partner, Membership.Role.STAFF, name="Pat Partner")
    client = login_as(partner_staff)
    page = client.get(reverse("grants:programme_overview", args=[world.programme.pk]))
    assert page.status_code == 200
    assert world.group.name in page.text and world.other_group.name in page.text
    assert client.get(reverse("grants:staff_applications")).status_code == 403


def test_a_council_that_hosts_a_share_is_run_by_council_staff(shared, login_as):
    world = shared["world"]
    council = make_org("Lambeth Council", "council")
    council_staff = make_member(council, Membership.Role.STAFF, name="Cleo Council")
    assert not has_capacity(council_staff, Capacity.HOST)  # a council's staff are not hosts by kind
    share = share_save(actor=world.host_staff, programme=world.programme, host=council, amount=Decimal("20000"))
    council_staff = type(council_staff).objects.get(pk=council_staff.pk)  # a new request: capacities again
    assert has_capacity(council_staff, Capacity.HOST)
    client = login_as(council_staff)
    opens, closes = timezone.localdate() - timedelta(days=1), timezone.localdate() + timedelta(days=30)
    response = client.post(reverse("grants:round_create", args=[world.programme.pk]), {
        "name": "Building Trust listening events", "budget": "20000", "min_award": "250", "max_award": "2000",
        "opens_on_0": opens.day, "opens_on_1": opens.month, "opens_on_2": opens.year, "opens_time": "09:00",
        "closes_on_0": closes.day, "closes_on_1": closes.month, "closes_on_2": closes.year, "closes_time": "17:00",
        "published": "on", "report_due_days": "365"})
    assert response.status_code == 302
    rnd = share.rounds.get()
    assert client.get(reverse("grants:round_detail", args=[rnd.pk])).status_code == 200
    application = make_draft(world, rnd=rnd, title="Trust in maternity care")
    listing = client.get(reverse("grants:staff_applications"))
    assert application.reference in listing.text
    assert "Under review for the walk" not in listing.text  # the lead's share is not the council's
    assert client.get(reverse("grants:round_detail", args=[world.round.pk])).status_code == 404
