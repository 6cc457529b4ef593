"""The listening loop in the regional demo: what host staff did with what people said, after the sessions.

Healthwatch staff moderate the recent feedback (approve it, redact a few identifying words, keep a few items back),
accept the keyword rules' suggestions, send feedback on to the ICB, the NHS trust and the council (who answer some,
and are late with one), record what was done (an action in every status, most published, linked to the feedback
and sessions it answers) and follow up each safeguarding concern. Every write goes through the service the pages use,
run under ``demo_clock`` on the day it happened, so the demo obeys the same rules as real use; nothing is written
to the database directly. ``demo_trust`` does the same for the council's Building Trust programme.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from engagement.choices import Consent
from engagement.models import Action, FeedbackItem, Session, Suggestion, Theme
from engagement.services.actions import ActionDetails, action_create, action_move, action_progress
from engagement.services.moderation import item_approve, item_refuse
from engagement.services.routing import recipient_answer, routing_send
from engagement.services.routing_theme import ThemeRequest, routing_send_theme, theme_routing_defaults
from engagement.services.safeguarding_cases import safeguarding_close, safeguarding_escalate, safeguarding_note
from engagement.services.tagging import suggestion_decide, suggestions_show
from grants.demo import PROGRAMME_A
from grants.demo_steps import commissioners, staff_of
from grassroots.accounts.demo import DemoContext, days_ago, demo_clock
from grassroots.accounts.models import Organisation, User

MODERATED_DAYS = 200  # host staff have moderated what was said in roughly the last six months
# Identifying words staff take out before an item is published: (pattern, what is published instead).
REDACTIONS = [(r"\b(my|our) (nephew|brother|uncle|pastor|grandson|cousin|husband|son|daughter)\b", "[a relative]"),
              (r"\b(twelve|78|thirty-four weeks)\b", "[removed]"),
              (r"\bfrom my church\b", "[from the community]")]
REFUSED = "Could identify the person in a small community; shared with the provider in a summary instead."


def later(moment: datetime, days: float) -> datetime:
    """``days`` after ``moment``, never after a few minutes ago."""
    return min(moment + timedelta(days=days), timezone.now() - timedelta(minutes=10))


def redacted(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def moderate(staff: User, items: Iterable[FeedbackItem]) -> list[FeedbackItem]:
    """Each publishable item approved (a few identifying words taken out first) a few days after its session was
    submitted; one in eleven kept back with a reason; what came in the last three days still waits for a decision.
    Returns the approved items."""
    approved = []
    for n, item in enumerate(items):
        submitted = item.session.submitted_at
        if item.safeguarding or item.consent == Consent.INTERNAL or submitted is None:
            continue
        if submitted + timedelta(days=3) > timezone.now():
            continue  # not moderated yet
        with demo_clock(submitted + timedelta(days=3)):
            if n % 11 == 5:
                item_refuse(actor=staff, item=item, reason=REFUSED)
                continue
            words = redacted(item.text)
            approved.append(item_approve(actor=staff, item=item, redacted_text=words if words != item.text else ""))
    return approved


def accept_suggestions(staff: User, items: Iterable[FeedbackItem], wanted: dict[int, str] | None = None) -> None:
    """Open each item's suggestions (the keyword rules') and decide them: accepted when it is the sub-theme staff
    want (any, when ``wanted`` does not say), else rejected."""
    for item in items:
        moment = later(item.session.submitted_at or timezone.now(), 4)
        with demo_clock(moment):
            for suggestion in suggestions_show(actor=staff, item=item):
                want = (wanted or {}).get(item.pk)
                accept = suggestion.sub_theme.name == want if want else item.pk % 6 != 0
                if suggestion.status == Suggestion.Status.SHOWN:
                    suggestion_decide(actor=staff, suggestion=suggestion, accept=accept)


def route(staff: User, host: Organisation, title: str, message: str, items: list[FeedbackItem],
          recipients: list[Organisation], *, sent_days_ago: int, reply_days: int,
          answers: dict[Organisation, tuple[User, int, str]]) -> None:
    """Send ``items`` on ``sent_days_ago`` days ago; each recipient in ``answers`` replies (who, how many days after
    sending, what they said). The others have not answered: awaiting, or overdue once the reply date has passed."""
    if not items:
        return
    with demo_clock(days_ago(sent_days_ago)):
        routing = routing_send(actor=staff, host=host, title=title, message=message, item_ids=[i.pk for i in items],
                               recipients=recipients, reply_days=reply_days)
    for recipient in routing.recipients.select_related("organisation"):
        if recipient.organisation in answers:
            who, after, answer = answers[recipient.organisation]
            with demo_clock(later(days_ago(sent_days_ago, hour=15), after)):
                recipient_answer(actor=who, recipient=recipient, answer=answer)


def act(staff: User, host: Organisation, details: ActionDetails, *, created: datetime, status: str,
        reason: str = "", progress: str = "") -> Action:
    """An action recorded on ``created``, moved through its statuses over the weeks after."""
    with demo_clock(created):
        action = action_create(actor=staff, host=host, details=details)
    if status in (Action.Status.IN_PROGRESS, Action.Status.DONE):
        with demo_clock(later(created, 5)):
            action = action_move(actor=staff, action=action, to=Action.Status.IN_PROGRESS, note="Work has started.")
    if progress:
        with demo_clock(later(created, 9)):
            action_progress(actor=staff, action=action, note=progress)
    if status == Action.Status.DONE:
        with demo_clock(later(created, 14)):
            action = action_move(actor=staff, action=action, to=status, completed_on=timezone.localdate())
    elif status == Action.Status.NOT_POSSIBLE:
        with demo_clock(later(created, 8)):
            action = action_move(actor=staff, action=action, to=status, reason=reason)
    return action


def follow_up_concerns(staff_for: dict[int, User]) -> None:
    """Host staff follow up every safeguarding concern: escalated, with notes, most closed, one still open."""
    concerns = FeedbackItem.objects.filter(safeguarding=True).select_related("session", "round__share").order_by("pk")
    for n, item in enumerate(concerns):
        staff = staff_for.get(item.round.share.host_id)
        if staff is None or item.safeguarding_notified_at is None:
            continue
        seen = item.safeguarding_notified_at
        with demo_clock(later(seen, 0.1)):
            safeguarding_escalate(actor=staff, item=item, escalated_to="The council's adult safeguarding team",
                                  escalated_on=timezone.localdate(), note="Referred by phone the same day.")
        with demo_clock(later(seen, 2)):
            safeguarding_note(actor=staff, item=item, note="The safeguarding team confirmed they have visited.")
        if n % 3 != 2:
            with demo_clock(later(seen, 7)):
                safeguarding_close(actor=staff, item=item, note="The council has a plan in place; the group's "
                                                                "coordinator knows who to call if anything changes.")


def _of(items: list[FeedbackItem], service: str, sentiment: str | None = None, limit: int = 8) -> list[FeedbackItem]:
    return [i for i in items if i.service == service and (sentiment is None or i.sentiment == sentiment)][:limit]


def seed_regional(ctx: DemoContext) -> None:
    """Healthwatch Lambeth's loop for the borough project (Lambeth and Southwark), the richest year of the demo."""
    assert ctx.icb and ctx.provider and ctx.council
    host = ctx.hosts["Lambeth"]
    hana, cora = staff_of(host), commissioners([ctx.icb])[0]
    marcus = commissioners([ctx.council])[0]
    recent = (FeedbackItem.objects.filter(round__programme__name=PROGRAMME_A, session__status=Session.Status.SUBMITTED,
                                          held_on__gte=timezone.localdate() - timedelta(days=MODERATED_DAYS))
              .select_related("session", "organisation").order_by("held_on", "pk"))
    approved = moderate(hana, recent)
    accept_suggestions(hana, approved)

    def sent_before(days: int) -> list[FeedbackItem]:
        return [i for i in approved if i.moderated_at and i.moderated_at < days_ago(days, hour=9)]

    route(hana, host, "Getting a GP appointment", "People at our sessions cannot get through to their GP in the "
          "morning. Please tell us what the ICB will do, and by when.", _of(sent_before(75), "gp", "negative"),
          [ctx.icb], sent_days_ago=75, reply_days=20,
          answers={ctx.icb: (cora, 21, "We are funding two more phone lines in the morning at the four busiest "
                                       "practices from next month, and will report call waiting times to you.")})
    route(hana, host, "Hospital discharge and outpatient letters", "Families tell us about late discharges with no "
          "plan and letters only in English. Please reply with what the trust will change.",
          _of(sent_before(60), "hospital"), [ctx.provider], sent_days_ago=60, reply_days=20, answers={})
    route(hana, host, "Home care and support for carers", "Carers have not been told about respite and visits are "
          "rushed. What will the council do?", _of(sent_before(40), "social_care"), [ctx.council],
          sent_days_ago=40, reply_days=15,
          answers={ctx.council: (marcus, 12, "Respite is now explained at every carer's assessment; we are "
                                             "reviewing fifteen-minute visits with our providers this winter.")})
    route(hana, host, "Waiting for mental health support", "Long waits for talking therapy and a crisis line that "
          "rings out. Please tell us what you will do.", _of(sent_before(6), "mental_health"),
          [ctx.icb, ctx.provider], sent_days_ago=6, reply_days=20, answers={})
    route_theme(hana, host, [ctx.icb, ctx.provider], sent_days_ago=2)
    _regional_actions(ctx, hana, host, approved)


