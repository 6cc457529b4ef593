"""Host staff's feedback list, and the sessions list for host staff and the programme's readers."""
from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from engagement.access import feedback_for_staff, rounds_for_reader, sessions_for_reader
from engagement.choices import Sentiment
from engagement.forms.lists import FeedbackFilterForm, SessionFilterForm
from engagement.selectors.lists import (
    CAP,
    PER_PAGE,
    feedback_counts,
    feedback_rows,
    filter_feedback,
    filter_sessions,
    funded_groups,
    reachable,
    session_rows,
    session_totals,
)
from grants.access import rounds_for_staff
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest

SENTIMENT_TAGS = {Sentiment.POSITIVE: "govuk-tag--green", Sentiment.NEGATIVE: "govuk-tag--orange",
                  Sentiment.NEUTRAL: "govuk-tag--grey", Sentiment.MIXED: "govuk-tag--purple"}


def _page(request: AuthenticatedHttpRequest, rows: Any, count: int) -> tuple[Page[Any], str, list[int | None]]:
    """The requested page of ``rows``, whose count the view already knows (so the paginator asks nothing), the
    filters as a query string for the page links, and the page numbers to show."""
    paginator = Paginator(rows, PER_PAGE)
    paginator.count = count  # a cached_property: set here, the paginator asks no COUNT
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    last, here = paginator.num_pages, page.number
    links: list[int | None] = []
    for n in sorted({1, last, here - 1, here, here + 1} & set(range(1, last + 1))):
        if links and n - (links[-1] or 0) > 1:
            links.append(None)
        links.append(n)
    return page, query.urlencode(), links


@require_safe
@capacity_required(Capacity.HOST)
def staff_feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every item of the rounds this person runs, filtered; commissioners never see it (403): what people said
    reaches them only when host staff route it (engagement part 2)."""
    form = FeedbackFilterForm(request.GET or None, groups=funded_groups(rounds_for_staff(request.user)))
    chosen = form.chosen()
    items = filter_feedback(feedback_for_staff(request.user), chosen)
    counts = feedback_counts(request.user, items, chosen)
    page, query, links = _page(request, feedback_rows(items), counts.shown)
    for item in page.object_list:
        item.sentiment_tag = SENTIMENT_TAGS[item.sentiment]
    return render(request, "engagement/lists/feedback.html", {
        "form": form, "counts": counts, "page": page, "query": query, "page_links": links, "filtered": bool(chosen),
    })


@require_safe
@capacity_required(Capacity.HOST, Capacity.COMMISSIONER)
def staff_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sessions of the rounds this person runs or reads (commissioners, funder staff, delivery partners)."""
    form = SessionFilterForm(request.GET or None, groups=funded_groups(rounds_for_reader(request.user)))
    chosen = form.chosen()
    sessions = filter_sessions(sessions_for_reader(request.user), chosen)
    totals = session_totals(sessions)
    page, query, links = _page(request, session_rows(sessions), reachable(totals["sessions"]))
    return render(request, "engagement/lists/sessions.html", {
        "form": form, "totals": totals, "more_than_shown": totals["sessions"] > CAP, "cap": CAP,
        "page": page, "query": query, "page_links": links, "filtered": bool(chosen),
    })
