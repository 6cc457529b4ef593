"""The budget rule on real PostgreSQL: two awards at the same moment that together would overspend."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from grants.models import Application, Grant
from grants.services.decisions import application_decline, grant_award
from tests.grants.factories import make_under_review


def test_an_award_creates_the_grant_with_conditions_instalments_and_an_email(
        world, mailoutbox, django_capture_on_commit_callbacks):
    application = make_under_review(world)
    with django_capture_on_commit_callbacks(execute=True):
        grant = grant_award(actor=world.commissioner, application=application, amount=Decimal("2000"))
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    assert grant.amount == Decimal("2000")
    assert [c.title for c in grant.conditions.all()] == ["A member of the group attends Thinking Partners"]
    assert sum(p.amount for p in grant.payments.all()) == Decimal("2000")
    assert "has been funded" in mailoutbox[-1].subject


def test_an_award_cannot_be_more_than_was_asked(world):
    application = make_under_review(world, amount="1000")
    with pytest.raises(ValidationError, match="cannot be more than that"):
        grant_award(actor=world.commissioner, application=application, amount=Decimal("1500"))


def test_awarding_twice_returns_the_same_grant(world):
    application = make_under_review(world)
    first = grant_award(actor=world.commissioner, application=application, amount=Decimal("2000"))
    second = grant_award(actor=world.commissioner, application=application, amount=Decimal("2000"))
    assert first.pk == second.pk
    assert Grant.objects.count() == 1


def test_a_decline_needs_a_reason_and_tells_the_group(world, mailoutbox, django_capture_on_commit_callbacks):
    application = make_under_review(world)
    with pytest.raises(ValidationError):
        application_decline(actor=world.commissioner, application=application, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(actor=world.commissioner, application=application,
                            reason="The panel funded work in the same area.")
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert "same area" in mailoutbox[-1].body


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_awards_that_together_overspend_refuse_one(world):
    assert connection.vendor == "postgresql"
    world.round.budget = Decimal("5000")
    world.round.save(update_fields=["budget"])
    first = make_under_review(world, amount="3000", title="First")
    second = make_under_review(world, amount="3000", title="Second")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def award(application):
        close_old_connections()
        try:
            barrier.wait()
            grant_award(actor=world.commissioner, application=application, amount=Decimal("3000"))
            outcomes[application.title] = "awarded"
        except ValidationError as exc:
            outcomes[application.title] = " ".join(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=award, args=(a,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(o == "awarded" for o in outcomes.values()) == [False, True]
    refused = next(o for o in outcomes.values() if o != "awarded")
    assert "would overspend the round" in refused
    assert sum(g.amount for g in Grant.objects.all()) == Decimal("3000")
