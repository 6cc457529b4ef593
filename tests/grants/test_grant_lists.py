"""The group's and host staff's lists of grants, and the group's dashboard panel."""
from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from grants.models import Grant, MonitoringReport, Payment
from grants.navigation import grants_panel
from grants.services.grants import payment_mark_paid
from tests.grants.factories import make_active, make_grant


def _many(world, n: int) -> list[Grant]:
    """n grants without going through the whole application flow each time."""
    first = make_active(world)
    grants = [first]
    for i in range(n - 1):
        application = first.application
        application.pk = None
        application.reference = f"GR-X{i:03d}"
        application.save()
        grant = Grant.objects.create(application=application, round=world.round, organisation=world.group,
                                     reference=f"GRANT-X{i:03d}", amount=Decimal("500"), status=Grant.Status.ACTIVE)
        MonitoringReport.objects.create(grant=grant)
        Payment.objects.create(grant=grant, number=1, due_on=timezone.localdate(), amount=Decimal("500"),
                               status=Payment.Status.PAID, paid_on=timezone.localdate())
        grants.append(grant)
    return grants


def test_the_group_sees_its_own_grants_only(world, as_group, as_other_group):
    grant = make_grant(world)
    assert grant.reference in as_group.get(reverse("grants:my_grants")).content.decode()
    page = as_other_group.get(reverse("grants:my_grants")).content.decode()
    assert grant.reference not in page
    assert "Your group has no grants yet" in page


def test_the_group_list_does_not_grow_queries_with_rows(world, as_group, django_assert_max_num_queries):
    _many(world, 16)
    with django_assert_max_num_queries(8):
        response = as_group.get(reverse("grants:my_grants"))
    assert response.content.decode().count("GRANT-X") == 15


def test_staff_see_totals_and_can_filter_by_status(world, as_host):
    grants = _many(world, 3)
    payment_mark_paid(actor=world.host_staff, payment=grants[0].payments.get(number=1),
                      paid_on=timezone.localdate())
    page = as_host.get(reverse("grants:staff_grants")).content.decode()
    assert "£3,000.00" in page  # 2,000 + 500 + 500 awarded
    assert "£2,000.00" in page  # paid: 1,000 + 500 + 500
    offered = make_grant(world, title="Not accepted yet")
    page = as_host.get(reverse("grants:staff_grants"), {"status": "offered"}).content.decode()
    assert offered.reference in page
    assert grants[1].reference not in page


def test_the_staff_list_does_not_grow_queries_with_rows(world, as_host, django_assert_max_num_queries):
    _many(world, 16)
    with django_assert_max_num_queries(12):
        response = as_host.get(reverse("grants:staff_grants"))
    assert response.content.decode().count("GRANT-X") == 15


def test_staff_of_another_host_see_none_of_these_grants(world, login_as):
    from grassroots.accounts.models import Membership, Organisation
    from tests.factories import make_member

    grant = make_grant(world)
    stranger = make_member(Organisation.objects.get(name="Healthwatch Southwark"), Membership.Role.STAFF)
    page = login_as(stranger).get(reverse("grants:staff_grants")).content.decode()
    assert grant.reference not in page


def test_the_dashboard_panel_lists_grants_waiting_for_the_group(world, as_group, rf,
                                                                 django_assert_max_num_queries):
    offered = make_grant(world)
    page = as_group.get(reverse("dashboard")).content.decode()
    assert "Read and accept the grant agreement" in page
    assert reverse("grants:grant_accept", args=[offered.pk]) in page
    request = rf.get("/")
    request.user = world.group_member
    with django_assert_max_num_queries(3):
        panel = grants_panel(request)
    assert panel is not None and len(panel["items"]) == 1
