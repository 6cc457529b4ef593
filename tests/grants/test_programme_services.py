"""A programme's money at three levels: shares within the programme's budget, rounds within their share, awards
within their round; each rule holds when two people save at the same moment (on real PostgreSQL).

Each concurrent test was checked by deleting its lock once (the ``select_for_update`` on the programme row
in ``share_save``, on the share row in ``round_save``): both racers then succeeded and the test failed.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection

from grants.forms.staff import RoundForm
from grants.models import ProgrammeShare, Round
from grants.services.programmes import programme_save, round_save, share_save
from tests.factories import make_org
from tests.grants.factories import make_grant, make_shared_programme, round_post

pytestmark = pytest.mark.django_db


def _round_data(name: str, budget: str) -> dict:
    form = RoundForm(round_post(name=name, budget=budget, max_award=str(min(Decimal(budget), Decimal(5000)))))
    assert form.is_valid(), form.errors
    return form.cleaned_data


def _race(*calls: Callable[[], object]) -> list[str]:
    """Run the calls at the same moment, each on its own database connection; "ok" or the refusal of each."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        close_old_connections()
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_a_share_that_would_take_the_shares_past_the_programmes_budget_is_refused(world):
    shared = make_shared_programme(world)  # £99,000, three shares of £20,000: £39,000 not yet shared out
    newham = make_org("Healthwatch Newham", "host")
    with pytest.raises(ValidationError, match=re.escape("only £39,000.00 of £99,000.00 is not yet shared out")):
        share_save(actor=world.host_staff, programme=shared.programme, host=newham, amount=Decimal("39000.01"))
    share = share_save(actor=world.host_staff, programme=shared.programme, host=newham, amount=Decimal("39000"))
    assert share.amount == Decimal("39000")


def test_only_the_lead_organisation_gives_out_shares(world):
    shared = make_shared_programme(world)
    with pytest.raises(PermissionDenied):
        share_save(actor=shared.southwark_staff, programme=shared.programme, share=shared.southwark_share,
                   host=shared.southwark, amount=Decimal("39000"))


def test_a_share_cannot_fall_below_the_budgets_of_its_rounds(world):
    shared = make_shared_programme(world)  # Southwark's round has £15,000
    with pytest.raises(ValidationError, match=re.escape("rounds already have budgets of £15,000.00")):
        share_save(actor=world.host_staff, programme=shared.programme, share=shared.southwark_share,
                   host=shared.southwark, amount=Decimal("14999"))


def test_the_programmes_budget_cannot_fall_below_its_shares(world):
    shared = make_shared_programme(world)
    data = {"name": shared.programme.name, "description": "", "funder": world.funder, "lead": world.host,
            "budget": Decimal("59999"), "starts_on": shared.programme.starts_on, "ends_on": shared.programme.ends_on}
    with pytest.raises(ValidationError, match=re.escape("shares already hold £60,000.00")):
        programme_save(actor=world.host_staff, programme=shared.programme, data=data)


def test_a_round_that_would_take_its_share_past_the_share_is_refused(world):
    shared = make_shared_programme(world)  # Southwark: £20,000 share, £15,000 in a round
    with pytest.raises(ValidationError, match=re.escape("would overspend Healthwatch Southwark's share: only £5,000.00")):
        round_save(actor=shared.southwark_staff, programme=shared.programme, data=_round_data("Extra", "5000.01"))
    rnd = round_save(actor=shared.southwark_staff, programme=shared.programme, data=_round_data("Extra", "5000"))
    assert rnd.share == shared.southwark_share


def test_a_round_budget_cannot_fall_below_what_it_has_awarded(world):
    make_grant(world, amount="2000")
    with pytest.raises(ValidationError, match=re.escape("already awarded £2,000.00")):
        round_save(actor=world.host_staff, programme=world.programme, round=world.round,
                   data=_round_data("2026 Spring round", "1999"))


def test_a_host_cannot_open_a_round_in_another_hosts_share(world):
    shared = make_shared_programme(world)
    with pytest.raises(PermissionDenied):
        round_save(actor=shared.southwark_staff, programme=shared.programme, share=shared.lead_share,
                   data=_round_data("Not mine", "1000"))


def test_the_lead_must_say_whose_share_a_new_round_spends(world):
    shared = make_shared_programme(world)
    with pytest.raises(ValidationError, match="Choose which host's share"):
        round_save(actor=world.host_staff, programme=shared.programme, data=_round_data("Whose?", "1000"))
    rnd = round_save(actor=world.host_staff, programme=shared.programme, share=shared.council_share,
                     data=_round_data("For the council", "1000"))
    assert rnd.share == shared.council_share


def test_a_council_that_hosts_a_share_runs_its_rounds(world):
    shared = make_shared_programme(world)
    rnd = round_save(actor=shared.council_staff, programme=shared.programme, data=_round_data("Building Trust", "5000"))
    assert (rnd.share, rnd.programme) == (shared.council_share, shared.programme)


def test_a_new_programme_gets_one_share_for_its_lead(world):
    data = {"name": "Carers Say", "description": "", "funder": world.funder, "lead": world.host,
            "budget": Decimal("130000"), "starts_on": world.programme.starts_on, "ends_on": world.programme.ends_on}
    programme = programme_save(actor=world.host_staff, data=data)
    assert [(s.host, s.amount) for s in programme.shares.all()] == [(world.host, Decimal("130000"))]


@pytest.mark.django_db(transaction=True)
def test_two_shares_added_at_once_that_together_overspend_the_programme_refuse_one(world):
    assert connection.vendor == "postgresql"
    shared = make_shared_programme(world)  # £39,000 not yet shared out
    newham, bexley = make_org("Healthwatch Newham", "host"), make_org("Healthwatch Bexley", "host")
    outcomes = _race(*(
        (lambda h=h: share_save(actor=world.host_staff, programme=shared.programme, host=h, amount=Decimal("25000")))
        for h in (newham, bexley)))
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert "would overspend the programme" in next(o for o in outcomes if o != "ok")
    assert sum(s.amount for s in ProgrammeShare.objects.filter(programme=shared.programme)) == Decimal("85000")


@pytest.mark.django_db(transaction=True)
def test_two_rounds_opened_at_once_that_together_overspend_the_share_refuse_one(world):
    assert connection.vendor == "postgresql"
    shared = make_shared_programme(world)  # the council's £20,000 share has no rounds yet
    outcomes = _race(*(
        (lambda n=n: round_save(actor=shared.council_staff, programme=shared.programme,
                                data=_round_data(f"Council round {n}", "12000")))
        for n in (1, 2)))
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert "would overspend Lewisham Council's share" in next(o for o in outcomes if o != "ok")
    assert Round.objects.filter(share=shared.council_share).count() == 1
