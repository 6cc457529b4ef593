"""Host staff set the instalment schedule and record payments; the balance follows."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.models import Payment
from grants.services.grants import payment_mark_paid, payment_schedule_set
from tests.grants.factories import make_active, make_grant


def _schedule(rows: list[tuple[date | None, str]]) -> dict[str, str]:
    data = {"schedule-TOTAL_FORMS": str(len(rows)), "schedule-INITIAL_FORMS": "0",
            "schedule-MIN_NUM_FORMS": "0", "schedule-MAX_NUM_FORMS": "12"}
    for i, (due, amount) in enumerate(rows):
        data.update({f"schedule-{i}-due_on_0": str(due.day) if due else "",
                     f"schedule-{i}-due_on_1": str(due.month) if due else "",
                     f"schedule-{i}-due_on_2": str(due.year) if due else "",
                     f"schedule-{i}-amount": amount})
    return data


def _paid(payment: Payment, on: date, reference: str = "BACS 991") -> dict[str, str]:
    p = f"pay-{payment.pk}"
    return {f"{p}-paid_on_0": str(on.day), f"{p}-paid_on_1": str(on.month), f"{p}-paid_on_2": str(on.year),
            f"{p}-reference": reference}


def test_a_schedule_that_does_not_add_up_is_refused_with_the_difference(world, as_host):
    grant = make_grant(world)
    response = as_host.post(reverse("grants:grant_schedule", args=[grant.pk]),
                            _schedule([(date(2026, 7, 1), "500"), (date(2026, 12, 1), "1000"), (None, "")]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The instalments add up to £1,500.00 but the grant is £2,000.00 (£500.00 more is needed)." in page
    assert 'value="500"' in page  # what was typed is kept
    assert sorted(p.amount for p in grant.payments.all()) == [Decimal("1000.00"), Decimal("1000.00")]


def test_a_schedule_that_adds_up_replaces_the_unpaid_instalments(world, as_host):
    grant = make_grant(world)
    response = as_host.post(reverse("grants:grant_schedule", args=[grant.pk]), _schedule(
        [(date(2026, 7, 1), "500"), (date(2026, 9, 1), "700"), (date(2026, 12, 1), "800"), (None, "")]))
    assert response.status_code == 302
    assert [(p.number, p.amount) for p in grant.payments.all()] == [
        (1, Decimal("500.00")), (2, Decimal("700.00")), (3, Decimal("800.00"))]


def test_a_row_left_blank_removes_that_instalment(world, as_host):
    grant = make_grant(world)
    data = _schedule([(None, ""), (date(2026, 12, 1), "2000"), (None, "")])
    data["schedule-INITIAL_FORMS"] = "2"
    response = as_host.post(reverse("grants:grant_schedule", args=[grant.pk]), data)
    assert response.status_code == 302
    assert [(p.number, p.due_on, p.amount) for p in grant.payments.all()] == [(1, date(2026, 12, 1), Decimal("2000.00"))]


def test_an_amount_that_is_not_a_number_is_explained(world, as_host):
    grant = make_grant(world)
    response = as_host.post(reverse("grants:grant_schedule", args=[grant.pk]),
                            _schedule([(date(2026, 12, 1), "two thousand")]))
    assert response.status_code == 400
    assert "Amount must be an amount of money, like 250 or 249.50" in response.content.decode()


def test_paid_instalments_stay_as_they_are_when_the_schedule_changes(world):
    grant = make_active(world)
    first = grant.payments.get(number=1)
    payment_mark_paid(actor=world.host_staff, payment=first, paid_on=timezone.localdate())
    with pytest.raises(ValidationError, match=r"add up to £1,500.00 but the grant is £2,000.00"):
        payment_schedule_set(actor=world.host_staff, grant=grant, instalments=[(date(2026, 12, 1), Decimal("500"))])
    payment_schedule_set(actor=world.host_staff, grant=grant, instalments=[
        (date(2026, 10, 1), Decimal("400")), (date(2026, 12, 1), Decimal("600"))])
    payments = list(grant.payments.all())
    assert [(p.number, p.amount, p.status) for p in payments] == [
        (1, Decimal("1000.00"), "paid"), (2, Decimal("400.00"), "scheduled"), (3, Decimal("600.00"), "scheduled")]


def test_no_payment_can_be_recorded_before_the_agreement_is_accepted(world, as_host):
    grant = make_grant(world)
    payment = grant.payments.get(number=1)
    page = as_host.get(reverse("grants:grant_manage", args=[grant.pk])).content.decode()
    assert "Payments can be recorded once Brixton Elders Lunch Club has accepted the grant agreement." in page
    response = as_host.post(reverse("grants:payment_paid", args=[grant.pk, payment.pk]),
                            _paid(payment, timezone.localdate()))
    assert response.status_code == 400
    assert "has not accepted the grant agreement yet" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SCHEDULED


def test_marking_an_instalment_paid_shows_the_totals_and_balance(world, as_host, as_group):
    grant = make_active(world)
    payment = grant.payments.get(number=1)
    today = timezone.localdate()
    response = as_host.post(reverse("grants:payment_paid", args=[grant.pk, payment.pk]), _paid(payment, today))
    assert response.status_code == 302
    payment.refresh_from_db()
    assert (payment.status, payment.paid_on, payment.payment_reference) == (Payment.Status.PAID, today, "BACS 991")
    page = as_host.get(reverse("grants:grant_manage", args=[grant.pk])).content.decode()
    assert "Instalment 1 of £1,000.00 paid" in page
    assert "Still to pay" in page and "£1,000.00" in page
    assert "ref. BACS 991" in as_group.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()


def test_marking_paid_twice_records_it_once(world):
    grant = make_active(world)
    payment = grant.payments.get(number=1)
    today = timezone.localdate()
    payment_mark_paid(actor=world.host_staff, payment=payment, paid_on=today, reference="A")
    again = payment_mark_paid(actor=world.host_staff, payment=payment, paid_on=today - timedelta(days=3),
                              reference="B")
    assert (again.paid_on, again.payment_reference) == (today, "A")
    assert grant.events.filter(kind="payment").count() == 1


def test_staff_of_another_host_get_404(world, login_as):
    from grassroots.accounts.models import Membership, Organisation
    from tests.factories import make_member

    other_host = Organisation.objects.get(name="Healthwatch Southwark")
    stranger = make_member(other_host, Membership.Role.STAFF)
    grant = make_active(world)
    client = login_as(stranger)
    assert client.get(reverse("grants:grant_manage", args=[grant.pk])).status_code == 404
    payment = grant.payments.first()
    assert client.post(reverse("grants:payment_paid", args=[grant.pk, payment.pk]),
                       _paid(payment, timezone.localdate())).status_code == 404
