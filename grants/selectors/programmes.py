"""Reads for programmes: the staff list of programmes with their shares and rounds, and a programme's totals
per host and per financial year, in a fixed number of queries whatever the programme's size."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from grants.access import overview_programmes, sees_whole_programme, shares_for_staff, shares_read_by, staff_programmes
from grants.models import Grant, Payment, Programme, ProgrammeShare, Round

ZERO = Decimal("0")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


def staff_programme_rows(user: Any) -> QuerySet[Programme]:
    """The programmes a user runs, each with only the shares they run (all of them for the lead) and their
    rounds: three queries."""
    rounds = Round.objects.order_by("-opens_at", "name")
    shares = (shares_for_staff(user).select_related("host").order_by("host__name")
              .prefetch_related(Prefetch("rounds", queryset=rounds)))
    return (staff_programmes(user).select_related("funder", "lead")
            .prefetch_related(Prefetch("shares", queryset=shares, to_attr="my_shares")))


def visible_shares(user: Any, programme: Programme) -> QuerySet[ProgrammeShare]:
    """Every share for the lead, the funder and delivery partners; a host's own share for a host."""
    return shares_read_by(user, programme)


def overview_programme_rows(user: Any) -> QuerySet[Programme]:
    """Every programme whose overview this user reads (as lead, host, funder or delivery partner): one query."""
    return overview_programmes(user).select_related("funder", "lead").order_by("-starts_on", "name")


def programme_group_grants(user: Any, programme: Programme, group: Any) -> QuerySet[Grant]:
    """One funded group's grants in the shares this reader sees, newest first: one query."""
    return (Grant.objects.filter(round__share__in=shares_read_by(user, programme).values("pk"), organisation=group)
            .select_related("round", "round__share__host").order_by("-awarded_at"))


def financial_year(field_name: str) -> Case:
    """The UK financial year (April to March) a date or time falls in, as the year it starts."""
    year = ExtractYear(field_name)
    return Case(When(**{f"{field_name}__month__lt": 4}, then=year - 1), default=year, output_field=IntegerField())


def year_label(start: int) -> str:
    return f"{start}–{str(start + 1)[-2:]}"


@dataclass
class ProgrammeTotals:
    budget: Decimal
    shared: Decimal = ZERO
    in_rounds: Decimal = ZERO
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    grants: int = 0
    groups: int = 0
    repeat_groups: int = 0
    repeat_grants: int = 0
    shares: list[ProgrammeShare] = field(default_factory=list)
    years: list[dict[str, Any]] = field(default_factory=list)
    whole: bool = True

    @property
    def remaining(self) -> Decimal:
        """What is not yet awarded, out of the budget the reader sees (the programme's, or their share)."""
        return (self.budget if self.whole else self.shared) - self.awarded


def programme_totals(user: Any, programme: Programme) -> ProgrammeTotals:
    """Budget, shared out, in rounds, awarded, paid and remaining, per host and per financial year; groups funded,
    distinct across years, and repeat grants. Six queries, whatever the number of rounds and grants."""
    shares_qs = visible_shares(user, programme)
    grants = Grant.objects.filter(round__share__in=shares_qs.values("pk"))
    paid = Payment.objects.filter(grant__in=grants.values("pk"), status=Payment.Status.PAID)
    by_share = (
        shares_qs.select_related("host").order_by("host__name")
        .annotate(
            in_rounds=Coalesce(Subquery(Round.objects.filter(share=OuterRef("pk")).values("share")
                                        .annotate(t=Sum("budget")).values("t"), output_field=_MONEY),
                               Value(ZERO), output_field=_MONEY),
            awarded=Coalesce(Subquery(Grant.objects.filter(round__share=OuterRef("pk")).values("round__share")
                                      .annotate(t=Sum("amount")).values("t"), output_field=_MONEY),
                             Value(ZERO), output_field=_MONEY),
            paid=Coalesce(Subquery(Payment.objects.filter(grant__round__share=OuterRef("pk"),
                                                          status=Payment.Status.PAID)
                                   .values("grant__round__share").annotate(t=Sum("amount")).values("t"),
                                   output_field=_MONEY), Value(ZERO), output_field=_MONEY),
            grant_count=Coalesce(Subquery(Grant.objects.filter(round__share=OuterRef("pk")).values("round__share")
                                          .annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                                 Value(0)),
            groups=Coalesce(Subquery(Grant.objects.filter(round__share=OuterRef("pk")).values("round__share")
                                     .annotate(n=Count("organisation", distinct=True)).values("n"),
                                     output_field=IntegerField()), Value(0)),
        )
    )
    shares: list[ProgrammeShare] = list(by_share)
    for share in shares:
        share.remaining = share.amount - share.awarded  # type: ignore[attr-defined]
    awarded_years: dict[int, dict[str, Any]] = {
        row["fy"]: dict(row) for row in grants.annotate(fy=financial_year("awarded_at")).values("fy")
        .annotate(awarded=Sum("amount"), grants=Count("pk"), groups=Count("organisation", distinct=True))
    }
    paid_years = {row["fy"]: row["paid"] for row in paid.annotate(fy=financial_year("paid_on")).values("fy")
                  .annotate(paid=Sum("amount"))}
    years = [
        {"label": year_label(fy), "awarded": awarded_years.get(fy, {}).get("awarded") or ZERO,
         "paid": paid_years.get(fy) or ZERO, "grants": awarded_years.get(fy, {}).get("grants", 0),
         "groups": awarded_years.get(fy, {}).get("groups", 0)}
        for fy in sorted(set(awarded_years) | set(paid_years))
    ]
    per_group = grants.order_by().values("organisation").annotate(n=Count("pk"))
    groups = per_group.aggregate(groups=Count("organisation"), repeat_groups=Count("organisation", filter=Q(n__gt=1)),
                                 grants=Sum("n"))
    totals = ProgrammeTotals(
        budget=programme.budget, shares=shares, years=years,
        whole=sees_whole_programme(user, programme),
        shared=sum((s.amount for s in shares), ZERO),
        in_rounds=sum((s.in_rounds for s in shares), ZERO),  # type: ignore[attr-defined]
        awarded=sum((s.awarded for s in shares), ZERO),  # type: ignore[attr-defined]
        paid=sum((s.paid for s in shares), ZERO),  # type: ignore[attr-defined]
        grants=groups["grants"] or 0, groups=groups["groups"] or 0, repeat_groups=groups["repeat_groups"] or 0,
    )
    totals.repeat_grants = totals.grants - totals.groups
    return totals


def programme_groups(user: Any, programme: Programme) -> QuerySet[Any]:
    """The groups funded in the shares this reader sees: grants, money and first and latest award. One query."""
    return (Grant.objects.filter(round__share__in=visible_shares(user, programme).values("pk"))
            .values("organisation_id", "organisation__name")
            .annotate(grants=Count("pk"), awarded=Sum("amount"), first=Min("awarded_at"), latest=Max("awarded_at"))
            .order_by("organisation__name"))
