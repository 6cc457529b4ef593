"""A programme's totals across hosts, rounds and years: budget, awarded, paid, remaining, groups funded
(distinct across years) and repeat grants, in a fixed number of queries; and exports name the right
funder, programme and host for every grant."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Grant, Payment
from grants.selectors.programmes import programme_totals
from grassroots.accounts.models import Organisation
from grassroots.jobs.models import Job
from tests.factories import make_round
from tests.grants.factories import make_grant, make_shared_programme

pytestmark = pytest.mark.django_db


def _on(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))  # noqa: DTZ001  (made aware in local time)


def _award_in(world, rnd, *, amount: str, when: datetime, organisation=None, actor=None) -> Grant:
    grant = make_grant(world, rnd=rnd, amount=amount, organisation=organisation or world.group,
                       actor=actor or world.group_member, title=f"Listening {rnd.name}")
    Grant.objects.filter(pk=grant.pk).update(awarded_at=when)
    return grant


@pytest.fixture
def five_years(world):
    """The borough project in miniature: one group funded in two financial years, another once; one payment made."""
    earlier = make_round(world.programme, name="2024 round", budget="10000")
    first = _award_in(world, earlier, amount="1000", when=_on(2025, 2, 1))  # financial year 2024 to 2025
    _award_in(world, world.round, amount="2000", when=_on(2025, 5, 1))  # 2025 to 2026: the same group again
    _award_in(world, world.round, amount="1500", when=_on(2025, 6, 1),
              organisation=world.other_group, actor=world.other_group_member)
    payment = first.payments.order_by("number").first()
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.PAID, paid_on=date(2025, 3, 1))
    return world


def test_totals_add_up_across_rounds_and_years(five_years, django_assert_max_num_queries):
    world = five_years
    with django_assert_max_num_queries(8):
        totals = programme_totals(world.host_staff, world.programme)
    assert (totals.budget, totals.awarded, totals.paid) == (Decimal("100000"), Decimal("4500"), Decimal("500"))
    assert totals.remaining == Decimal("95500")
    assert (totals.grants, totals.groups, totals.repeat_groups, totals.repeat_grants) == (3, 2, 1, 1)
    assert [(y["label"], y["grants"], y["groups"], y["awarded"], y["paid"]) for y in totals.years] == [
        ("2024–25", 1, 1, Decimal("1000"), Decimal("500")),
        ("2025–26", 2, 2, Decimal("3500"), Decimal("0")),
    ]
    [share] = totals.shares
    assert (share.in_rounds, share.awarded, share.groups) == (Decimal("30000"), Decimal("4500"), 2)


def test_a_host_gets_the_totals_of_its_own_share_and_the_lead_of_every_share(world):
    shared = make_shared_programme(world)
    make_grant(world, rnd=shared.lead_round, amount="2000")
    make_grant(world, rnd=shared.southwark_round, amount="1200", organisation=world.other_group,
               actor=world.other_group_member)
    mine = programme_totals(shared.southwark_staff, shared.programme)
    assert [s.host for s in mine.shares] == [shared.southwark]
    assert (mine.awarded, mine.remaining, mine.whole) == (Decimal("1200"), Decimal("18800"), False)
    everything = programme_totals(world.host_staff, shared.programme)
    assert {s.host for s in everything.shares} == {world.host, shared.southwark, shared.council}
    assert (everything.awarded, everything.shared, everything.remaining) == (
        Decimal("3200"), Decimal("60000"), Decimal("95800"))


def test_the_overview_page_shows_years_and_repeat_grants(five_years, as_host, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page = as_host.get(reverse("grants:programme_overview", args=[five_years.programme.pk]))
    assert page.status_code == 200
    assert "2024–25" in page.text and "2025–26" in page.text
    assert "1 to 1 group funded more than once" in page.text


def _export(client, name: str, django_capture_on_commit_callbacks) -> list[dict[str, str]]:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(f"grants:{name}"), {"format": "csv"})
    job = Job.objects.latest("pk")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    with job.result.open("rb") as f:
        return list(csv.DictReader(io.StringIO(f.read().decode("utf-8-sig"))))


def test_exports_name_the_funder_programme_and_host_of_every_grant_and_a_host_exports_only_its_share(
        world, login_as, as_host, django_capture_on_commit_callbacks, settings):
    settings.GIVING360_PREFIX = "360G-healthwatchlambeth"
    Organisation.objects.filter(pk=world.funder.pk).update(org_id="GB-GOR-PB9")
    shared = make_shared_programme(world)
    lead_grant = make_grant(world, rnd=shared.lead_round, amount="2000")
    southwark_grant = make_grant(world, rnd=shared.southwark_round, amount="1200", organisation=world.other_group,
                                 actor=world.other_group_member)
    rows = _export(as_host, "export_grants_csv", django_capture_on_commit_callbacks)
    by_ref = {r["Reference"]: r for r in rows}
    assert by_ref[southwark_grant.reference]["Run by"] == "Healthwatch Southwark"
    assert by_ref[lead_grant.reference]["Run by"] == "Healthwatch Lambeth"
    assert {by_ref[g.reference]["Funder"] for g in (lead_grant, southwark_grant)} == {"NHS England London"}
    assert {by_ref[g.reference]["Programme"] for g in (lead_grant, southwark_grant)} == {
        "South East London Grassroots Fund"}
    theirs = _export(login_as(shared.southwark_staff), "export_360giving", django_capture_on_commit_callbacks)
    assert [r["Identifier"] for r in theirs] == [f"360G-healthwatchlambeth-{southwark_grant.reference}"]
    assert theirs[0]["Funding Org:Identifier"] == "GB-GOR-PB9"
    assert theirs[0]["Funding Org:Name"] == "NHS England London"
    assert theirs[0]["Grant Programme:Title"] == "South East London Grassroots Fund"
