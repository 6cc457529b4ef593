"""The group reads the grant agreement and accepts it on behalf of the group."""
from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from grants.models import Grant
from grants.services.grants import grant_accept
from tests.grants.factories import make_active, make_grant


def test_the_agreement_lists_the_rounds_conditions_and_asks_for_a_signature(world, as_group):
    grant = make_grant(world)
    page = as_group.get(reverse("grants:grant_accept", args=[grant.pk])).content.decode()
    assert "A member of the group attends Thinking Partners" in page
    assert "I accept the grant agreement and its conditions on behalf of Brixton Elders Lunch Club" in page
    assert "Your full name" in page


def test_accepting_without_ticking_the_box_explains_what_to_do(world, as_group):
    grant = make_grant(world)
    response = as_group.post(reverse("grants:grant_accept", args=[grant.pk]), {"signature": "Grace Member"})
    assert response.status_code == 400
    assert "Tick the box to accept the agreement on behalf of your group" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.OFFERED


def test_accepting_activates_the_grant_sets_the_report_due_date_and_tells_host_staff(
        world, as_group, mailoutbox, django_capture_on_commit_callbacks):
    grant = make_grant(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_group.post(reverse("grants:grant_accept", args=[grant.pk]),
                                 {"confirm": "on", "signature": "Grace Member"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE
    assert grant.accepted_by == world.group_member
    assert grant.report_due == timezone.localdate() + timedelta(days=world.round.report_due_days)
    assert mailoutbox[-1].to == [world.host_staff.email]
    assert "accepted" in mailoutbox[-1].subject
    assert grant.events.filter(to_status=Grant.Status.ACTIVE).count() == 1


def test_accepting_twice_changes_nothing(world):
    grant = make_active(world)
    accepted_at = grant.accepted_at
    again = grant_accept(actor=world.group_member, grant=grant)
    assert again.accepted_at == accepted_at
    assert grant.events.filter(to_status=Grant.Status.ACTIVE).count() == 1


def test_the_accept_page_of_an_accepted_grant_goes_back_to_the_grant(world, as_group):
    grant = make_active(world)
    response = as_group.get(reverse("grants:grant_accept", args=[grant.pk]))
    assert response.status_code == 302
    assert response.url == reverse("grants:grant_detail", args=[grant.pk])


def test_another_group_gets_404_on_every_grant_page(world, as_other_group):
    grant = make_grant(world)
    for name in ("grant_detail", "grant_accept", "grant_report"):
        assert as_other_group.get(reverse(f"grants:{name}", args=[grant.pk])).status_code == 404
    response = as_other_group.post(reverse("grants:grant_accept", args=[grant.pk]),
                                   {"confirm": "on", "signature": "Omar"})
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.status == Grant.Status.OFFERED


def test_host_staff_cannot_use_the_group_pages_and_groups_cannot_use_the_staff_pages(world, as_host, as_group):
    grant = make_grant(world)
    assert as_host.get(reverse("grants:grant_detail", args=[grant.pk])).status_code == 403
    assert as_group.get(reverse("grants:grant_manage", args=[grant.pk])).status_code == 403


def test_the_grant_page_shows_amount_conditions_payments_and_report_due(world, as_group):
    grant = make_active(world)
    page = as_group.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    assert "£2,000.00" in page
    assert "Not yet met (0 of 2)" in page
    assert "£1,000.00" in page  # each of the two instalments
    assert f"{grant.report_due:%-d %B %Y}" in page
    assert "Agreement accepted on behalf of Brixton Elders Lunch Club by Grace Member" in page
