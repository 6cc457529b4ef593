"""The grants demo tells a story with dates that make sense, every state visible, and its own figures per group."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants import exports
from grants.models import (
    Application,
    ApplicationEvent,
    ApplicationVersion,
    Grant,
    GrantEvent,
    MonitoringReport,
    Payment,
    Review,
)
from grassroots.accounts.demo import DEMO_PASSWORD
from grassroots.accounts.models import Organisation
from tests.grants.test_export_grants import _validator


@pytest.fixture
def demo(db, settings) -> str:
    """Seeds the demo; answers what ``seed_demo`` printed (the logins)."""
    settings.GIVING360_PREFIX = "360G-grassrootsdemo"
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def test_the_demo_reads_true(demo):
    """One seeding, checked several ways (seeding takes a while, so the checks share it)."""
    now = timezone.now()
    today = timezone.localdate()

    # Awards are what the group asked for, unless the decision says why not.
    grants = list(Grant.objects.select_related("application", "application__decision"))
    assert len({g.amount for g in grants}) > 3
    for grant in grants:
        if grant.amount != grant.application.amount_requested:
            assert grant.application.decision.reason, grant

    # Nothing happened in the future, and each step came after the one it depends on.
    assert not ApplicationEvent.objects.filter(at__gt=now).exists()
    assert not GrantEvent.objects.filter(at__gt=now).exists()
    assert not Payment.objects.filter(paid_on__gt=today).exists()
    assert not Application.objects.filter(submitted_at__lt=F("created_at")).exists()
    for grant in grants:
        assert grant.awarded_at > grant.application.submitted_at, grant
        if grant.accepted_at:
            assert grant.accepted_at > grant.awarded_at, grant
    for payment in Payment.objects.filter(status=Payment.Status.PAID).select_related("grant"):
        assert payment.paid_on >= timezone.localdate(payment.grant.accepted_at), payment
    for review in Review.objects.exclude(submitted_at=None).select_related("application"):
        assert review.submitted_at > review.application.submitted_at

    # Every state can be seen.
    assert set(Application.objects.values_list("status", flat=True)) == set(Application.Status.values)
    assert set(Grant.objects.values_list("status", flat=True)) == set(Grant.Status.values)
    assert set(MonitoringReport.objects.values_list("status", flat=True)) == set(MonitoringReport.Status.values)

    # Each report has its own figures.
    figures = list(MonitoringReport.objects.exclude(submitted_at=None)
                   .values_list("sessions_held", "people_reached", "conversations", "amount_spent"))
    assert len(figures) >= 3
    assert len(set(figures)) == len(figures)


def test_a_returned_and_resubmitted_application_has_two_versions_to_compare(demo):
    resubmitted = Application.objects.get(version=2, status=Application.Status.SUBMITTED)
    first, second = ApplicationVersion.objects.filter(application=resubmitted).order_by("number")
    assert first.snapshot["amount_requested"] == "3600.00" and second.snapshot["amount_requested"] == "3000.00"
    assert first.submitted_at < second.submitted_at
    assert resubmitted.events.filter(to_status=Application.Status.RETURNED).exists()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "hana.okafor@healthwatchlambeth.example.org",
                                            "password": DEMO_PASSWORD})
    page = client.get(reverse("grants:application_versions", args=[resubmitted.pk])).content.decode()
    assert "£3,600" in page and "£3,000" in page


def test_self_registered_groups_wait_in_their_hosts_new_groups_list(demo):
    assert Organisation.objects.filter(status=Organisation.Status.PENDING).count() >= 3
    assert Organisation.objects.filter(status=Organisation.Status.DECLINED).exists()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "hana.okafor@healthwatchlambeth.example.org",
                                            "password": DEMO_PASSWORD})
    page = client.get(reverse("accounts:new_group_list")).content.decode()
    assert "Tulse Hill Tamil Mothers" in page
    assert "Peckham Rye Recovery Walkers" not in page  # Southwark's, not Lambeth's


def test_the_demo_grants_export_as_valid_360giving_with_funder_ids_and_postcodes(demo):
    grants = list(Grant.objects.select_related("round__programme__funder", "organisation", "application")
                  .prefetch_related("organisation__areas", "round__programme__areas"))
    package = json.loads(exports.dumps_360(exports.package_360(grants)))
    assert not list(_validator().iter_errors(package))
    # Each programme's grants name its own funder: the ICB, NHS England, the council.
    assert {(g["grantProgramme"][0]["title"], g["fundingOrganization"][0]["id"]) for g in package["grants"]} == {
        ("Seldom Heard Voices", "GB-NHS-QKK"), ("South East London Grassroots Fund", "GB-NHS-X24"),
        ("Building Trust", "GB-LAE-LEW")}
    assert all(g["recipientOrganization"][0].get("postalCode") for g in package["grants"])


def test_the_demo_holds_the_three_programmes_as_they_were(demo):
    from decimal import Decimal

    from grants.models import Programme
    from grants.selectors.programmes import programme_totals
    from grassroots.accounts.models import User

    borough, regional, trust = (Programme.objects.get(name=n) for n in (
        "Seldom Heard Voices", "South East London Grassroots Fund", "Building Trust"))
    # The regional fund: £99,000 from NHS England, five Healthwatch shares, each running its own round.
    assert (regional.funder.name, regional.budget) == ("NHS England — London Region", Decimal("99000"))
    assert sorted(s.host.name for s in regional.shares.all()) == [
        "Healthwatch Bexley", "Healthwatch Greenwich", "Healthwatch Lambeth", "Healthwatch Lewisham",
        "Healthwatch Southwark"]
    assert all(s.rounds.count() == 1 for s in regional.shares.all())
    # The borough project: one Healthwatch for the ICB, five financial years, £130,000 across its rounds.
    assert (borough.funder.name, borough.lead.name, borough.budget) == (
        "NHS South East London ICB", "Healthwatch Lambeth", Decimal("130000"))
    assert borough.ends_on.year - borough.starts_on.year == 5 and borough.rounds.count() >= 5
    assert all(r.conditions.filter(title__contains="Thinking Partners").exists() for r in borough.rounds.all())
    hana = User.objects.get(email="hana.okafor@healthwatchlambeth.example.org")
    totals = programme_totals(hana, borough)
    assert totals.repeat_grants > 0 and len(totals.years) >= 5  # a round in each of five financial years
    borough_grants = Grant.objects.filter(round__programme=borough)
    assert borough_grants.values("organisation").distinct().count() >= 40  # "40+ groups"
    awarded = sum(g.amount for g in borough_grants)
    assert Decimal("120000") <= awarded <= borough.budget  # about £130,000, never over the budget
    assert sum(r.budget for r in borough.rounds.all()) <= borough.budget
    assert all(g.conditions.filter(title__contains="Thinking Partners").exists() for g in borough_grants)
    # Building Trust: hosted by the council, whose staff run it; a delivery partner reads it.
    assert (trust.lead.name, [s.host.name for s in trust.shares.all()]) == ("Lewisham Council", ["Lewisham Council"])
    assert trust.delivery_partners.filter(name="Building Health Partnerships").exists()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "nadia.campbell@lewisham-council.example.org",
                                            "password": DEMO_PASSWORD})
    page = client.get(reverse("grants:programme_list")).content.decode()
    assert "Listening events 2026" in page and "2026 Spring round" not in page
    # A share's host sees its own share only; the lead sees all five.
    client = Client()
    client.post(reverse("accounts:login"), {"username": "priya.shah@healthwatchlewisham.example.org",
                                            "password": DEMO_PASSWORD})
    page = client.get(reverse("grants:programme_overview", args=[regional.pk])).content.decode()
    assert "Healthwatch Lewisham" in page and "Healthwatch Bexley" not in page
    # Funder staff and delivery partners reach the programme from the navigation, and its groups from there.
    client = Client()
    client.post(reverse("accounts:login"), {"username": "joy.adebayo@buildinghealth.example.org",
                                            "password": DEMO_PASSWORD})
    listing = client.get(reverse("grants:programme_overviews")).content.decode()
    assert "Building Trust" in listing and "Seldom Heard Voices" not in listing
    overview = client.get(reverse("grants:programme_overview", args=[trust.pk])).content.decode()
    assert "/groups/" in overview


def test_the_readme_lists_the_logins_seed_demo_prints(demo):
    """The README's demo logins table is the list seed_demo prints: every host of the three programmes is in both."""
    import re
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    table = re.findall(r"^\| [^|]+ \| `([^`]+@[^`]+)` \|$", readme, flags=re.MULTILINE)
    printed = re.findall(r"(\S+@\S+\.example\.org)", demo)
    assert table == printed
    for host in ("hana.okafor@healthwatchlambeth", "sam.obi@healthwatchsouthwark",
                 "priya.shah@healthwatchlewisham", "nadia.campbell@lewisham-council"):
        assert any(email.startswith(host) for email in table)
