"""What each kind of report holds. Every figure comes from the selectors the pages and dashboards use, computed in
the database; every quote from the publication selector. ``build(report, reader)`` returns the template context."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement.choices import Sentiment, Service
from engagement.models import Action, FeedbackItem, Session
from engagement.selectors import figures as fig
from engagement.selectors.public import figures_for
from engagement.selectors.sharing import feedback_that_may_leave
from engagement.services.actions import public_words
from grants.models import ConditionEvidence, Grant, GrantCondition, MonitoringReport, Programme
from grants.selectors.programmes import programme_groups, programme_totals
from grassroots.accounts.models import Organisation
from grassroots.charts import bar_chart
from grassroots.dates import govuk_date
from reports.models import Report
from reports.periods import previous_quarter, quarter_label

QUOTES = 12


@dataclass(frozen=True)
class Kind:
    template: str
    build: Callable[[Report, Any], dict[str, Any]]


def _period(report: Report) -> str:
    return f"{govuk_date(report.starts_on)} to {govuk_date(report.ends_on)}"


def _charts(items: Any, prefix: str) -> list[Any]:
    return [bar_chart("What people said, by service", fig.by_service(items), chart_id=f"{prefix}-services"),
            bar_chart("How people felt", fig.by_sentiment(items), chart_id=f"{prefix}-feelings")]


def _actions(actions: Any) -> list[dict[str, Any]]:
    return [{"title": a.title, "status": a.get_status_display(), "owner": a.owner.name, "words": public_words(a)}
            for a in actions.select_related("owner").order_by("status", "rank", "-updated_at")]


def you_said_we_did(report: Report, reader: Any) -> dict[str, Any]:
    figures = figures_for(report.scope_type, report.scope_id, report.starts_on, report.ends_on)
    return {"figures": figures, "charts": [
        bar_chart("What people said, by service", figures["services"], chart_id="services"),
        bar_chart("How people felt", figures["sentiments"], chart_id="feelings")]}


def _host_items(host_id: int) -> Any:
    return FeedbackItem.objects.filter(Q(round__share__host_id=host_id))


def quarterly(report: Report, reader: Any) -> dict[str, Any]:
    """The host's quarter against the quarter before, with a section per service."""
    host_sessions = Session.objects.filter(round__share__host_id=report.scope_id)
    last_start, last_end = previous_quarter(report.starts_on)
    now = fig.session_totals(host_sessions.filter(held_on__range=(report.starts_on, report.ends_on)))
    before = fig.session_totals(host_sessions.filter(held_on__range=(last_start, last_end)))
    leaving = feedback_that_may_leave(_host_items(report.scope_id))
    items_now = leaving.filter(held_on__range=(report.starts_on, report.ends_on))
    items_before = leaving.filter(held_on__range=(last_start, last_end))
    compare = [("Sessions", (now["sessions"], before["sessions"])), ("People reached", (now["people"], before["people"])),
               ("Conversations", (now["conversations"], before["conversations"]))]
    earlier = dict(fig.by_service(items_before))
    services = [{"service": row["service"], "total": row["total"], "before": earlier.get(row["service"], 0),
                 "sentiments": row["sentiments"],
                 "quotes": fig.quotes(items_now.filter(service=_service_value(row["service"])), 3)}
                for row in fig.sentiment_by_service(items_now)]
    return {"now": now, "before": before, "last_label": quarter_label(last_start), "services": services,
            "quarter_label": quarter_label(report.starts_on), "sentiment_labels": _sentiment_labels(),
            "charts": [bar_chart("This quarter and the quarter before", compare, series=("This quarter", "Before"),
                                 chart_id="compare"), *_charts(items_now, "quarter")],
            "actions": _actions(Action.objects.filter(host_id=report.scope_id, published=True,
                                                      updated_at__date__range=(report.starts_on, report.ends_on)))}


def _service_value(label: str) -> str:
    return next(value for value, text in Service.choices if str(text) == label)


def _sentiment_labels() -> list[str]:
    return [str(label) for _, label in Sentiment.choices]


