"""Building Trust's listening loop: the council's thirteen listening events with Black residents in Lewisham, heard,
themed, moderated, sent on and answered with four key priorities and twenty-one solutions (DOMAIN.md).

The council hosts the programme itself (the grants demo), so its staff keep its taxonomy (the default twelve
themes and one of its own: thirteen), tag every item (some by accepting a keyword rule's suggestion), moderate,
route and record the priorities and solutions, through the same services as the pages, each on its day.
"""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from engagement import demo_trust_words as words
from engagement.choices import SessionKind
from engagement.demo_loop import accept_suggestions, act, later, moderate, route
from engagement.models import Action, FeedbackItem, Session, SubTheme
from engagement.services.actions import ActionDetails
from engagement.services.tagging import item_tag
from engagement.services.themes import rule_save, sub_theme_add, theme_add
from grants.demo import PROGRAMME_C
from grants.demo_steps import commissioners, staff_of
from grants.models import Programme
from grassroots.accounts.demo import DemoContext, days_ago, demo_clock
from grassroots.accounts.models import Organisation, User


def _taxonomy(staff: User, council: Organisation) -> dict[str, SubTheme]:
    """The council's thirteenth theme and its keyword rules, added by its staff; every sub-theme by name."""
    with demo_clock(days_ago(40)):
        theme = theme_add(actor=staff, owner=council, name=words.THEME, description=words.THEME_DESCRIPTION)
        for name in words.SUB_THEMES:
            sub_theme_add(actor=staff, theme=theme, name=name)
    subs = {s.name: s for s in SubTheme.objects.filter(theme__owner=council, retired=False, theme__retired=False)
            .select_related("theme")}
    with demo_clock(days_ago(40)):
        for name, phrases in words.RULES.items():
            if not subs[name].rules.exists():
                rule_save(actor=staff, sub_theme=subs[name], phrases=phrases)
    return subs


def _sub_theme_of(item: FeedbackItem) -> str:
    return next((s.sub_theme for s in words.SAID if item.text.startswith(s.text)), "")


def _tag(staff: User, items: list[FeedbackItem], subs: dict[str, SubTheme]) -> None:
    """Every item under its sub-theme: first the suggestions (accepted when right, rejected when not), then by hand."""
    wanted = {i.pk: _sub_theme_of(i) for i in items}
    accept_suggestions(staff, items, wanted)
    for item in items:
        name = wanted[item.pk]
        if name and not item.tags.exists():
            with demo_clock(later(item.session.submitted_at or timezone.now(), 4)):
                item_tag(actor=staff, item=item, sub_theme=subs[name])


def _owners(ctx: DemoContext) -> dict[str, Organisation]:
    assert ctx.icb and ctx.provider and ctx.council
    return {"council": ctx.council, "icb": ctx.icb, "provider": ctx.provider}


def _priorities(ctx: DemoContext, staff: User, programme: Programme, items: list[FeedbackItem],
                sessions: list[Session]) -> None:
    """The four key priorities and twenty-one solutions, ranked as the closing event agreed, in every status."""
    owners = _owners(ctx)
    closing = max(s.submitted_at for s in sessions if s.submitted_at)
    by_sub: dict[str, list[int]] = {}
    for item in items:
        by_sub.setdefault(_sub_theme_of(item), []).append(item.pk)
    event_ids = [s.pk for s in sessions if s.kind == SessionKind.LISTENING]
    for n, (title, owner, status, description, sub_theme) in enumerate(words.PRIORITIES):
        details = ActionDetails(owner=owners[owner], title=title, description=description, kind=Action.Kind.PRIORITY,
                                programme=programme, published=True, item_ids=by_sub.get(sub_theme, [])[:8],
                                session_ids=event_ids[n::4],
                                what_changed="The panel met for the first time this month." if status == "done" else "",
                                starts_on=timezone.localdate(), due_on=timezone.localdate() + timedelta(days=365))
        act(staff, owners["council"], details, created=later(closing, 0.1 + n / 24), status=status)
    for n, (priority, title, owner, status, words_, published) in enumerate(words.SOLUTIONS):
        sub_theme = words.PRIORITIES[priority - 1][4]
        not_possible = status == Action.Status.NOT_POSSIBLE
        details = ActionDetails(
            owner=owners[owner], title=title, kind=Action.Kind.SOLUTION, programme=programme, published=published,
            description=f"A solution residents proposed for priority {priority}: "
                        f"{words.PRIORITIES[priority - 1][0].lower()}.",
            what_changed="" if not_possible else words_, item_ids=by_sub.get(sub_theme, [])[n % 3::3][:4],
            session_ids=event_ids[n % 13:n % 13 + 1], due_on=timezone.localdate() + timedelta(days=90 + 10 * n))
        act(staff, owners["council"], details, created=later(closing, 0.3 + n / 48), status=status,
            reason=words_ if not_possible else "",
            progress="Agreed with the Black Health Panel at its first meeting." if n % 5 == 1 else "")


def seed_trust(ctx: DemoContext) -> None:
    assert ctx.icb and ctx.provider and ctx.council
    programme = Programme.objects.filter(name=PROGRAMME_C).first()
    sessions = list(Session.objects.filter(round__programme=programme, status=Session.Status.SUBMITTED)
                    .order_by("held_on", "pk"))
    if programme is None or not sessions:
        return
    nadia = staff_of(ctx.council)
    subs = _taxonomy(nadia, ctx.council)
    items = list(FeedbackItem.objects.filter(session__in=sessions, safeguarding=False)
                 .select_related("session").order_by("held_on", "pk"))
    _tag(nadia, items, subs)
    approved = moderate(nadia, items)
    cora, kwame = commissioners([ctx.icb])[0], staff_of(ctx.provider)

    def about(sub_theme: str, days: int) -> list[FeedbackItem]:
        cut = timezone.now() - timedelta(days=days)
        return [i for i in approved if _sub_theme_of(i) == sub_theme and i.moderated_at and i.moderated_at < cut][:6]

    route(nadia, ctx.council, "Building Trust: what Black women said about maternity care", "Women at our listening "
          "events were not believed in labour. Please tell us what the trust will do.", about("Maternity", 15),
          [ctx.provider], sent_days_ago=15, reply_days=10,
          answers={ctx.provider: (kwame, 6, "Our maternity board will hear these words in full next month; we are "
                                            "recording ethnicity on every maternity complaint from now on.")})
    route(nadia, ctx.council, "Building Trust: prostate cancer and Black men", "Men told us they were refused a PSA "
          "test despite family history. What will the ICB do?", about("Prostate & men's health", 14), [ctx.icb],
          sent_days_ago=14, reply_days=5, answers={})
    route(nadia, ctx.council, "Building Trust: mental health crisis support", "Families told us the police come "
          "before a mental health worker. Please reply by the date below.", about("Crisis support", 2),
          [ctx.icb, ctx.provider], sent_days_ago=2, reply_days=20,
          answers={ctx.icb: (cora, 1, "Thank you. We will bring our crisis line plans to the Black Health Panel.")})
    _priorities(ctx, nadia, programme, approved, sessions)

