"""A programme's money at three levels: the programme's budget, each host's share, each round's budget.

The shares never exceed the programme's budget, a share's rounds never exceed the share, and (in
``decisions.grant_award``) a round's awards never exceed the round. Each rule is checked under a lock on
the row above, always taken top-down (programme, then share, then round) so two writers never deadlock.
simple_history records every change, with the actor as its user.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from grants.access import may_host, may_lead_programme, may_run_share, require, shares_for_staff
from grants.models import Grant, Programme, ProgrammeShare, Round
from grants.services.common import TransitionError
from grassroots.accounts.models import Area, Organisation, User

PROGRAMME_FIELDS = ("name", "description", "funder", "lead", "budget", "starts_on", "ends_on")
ROUND_FIELDS = ("name", "description", "budget", "min_award", "max_award", "opens_at", "closes_at", "published",
                "report_due_days", "applications_per_group")
ZERO = Decimal("0")


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def shares_total(programme: Programme, *, excluding: ProgrammeShare | None = None) -> Decimal:
    qs = ProgrammeShare.objects.filter(programme=programme)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.aggregate(total=Sum("amount"))["total"] or ZERO


def rounds_total(share: ProgrammeShare, *, excluding: Round | None = None) -> Decimal:
    qs = Round.objects.filter(share=share)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.aggregate(total=Sum("budget"))["total"] or ZERO


def programme_save(*, actor: User, programme: Programme | None = None, data: Mapping[str, Any],
                   commissioners: Iterable[Organisation] = (), areas: Iterable[Area] = (),
                   delivery_partners: Iterable[Organisation] = ()) -> Programme:
    """Create a programme (``programme`` None) with one share, for its lead, worth the whole budget; or change
    one. Its budget can never fall below what its shares already hold."""
    with transaction.atomic():
        if programme is None:
            require(may_host(actor, data["lead"]))
            programme = Programme(**{f: data[f] for f in PROGRAMME_FIELDS})
            programme._history_user = actor  # type: ignore[attr-defined]
            programme.save()
            share = ProgrammeShare(programme=programme, host=programme.lead, amount=programme.budget)
            share._history_user = actor  # type: ignore[attr-defined]
            share.save()
            share.areas.set(list(areas))
        else:
            require(may_lead_programme(actor, programme))
            programme = Programme.objects.select_for_update(no_key=True).get(pk=programme.pk)
            held = shares_total(programme)
            if data["budget"] < held:
                raise TransitionError(f"The programme's shares already hold {_money(held)}, so its budget cannot "
                                      f"be less than that. Reduce a share first.")
            for f in PROGRAMME_FIELDS:
                setattr(programme, f, data[f])
            programme._history_user = actor  # type: ignore[attr-defined]
            programme.save(update_fields=[f"{f}_id" if f in ("funder", "lead") else f for f in PROGRAMME_FIELDS])
        programme.commissioners.set(list(commissioners))
        programme.delivery_partners.set(list(delivery_partners))
        programme.areas.set(list(areas))
    return programme


def share_save(*, actor: User, programme: Programme, share: ProgrammeShare | None = None, host: Organisation,
               amount: Decimal, areas: Iterable[Area] = ()) -> ProgrammeShare:
    """Give a host a share of the programme, or change one. Refused if the shares would come to more than the
    programme's budget, even when two people add shares at once, or if a share would fall below its rounds."""
    require(may_lead_programme(actor, programme))
    if amount < 0:
        raise TransitionError("A share cannot be less than £0.")
    with transaction.atomic():
        # Every share of a programme queues on the programme's row, so the sum below cannot go stale.
        locked = Programme.objects.select_for_update(no_key=True).get(pk=programme.pk)
        if share is not None:
            share = ProgrammeShare.objects.select_for_update(of=("self",), no_key=True).select_related("host").get(
                pk=share.pk, programme=locked)
            host = share.host
            committed = rounds_total(share)
            if amount < committed:
                raise TransitionError(f"{host.name}'s rounds already have budgets of {_money(committed)}, so its "
                                      f"share cannot be less than that.")
        elif ProgrammeShare.objects.filter(programme=locked, host=host).exists():
            raise TransitionError(f"{host.name} already has a share of {locked.name}; change that share instead.")
        available = locked.budget - shares_total(locked, excluding=share)
        if amount > available:
            raise TransitionError(f"A share of {_money(amount)} for {host.name} would overspend the programme: only "
                                  f"{_money(available)} of {_money(locked.budget)} is not yet shared out.")
        if share is None:
            share = ProgrammeShare(programme=locked, host=host, amount=amount)
            share._history_user = actor  # type: ignore[attr-defined]
            share.save()
        elif share.amount != amount:
            share.amount = amount
            share._history_user = actor  # type: ignore[attr-defined]
            share.save(update_fields=["amount"])
        share.areas.set(list(areas))
    return share


def round_save(*, actor: User, programme: Programme, round: Round | None = None, data: Mapping[str, Any],
               share: ProgrammeShare | None = None) -> Round:
    """Create or change a round in a host's share. The form has already checked min ≤ max ≤ budget and the dates.

    A new round goes into ``share``, or, when none is given, the one share of the programme the actor runs.
    Refused if the share's rounds would come to more than the share, even when two rounds are saved at once,
    or if a round's budget would fall below what it has already awarded.
    """
    if round is not None:
        share = round.share
    elif share is None:
        mine = list(shares_for_staff(actor).filter(programme=programme)[:2])
        if len(mine) != 1:
            raise TransitionError("Choose which host's share this round spends.")
        share = mine[0]
    if share.programme_id != programme.pk:
        raise TransitionError("That share belongs to another programme.")
    require(may_run_share(actor, share))
    with transaction.atomic():
        # Every round of a share queues on the share's row; awards queue on the round's row (taken second).
        locked_share = (ProgrammeShare.objects.select_for_update(of=("self",), no_key=True).select_related("host")
                        .get(pk=share.pk))
        budget = data["budget"]
        available = locked_share.amount - rounds_total(locked_share, excluding=round)
        if budget > available:
            raise TransitionError(f"A budget of {_money(budget)} would overspend {locked_share.host.name}'s share: "
                                  f"only {_money(available)} of {_money(locked_share.amount)} is not yet in a round.")
        if round is None:
            round = Round(programme=programme, share=locked_share, **{f: data[f] for f in ROUND_FIELDS})
            round._history_user = actor  # type: ignore[attr-defined]
            round.save()
            return round
        round = Round.objects.select_for_update(no_key=True).get(pk=round.pk, programme=programme)
        awarded = Grant.objects.filter(round=round).aggregate(total=Sum("amount"))["total"] or ZERO
        if budget < awarded:
            raise TransitionError(f"This round has already awarded {_money(awarded)}, so its budget cannot be "
                                  "less than that.")
        for f in ROUND_FIELDS:
            setattr(round, f, data[f])
        round._history_user = actor  # type: ignore[attr-defined]
        round.save(update_fields=list(ROUND_FIELDS))
    return round

