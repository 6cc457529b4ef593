"""What each kind of report holds. Every figure comes from the selectors the pages and dashboards use, computed in
the database; every quote from the publication selector. ``build(report, reader)`` returns the template context."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement import tallies
from engagement.choices import Sentiment, Service
from engagement.models import Action, FeedbackItem, Session
from engagement.selectors import figures as fig
from engagement.selectors.public import SMALLEST_SHOWN, figures_for, shown
from engagement.selectors.sharing import feedback_that_may_leave
from engagement.services.actions import public_detail
from grants.models import ConditionEvidence, Grant, GrantCondition, MonitoringReport, Programme, Round
from grants.selectors.programmes import programme_groups, programme_totals
from grassroots.accounts.models import Organisation
from grassroots.charts import bar_chart
from grassroots.dates import govuk_date
from reports.models import Report
from reports.periods import previous_quarter, quarter_label

QUOTES = 12
CHART_THEMES = 8  # a taller chart would not fit a page with its table; the table lists every theme


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
    return [{"title": a.title, "status": a.get_status_display(), "owner": a.owner.name, "detail": public_detail(a)}
            for a in actions.select_related("owner").order_by("status", "rank", "-updated_at")]


def _themes_chart(themes: list[dict[str, Any]], prefix: str, **public: Any) -> Any:
    title = "Themes heard" if len(themes) <= CHART_THEMES else f"The {CHART_THEMES} themes heard most"
    return bar_chart(title, [(t["name"], t["count"]) for t in themes[:CHART_THEMES]], chart_id=f"{prefix}-themes",
                     **public)


# A "You said, we did" report is published, as the public page is: the same rule for small counts (1 to 4 read
# "fewer than 5", in the charts too), so the PDF tells no more about a person than the page does.
PUBLIC: dict[str, Any] = {"shown": shown, "hide_below": SMALLEST_SHOWN}


def _themes(items: Any, prefix: str) -> dict[str, Any]:
    """Themes heard in publishable ``items`` with their most heard sub-themes, and their chart."""
    themes = fig.themes_heard(items)
    return {"themes": themes, "themes_chart": _themes_chart(themes, prefix)}


def you_said_we_did(report: Report, reader: Any) -> dict[str, Any]:
    figures = figures_for(report.scope_type, report.scope_id, report.starts_on, report.ends_on)
    return {"figures": figures, "themes": figures["theme_rows"], "public": True,
            "themes_chart": _themes_chart(figures["theme_rows"], "yswd", **PUBLIC), "charts": [
                bar_chart("What people said, by service", figures["services"], chart_id="services", **PUBLIC),
                bar_chart("How people felt", figures["sentiments"], chart_id="feelings", **PUBLIC)]}


def _themes_against(now: list[dict[str, Any]], before: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Every theme heard in either quarter: this quarter's count, the quarter before's and the change, largest
    this quarter first (a theme no longer heard stays in the table, at the bottom)."""
    earlier = dict(before)
    rows = [{**t, "before": earlier.pop(t["name"], 0)} for t in now]
    rows += [{"name": name, "count": 0, "subs": [], "before": n} for name, n in before if name in earlier]
    return [{**row, "change": row["count"] - row["before"]} for row in rows]


def _host_items(host_id: int) -> Any:
    return FeedbackItem.objects.filter(Q(round__share__host_id=host_id))


def _quarter_counts(host_id: int, report: Report, last_start: Any) -> tuple[dict[str, Counter[tuple[str, str]]],
                                                                             dict[str, Any]]:
    """What the host heard in the quarter and the quarter before, counted as the host's dashboard and insights page
    count it (the same figures a board member can check there): every comment by service and feeling, from the kept
    feedback tally, and the themes and sub-themes of every comment that is not a safeguarding concern, from the kept
    tag tally. Two small queries whatever the number of items (on SQLite, which keeps no tally, from the items)."""
    rounds = Round.objects.filter(share__host_id=host_id)
    after = report.ends_on + timedelta(days=1)
    cells: dict[str, Counter[tuple[str, str]]] = {"now": Counter(), "before": Counter()}
    for month, counted in tallies.by_month(rounds, last_start, after).items():
        cells["now" if month >= report.starts_on else "before"].update(counted)
    heard: dict[str, Any] = {"now": Counter(), "before": Counter(), "subs": {}}
    if tallies.is_kept():
        for month, theme, sub, n in tallies.theme_counts(rounds, last_start, after):
            side = "now" if month >= report.starts_on else "before"
            if not sub:
                heard[side][theme] += n
            elif side == "now":
                heard["subs"].setdefault(theme, Counter())[sub] += n
    else:
        items = _host_items(host_id).filter(safeguarding=False)
        for side, (start, end) in (("now", (report.starts_on, report.ends_on)),
                                   ("before", (last_start, report.starts_on - timedelta(days=1)))):
            heard[side].update(dict(fig.by_theme(items.filter(held_on__range=(start, end)))))
        for row in fig.by_sub_theme(items.filter(held_on__range=(report.starts_on, report.ends_on))):
            heard["subs"].setdefault(row["theme"], Counter())[row["sub_theme"]] += row["count"]
    return cells, heard


