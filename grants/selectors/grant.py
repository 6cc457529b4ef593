"""Reads for awarded grants: compliance with conditions, payment totals, and the grant lists."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.access import grants_for_staff as access_grants_for_staff
from grants.access import group_grants
from grants.models import ConditionTemplate, Grant, GrantCondition, MonitoringReport, Payment

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class Compliance:
    condition: GrantCondition
    count: int
    required: int
    met: bool

    def __iter__(self) -> Iterator[Any]:
        return iter((self.condition, self.count, self.required, self.met))

    @property
    def label(self) -> str:
        return f"{'Met' if self.met else 'Not yet met'} ({min(self.count, self.required)} of {self.required})"


def _report_accepted(grant: Grant) -> bool:
    try:
        return grant.report.status == MonitoringReport.Status.ACCEPTED
    except MonitoringReport.DoesNotExist:
        return False


def condition_compliance(grant: Grant) -> list[Compliance]:
    """Each condition with the evidence counted against what it needs (two queries, however many conditions).

    A condition met by the end-of-grant report counts the accepted report as its evidence.
    """
    prefetched = "conditions" in getattr(grant, "_prefetched_objects_cache", {})
    conditions = grant.conditions.all() if prefetched else grant.conditions.prefetch_related("evidence")
    out = []
    for condition in conditions:
        if condition.evidence_kind == ConditionTemplate.EvidenceKind.REPORT:
            count, required = int(_report_accepted(grant)), 1
        else:
            count, required = len(condition.evidence.all()), max(condition.required_count, 1)
        out.append(Compliance(condition, count, required, count >= required))
    return out


class PaymentSummary(NamedTuple):
    payments: list[Payment]
    paid: Decimal
    scheduled: Decimal
    balance: Decimal


def payment_summary(grant: Grant) -> PaymentSummary:
    payments = list(grant.payments.select_related("paid_by"))
    paid = sum((p.amount for p in payments if p.status == Payment.Status.PAID), ZERO)
    scheduled = sum((p.amount for p in payments if p.status == Payment.Status.SCHEDULED), ZERO)
    return PaymentSummary(payments, paid, scheduled, grant.amount - paid)


def grant_timeline(grant: Grant) -> QuerySet[Any]:
    return grant.events.select_related("actor")


def _with_list_columns(qs: QuerySet[Grant]) -> QuerySet[Grant]:
    return qs.select_related("round__programme", "organisation", "application", "report").annotate(
        paid_total=Coalesce(Sum("payments__amount", filter=Q(payments__status=Payment.Status.PAID)),
                            Value(ZERO), output_field=_MONEY),
    ).order_by("-awarded_at", "-pk")


def grants_for_group(user: Any) -> QuerySet[Grant]:
    return _with_list_columns(group_grants(user))


def grants_for_staff(user: Any, *, round_id: int | None = None, status: str = "") -> QuerySet[Grant]:
    qs = access_grants_for_staff(user)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if status:
        qs = qs.filter(status=status)
    return _with_list_columns(qs)


class Totals(NamedTuple):
    grants: int
    awarded: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        return self.awarded - self.paid


def grant_totals(grants: QuerySet[Grant]) -> Totals:
    """Totals for a filtered list (two queries: summing through the payments join would count awards twice)."""
    ids = grants.order_by().values("pk")
    awarded = Grant.objects.filter(pk__in=ids).aggregate(n=Count("pk"), total=Sum("amount"))
    paid = Payment.objects.filter(grant__in=ids, status=Payment.Status.PAID).aggregate(total=Sum("amount"))
    return Totals(awarded["n"], awarded["total"] or ZERO, paid["total"] or ZERO)


def grants_needing_action(user: Any, *, soon_days: int = 30) -> list[Grant]:
    """The group's grants waiting for it: an agreement to accept, or a report due soon or sent back."""
    soon = timezone.localdate() + timedelta(days=soon_days)
    return list(
        group_grants(user)
        .filter(Q(status=Grant.Status.OFFERED)
                | Q(status=Grant.Status.ACTIVE, report_due__lte=soon)
                | Q(status=Grant.Status.ACTIVE, report__status=MonitoringReport.Status.RETURNED))
        .select_related("application", "organisation", "report")
        .order_by("report_due", "pk")[:10]
    )