def funder(report: Report, reader: Any) -> dict[str, Any]:
    programme = Programme.objects.select_related("funder", "lead").get(pk=report.scope_id)
    totals = programme_totals(reader, programme)
    sessions = Session.objects.filter(round__programme=programme, held_on__range=(report.starts_on, report.ends_on))
    items = feedback_that_may_leave(FeedbackItem.objects.filter(round__programme=programme,
                                                                held_on__range=(report.starts_on, report.ends_on)))
    evidence = ConditionEvidence.objects.filter(condition=OuterRef("pk")).order_by().values("condition") \
        .annotate(n=Count("pk")).values("n")
    conditions = GrantCondition.objects.filter(grant__round__programme=programme) \
        .annotate(n=Coalesce(Subquery(evidence), 0)).aggregate(total=Count("pk"), met=Count("pk", filter=Q(
            n__gte=F("required_count"))))
    stories = (MonitoringReport.objects.filter(grant__round__programme=programme,
                                               status=MonitoringReport.Status.ACCEPTED).exclude(story="")
               .select_related("grant__organisation").order_by("-submitted_at")[:6])
    money = [(year["label"], (int(year["awarded"]), int(year["paid"]))) for year in totals.years]
    return {"programme": programme, "totals": totals, "groups": list(programme_groups(reader, programme)),
            "sessions": fig.session_totals(sessions), "conditions": conditions, "stories": stories,
            "quotes": fig.quotes(items, 6), "charts": [
                bar_chart("Money awarded and paid, by financial year (£)", money, series=("Awarded", "Paid"),
                          chart_id="money"), *_charts(items, "funder")],
            "grants_count": Grant.objects.filter(round__programme=programme).count()}


def spotlight(report: Report, reader: Any) -> dict[str, Any]:
    """One service across the host's areas over the period."""
    items = feedback_that_may_leave(_host_items(report.scope_id).filter(
        service=report.topic, held_on__range=(report.starts_on, report.ends_on)))
    areas = list(items.order_by().values("area__name").annotate(n=Count("pk")).order_by("-n", "area__name"))
    return {"areas": areas, "total": sum(a["n"] for a in areas), "quotes": fig.quotes(items, QUOTES),
            "charts": [bar_chart("Comments by area", [(a["area__name"], a["n"]) for a in areas], chart_id="areas"),
                       bar_chart("How people felt", fig.by_sentiment(items), chart_id="feelings")],
            "actions": _actions(Action.objects.filter(host_id=report.scope_id, published=True,
                                                      items__service=report.topic).distinct())}


def community(report: Report, reader: Any) -> dict[str, Any]:
    """A group's sessions over the period, for the group and the people who came."""
    group = Organisation.objects.get(pk=report.scope_id)
    sessions = Session.objects.filter(organisation=group, held_on__range=(report.starts_on, report.ends_on))
    items = feedback_that_may_leave(FeedbackItem.objects.filter(organisation=group,
                                                                held_on__range=(report.starts_on, report.ends_on)))
    return {"group": group, "totals": fig.session_totals(sessions), "quotes": fig.quotes(items, QUOTES),
            "session_rows": list(sessions.filter(status=Session.Status.SUBMITTED).order_by("held_on")
                                 .values("title", "held_on", "attendance", "conversations", "area__name")),
            "charts": _charts(items, "community"),
            "actions": _actions(Action.objects.filter(Q(items__organisation=group) | Q(sessions__organisation=group))
                                .distinct())}


KINDS: dict[str, Kind] = {
    Report.Kind.YOU_SAID_WE_DID: Kind("reports/pdf/yswd.html", you_said_we_did),
    Report.Kind.QUARTERLY: Kind("reports/pdf/quarterly.html", quarterly),
    Report.Kind.FUNDER: Kind("reports/pdf/funder.html", funder),
    Report.Kind.SPOTLIGHT: Kind("reports/pdf/spotlight.html", spotlight),
    Report.Kind.COMMUNITY: Kind("reports/pdf/community.html", community),
}


def context_for(report: Report, reader: Any) -> dict[str, Any]:
    return {"report": report, "period": _period(report), "today": timezone.localdate(),
            **KINDS[report.kind].build(report, reader)}