def route_theme(staff: User, host: Organisation, recipients: list[Organisation], *, sent_days_ago: int) -> None:
    """A whole theme sent on: the host's most-heard theme over the last six months, to organisations some of whose
    items they already have (tell us once: those are left out of their copy)."""
    theme = (Theme.objects.filter(owner=host, retired=False).annotate(n=Count("sub_themes__tags"))
             .order_by("-n", "name").first())
    assert theme is not None
    with demo_clock(days_ago(sent_days_ago)):
        today = timezone.localdate()
        request = ThemeRequest(theme=theme, start=today - timedelta(days=180), end=today - timedelta(days=3))
        title, message = theme_routing_defaults(request, host)
        routing_send_theme(actor=staff, host=host, request=request, recipients=recipients, title=title,
                           message=message)


def _regional_actions(ctx: DemoContext, hana: User, host: Organisation, approved: list[FeedbackItem]) -> None:
    assert ctx.icb and ctx.provider and ctx.council
    elders = [i for i in approved if i.organisation.name == "Brixton Elders Lunch Club"][:4]
    gp = _of(approved, "gp", "negative", 6) + elders
    plans = [
        (ctx.icb, "Two more GP phone lines in the morning", gp, Action.Status.DONE, "",
         "People in Lambeth and Southwark now wait under ten minutes at 8am at the four busiest practices.", True),
        (ctx.provider, "Outpatient letters in the patient's own language", _of(approved, "hospital"),
         Action.Status.IN_PROGRESS, "", "", True),
        (ctx.council, "Respite explained at every carer's assessment", _of(approved, "social_care"),
         Action.Status.PLANNED, "", "", True),
        (ctx.icb, "Saturday dental sessions for children", _of(approved, "dental"), Action.Status.NOT_POSSIBLE,
         "No dental practice in the two boroughs could staff Saturday sessions this year; the ICB will ask again "
         "in the spring.", "", True),
        (ctx.icb, "Interpreters booked by the practice, not the family", _of(approved, "gp", "mixed", 3),
         Action.Status.DONE, "", "Practices now book an interpreter when the appointment is made.", False),
    ]
    for n, (owner, title, items, status, reason, changed, published) in enumerate(plans):
        details = ActionDetails(
            owner=owner, title=title, description=f"{owner.name} agreed this after we sent them what people said.",
            published=published, what_changed=changed, item_ids=[i.pk for i in items],
            session_ids=sorted({i.session_id for i in items})[:3], due_on=timezone.localdate() + timedelta(days=60))
        act(hana, host, details, created=days_ago(50 - 8 * n), status=status, reason=reason,
            progress="Met the provider's patient experience lead; a plan is agreed." if n == 1 else "")