def quarterly(report: Report, reader: Any) -> dict[str, Any]:
    """The host's quarter against the quarter before, with a section per service."""
    host_sessions = Session.objects.filter(round__share__host_id=report.scope_id)
    last_start, last_end = previous_quarter(report.starts_on)
    now = fig.session_totals(host_sessions.filter(held_on__range=(report.starts_on, report.ends_on)))
    before = fig.session_totals(host_sessions.filter(held_on__range=(last_start, last_end)))
    cells, heard = _quarter_counts(report.scope_id, report, last_start)
    compare = [("Sessions", (now["sessions"], before["sessions"])), ("People reached", (now["people"], before["people"])),
               ("Conversations", (now["conversations"], before["conversations"]))]
    labels = dict(Service.choices)
    totals = {k: Counter[str]() for k in cells}
    for k, counted in cells.items():
        for (svc, _), n in counted.items():
            totals[k][svc] += n
    place = {value: n for n, (value, _) in enumerate(Service.choices)}
    # Words only from the publication rule: the newest three quotes of every service, in one query.
    quotes = fig.quotes_by_service(feedback_that_may_leave(_host_items(report.scope_id)).filter(
        held_on__range=(report.starts_on, report.ends_on)), 3)
    services: list[dict[str, Any]] = [{"service": str(labels.get(svc, svc)), "total": n, "before": totals["before"][svc],
                 "sentiments": [cells["now"][(svc, snt)] for snt in Sentiment.values], "quotes": quotes.get(svc, [])}
                for svc, n in sorted(totals["now"].items(), key=lambda r: (-r[1], place.get(r[0], len(place)))) if n]
    by_service: list[tuple[str, int]] = [(str(row["service"]), int(row["total"])) for row in services]
    by_sentiment = [(label, sum(n for (_, snt), n in cells["now"].items() if snt == value))
                    for value, label in Sentiment.choices]
    now_themes = [{"name": name, "count": n, "subs": sorted(heard["subs"].get(name, Counter()).items(),
                                                            key=lambda r: (-r[1], r[0]))[:3]}
                  for name, n in sorted(heard["now"].items(), key=lambda r: (-r[1], r[0]))]
    themes = _themes_against(now_themes, sorted(heard["before"].items(), key=lambda r: (-r[1], r[0])))
    themes_chart = bar_chart("Themes this quarter and the quarter before" if len(themes) <= CHART_THEMES else
                             f"The {CHART_THEMES} themes heard most this quarter, and the quarter before",
                             [(t["name"], (t["count"], t["before"])) for t in themes[:CHART_THEMES]],
                             series=("This quarter", "Before"), chart_id="quarter-themes")
    return {"now": now, "before": before, "last_label": quarter_label(last_start), "services": services,
            "quarter_label": quarter_label(report.starts_on), "sentiment_labels": _sentiment_labels(),
            "themes": themes, "themes_chart": themes_chart,
            "charts": [bar_chart("This quarter and the quarter before", compare, series=("This quarter", "Before"),
                                 chart_id="compare"),
                       bar_chart("What people said, by service", by_service, chart_id="quarter-services"),
                       bar_chart("How people felt", [(str(label), n) for label, n in by_sentiment],
                                 chart_id="quarter-feelings")],
            "actions": _actions(Action.objects.filter(host_id=report.scope_id, published=True,
                                                      updated_at__date__range=(report.starts_on, report.ends_on)))}


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
    reach = fig.reach_over_time(sessions, report.starts_on, report.ends_on)
    return {"programme": programme, "totals": totals, "groups": list(programme_groups(reader, programme)),
            "sessions": fig.session_totals(sessions), "conditions": conditions, "stories": stories,
            **_themes(items, "funder"),
            "quotes": fig.quotes(items, 6), "charts": [
                bar_chart("Money awarded and paid, by financial year (£)", money, series=("Awarded", "Paid"),
                          chart_id="money"), *_charts(items, "funder"),
                bar_chart("Sessions held, over time", [(r["label"], r["sessions"]) for r in reach], chart_id="sessions"),
                bar_chart("People reached, over time", [(r["label"], r["people"]) for r in reach],
                          chart_id="people")],
            "grants_count": Grant.objects.filter(round__programme=programme).count()}


def spotlight(report: Report, reader: Any) -> dict[str, Any]:
    """One service, or one of the host's themes, across the host's areas over the period."""
    period = _host_items(report.scope_id).filter(held_on__range=(report.starts_on, report.ends_on))
    theme_id = report.theme_id
    chosen = fig.under_theme(period, theme_id) if theme_id is not None else period.filter(service=report.topic)
    items = feedback_that_may_leave(chosen)
    areas = list(items.order_by().values("area__name").annotate(n=Count("pk")).order_by("-n", "area__name"))
    answering = (Q(items__tags__sub_theme__theme_id=theme_id) if theme_id is not None
                 else Q(items__service=report.topic))
    context: dict[str, Any] = {
        "areas": areas, "total": sum(a["n"] for a in areas), "quotes": fig.quotes(items, QUOTES),
        "charts": [bar_chart("Comments by area", [(a["area__name"], a["n"]) for a in areas], chart_id="areas"),
                   bar_chart("How people felt", fig.by_sentiment(items), chart_id="feelings")],
        "actions": _actions(Action.objects.filter(answering, host_id=report.scope_id, published=True).distinct())}
    if theme_id is not None:
        subs = [(row["sub_theme"], row["count"]) for row in fig.by_sub_theme(items, theme_id=theme_id)]
        context["charts"].append(bar_chart("Within the theme", subs, chart_id="sub-themes"))
        context["charts"].append(bar_chart("Comments by service", fig.by_service(items), chart_id="services"))
    else:
        context.update(_themes(items, "spotlight"))
    return context


def community(report: Report, reader: Any) -> dict[str, Any]:
    """A group's sessions over the period, for the group and the people who came."""
    group = Organisation.objects.get(pk=report.scope_id)
    sessions = Session.objects.filter(organisation=group, held_on__range=(report.starts_on, report.ends_on))
    items = feedback_that_may_leave(FeedbackItem.objects.filter(organisation=group,
                                                                held_on__range=(report.starts_on, report.ends_on)))
    return {"group": group, "totals": fig.session_totals(sessions), "quotes": fig.quotes(items, QUOTES),
            **_themes(items, "community"),
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
