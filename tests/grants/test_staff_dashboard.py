"""Host staff's dashboard panel: headline numbers for their programmes, in a fixed number of queries."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from grants import tallies
from grants.models import ApplicationCheck, Grant, Review
from grants.navigation import staff_panel
from tests.factories import make_round
from tests.grants.factories import bulk_applications, make_other_host

pytestmark = pytest.mark.django_db


def _panel(user):
    request = RequestFactory().get("/")
    request.user = user
    return staff_panel(request)


def test_it_counts_applications_checks_reviews_and_money(world, host_staff, commissioner):
    submitted = bulk_applications(world, 3, prefix="S")
    bulk_applications(world, 2, prefix="U", status="under_review")
    awarded = bulk_applications(world, 1, prefix="A", status="awarded")[0]
    bulk_applications(world, 4, prefix="D", status="draft")
    ApplicationCheck.objects.create(application=submitted[0], kind="eligibility", outcome="passed",
                                    checked_by=host_staff)
    Review.objects.create(application=submitted[1], reviewer=commissioner)
    tallies.rebuild()  # the check and review above bypassed the services that keep the counts
    Grant.objects.create(application=awarded, round=world.round, organisation=world.group, reference="G-1",
                         amount=Decimal("3000"))
    make_round(world.programme, open_now=False, name="Last year")  # closed: not in the open rounds
    _, _, _, other_round = make_other_host(world)
    bulk_applications(world, 5, prefix="E", rnd=other_round)  # another host's: not counted

    panel = _panel(host_staff)
    by_status = {s["value"]: s["count"] for s in panel["statuses"]}
    assert panel["total"] == 10
    assert (by_status["submitted"], by_status["under_review"], by_status["awarded"], by_status["draft"]) == (3, 2, 1, 4)
    assert panel["awaiting_check"] == 4  # 3 submitted + 2 under review, less the one checked
    assert panel["reviews_outstanding"] == 1
    assert [r.name for r in panel["open_rounds"]] == ["2026 Spring round"]
    rnd = panel["open_rounds"][0]
    assert (rnd.awarded, rnd.remaining) == (Decimal("3000"), Decimal("17000"))
    html = render_to_string("grants/staff/panel_dashboard.html", {"panel": panel})
    assert "£17,000" in html and "waiting for a check" in html


def test_it_takes_a_fixed_number_of_queries(world, host_staff, django_assert_max_num_queries):
    bulk_applications(world, 40, prefix="S")
    for n in range(3):
        make_round(world.programme, name=f"Extra {n}")
    with django_assert_max_num_queries(5):
        panel = _panel(host_staff)
        render_to_string("grants/staff/panel_dashboard.html", {"panel": panel})


def test_it_is_shown_on_the_staff_dashboard(as_host, world):
    response = as_host.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Your programmes" in response.text
    assert "waiting for a check" in response.text


def test_it_is_not_shown_to_group_members(as_group, world):
    assert "waiting for a check" not in as_group.get(reverse("dashboard")).text


def test_the_navigation_offers_staff_their_pages(as_host, as_group, world):
    html = as_host.get(reverse("dashboard")).text
    assert reverse("grants:staff_applications") in html and reverse("grants:programme_list") in html
    assert reverse("grants:staff_applications") not in as_group.get(reverse("dashboard")).text
