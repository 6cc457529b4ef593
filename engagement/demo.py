"""Demo engagement data: a year of listening across the five south-east London boroughs, told by the groups the
grants demo funded, at the scale the regional fund reported (DOMAIN.md): about 90 sessions, over 5,000 people
reached, in-depth conversations with over 1,600 of them, and what they said about every NHS service.

Runs after the grants demo, on its grants: each group logs sessions between the week after it accepted its grant
and the report it sent (or yesterday, while the grant is open), so no session predates its grant or follows today.
Lambeth and Southwark groups (the borough project's 2025 round) have had most of the year; the groups funded this
autumn in Lewisham, Greenwich and Bexley (the regional fund, whose rounds the grants demo opened only 45 days ago,
and Building Trust) have run their first few, the latest still a draft. Thinking Partners meetings the groups
logged count towards their grant's condition, so some open grants now meet it and others do not yet. Listening
events ask the host's question set, answered on the phone (one response a person) or on paper (tallies).

Building Trust's groups ran its thirteen listening events between them. Then the listening loop: host staff
theme, moderate and send on what was said, and record what was done (``demo_loop`` for the regional year,
``demo_trust`` for Building Trust's four key priorities and twenty-one solutions).

The plan is plain data (``demo_plan``); the rows are made in ``demo_rows``.
"""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from engagement.demo_loop import follow_up_concerns, seed_regional
from engagement.demo_plan import GrantWindow, plan_sessions
from engagement.demo_rows import QUESTION_SET, answers_add, meeting_evidence_record, question_set_create, session_create
from engagement.demo_themes import seed_themes
from engagement.demo_trust import seed_trust
from engagement.models import QuestionSet
from grants.demo import PROGRAMME_C
from grants.demo_steps import staff_of
from grants.models import Grant, MonitoringReport
from grassroots.accounts.demo import DemoContext, days_ago
from grassroots.accounts.models import Organisation

SESSIONS = 84  # besides Thinking Partners meetings: about 90 in all
FIRST_STEPS = 3  # sessions a group funded this autumn has run so far
TRUST_EVENTS = 13  # Building Trust's listening events (DOMAIN.md), shared by the groups the council funded


def _windows(today: date) -> list[GrantWindow]:
    """The grants whose groups ran sessions in the last year, with the days they ran them."""
    grants = (Grant.objects.filter(accepted_at__isnull=False,
                                   status__in=[Grant.Status.ACTIVE, Grant.Status.REPORT_SUBMITTED, Grant.Status.CLOSED])
              .select_related("organisation", "report", "round__programme").prefetch_related("organisation__areas")
              .order_by("pk"))
    spans = []
    for grant in grants:
        assert grant.accepted_at is not None
        starts = max(timezone.localdate(grant.accepted_at) + timedelta(days=7), today - timedelta(days=360))
        try:
            report: MonitoringReport | None = grant.report
        except MonitoringReport.DoesNotExist:
            report = None
        sent = report.submitted_at if report is not None else None
        ends = timezone.localdate(sent) - timedelta(days=3) if sent else today - timedelta(days=1)
        if (ends - starts).days >= 5:
            spans.append((grant, starts, ends, sent is None))
    # Building Trust's groups ran its thirteen listening events between them; a group funded this autumn has run
    # its first few; the year's other sessions are shared out evenly.
    trust = [grant.pk for grant, *_ in spans if grant.round.programme.name == PROGRAMME_C]
    long = [grant.pk for grant, starts, ends, _ in spans if (ends - starts).days >= 60 and grant.pk not in trust]
    short = len(spans) - len(long) - len(trust)
    each, extra = divmod(SESSIONS - FIRST_STEPS * short - TRUST_EVENTS * bool(trust), max(1, len(long)))
    windows = []
    open_seen = closed_seen = 0
    for grant, starts, ends, is_open in spans:
        if grant.pk in trust:
            place = trust.index(grant.pk)
            sessions = TRUST_EVENTS // len(trust) + (place < TRUST_EVENTS % len(trust))
        else:
            sessions = each + (long.index(grant.pk) < extra) if grant.pk in long else FIRST_STEPS
        # Every other open grant has logged a Thinking Partners meeting (its condition now met), the rest not yet;
        # two finished grants logged one too.
        tp = 1 if (is_open and open_seen % 2 == 0) or (not is_open and closed_seen < 2) else 0
        open_seen, closed_seen = open_seen + is_open, closed_seen + (not is_open)
        windows.append(GrantWindow(grant_id=grant.pk, group=grant.organisation.name,
                                   area=grant.organisation.areas.all()[0].name, starts=starts, ends=ends,
                                   open=is_open, sessions=sessions, tp_meetings=tp, trust=grant.pk in trust))
    return windows


def seed(ctx: DemoContext) -> None:
    seed_themes(ctx)  # each host's default themes and keyword rules (idempotent, so before the early return)
    if QuestionSet.objects.filter(name=QUESTION_SET).exists():
        return  # already seeded: the whole engagement demo is created at once
    assert ctx.icb and ctx.provider and ctx.council
    rng = random.Random(1600)
    windows = _windows(timezone.localdate())
    grants = Grant.objects.select_related("round__share__host").in_bulk([w.grant_id for w in windows])
    hosts = {g.round.share.host for g in grants.values()}
    question_sets: dict[int, QuestionSet] = {}
    for host in sorted(hosts, key=lambda h: h.pk):
        if host.kind == Organisation.Kind.HOST:  # each Healthwatch asks its own
            question_sets[host.pk] = question_set_create(host, staff_of(host), days_ago(380))
    numbers: dict[int, int] = defaultdict(int)
    for plan in plan_sessions(windows):
        grant = grants[plan.grant_id]
        numbers[grant.pk] += 1
        member = ctx.group_members[grant.organisation.name]
        session = session_create(plan, grant=grant, number=numbers[grant.pk], member=member, areas=ctx.areas,
                                 present={"icb": ctx.icb, "provider": ctx.provider, "council": ctx.council},
                                 question_set=question_sets.get(grant.round.share.host_id))
        if session.question_set is not None:
            answers_add(session, plan, member, rng)
        if session.is_thinking_partners:
            meeting_evidence_record(session)
    # What host staff did with it all: the listening loop, for the regional year and for Building Trust.
    seed_regional(ctx)
    seed_trust(ctx)
    follow_up_concerns({host.pk: staff_of(host) for host in hosts})
