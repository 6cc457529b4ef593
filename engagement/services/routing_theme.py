"""Tell us once, by theme: host staff send everything tagged under one of their themes, held in a period (and an
area), to the organisations that can act on it.

Each matching item is recorded once on the routing, however many organisations receive it. An item an
organisation already has from an earlier routing is not sent to it again: it is left out of that organisation's
copy (``RoutingRecipient.left_out``), and the check page says how many, for each organisation, before anything is
sent. (Refusing the whole sending instead would make staff unpick a theme by hand; leaving the item out of every
copy would keep it from organisations that never had it.) An organisation that already has every matching item is
refused, by name. Items that match but may not leave the host are never sent; staff see only how many there were.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.access import may_route
from engagement.models import Routing, Theme
from engagement.models.routing import period_label
from engagement.selectors.routing_theme import area_choices, theme_items
from engagement.selectors.sharing import feedback_that_may_leave
from engagement.services.routing import already_sent, deliver, lock_recipients, sending_errors
from grants.access import require
from grassroots.accounts.models import Area, Organisation, User

TITLE_MAX = Routing._meta.get_field("title").max_length or 200


@dataclass(frozen=True)
class ThemeRequest:
    """What to send: a theme, the period its feedback was heard in, and optionally one area."""

    theme: Theme
    start: date
    end: date
    area: Area | None = None

    @property
    def summary(self) -> str:
        return f"{self.theme.name}, {period_label(self.start, self.end)}" + (f", {self.area.name}" if self.area else "")

    @property
    def where(self) -> str:
        return f" in {self.area.name}" if self.area else ""


@dataclass(frozen=True)
class RecipientPlan:
    organisation: Organisation
    sending: int
    left_out: int


@dataclass
class ThemePlan:
    """What sending would do: the items that go, how many match but may not leave, and each recipient's share."""

    item_ids: list[int]
    held_back: int
    recipients: list[RecipientPlan] = field(default_factory=list)
    left_out: dict[int, set[int]] = field(default_factory=dict)

    @property
    def matching(self) -> int:
        return len(self.item_ids) + self.held_back


def theme_routing_defaults(request: ThemeRequest, host: Organisation) -> tuple[str, str]:
    """A title and message staff may keep: "Getting a GP appointment, July to September 2026"."""
    title = request.summary[:TITLE_MAX]
    message = (f"This is what people told community groups working with {host.name}{request.where} about "
               f"“{request.theme.name}” ({period_label(request.start, request.end)}). Please read it and tell us "
               "what you will do about it, or why you cannot.")
    return title, message


def theme_routing_plan(*, actor: User, host: Organisation, request: ThemeRequest,
                       recipients: Iterable[Organisation]) -> ThemePlan:
    """What a theme sending would send to whom, or a ValidationError saying why it cannot be sent."""
    require(may_route(actor, host.pk))
    orgs = {o.pk: o for o in recipients}
    errors: dict[str, str] = {}
    if request.theme.owner_id != host.pk or request.theme.retired:
        errors["theme"] = "Choose a theme from the list"
    if request.start > request.end:
        errors["period_end"] = "The end of the period must be the same as or after its start"
    if request.area is not None and not area_choices(host).filter(pk=request.area.pk).exists():
        errors["area"] = "Choose an area from the list"
    if errors:
        raise ValidationError(errors)
    matching = theme_items(actor, host, theme=request.theme, start=request.start, end=request.end, area=request.area)
    ids = sorted(feedback_that_may_leave(matching).values_list("pk", flat=True))
    held_back = matching.count() - len(ids)
    if not ids:
        why = f" {held_back} item{'s' if held_back != 1 else ''} match but may not leave {host.name}." if held_back \
            else ""
        raise ValidationError({"theme": f"No feedback that may be shared is tagged under “{request.theme.name}” "
                                        f"for {period_label(request.start, request.end)}{request.where}.{why}"})
    left_out = already_sent(ids, orgs)
    full = sorted(orgs[pk].name for pk, got in left_out.items() if len(got) == len(ids))
    if full:
        raise ValidationError({"recipients": f"{', '.join(full)} already {'has' if len(full) == 1 else 'have'} "
                                             "every item that matches. Tell us once: leave "
                                             f"{'it' if len(full) == 1 else 'them'} out."})
    plan = ThemePlan(item_ids=ids, held_back=held_back, left_out=left_out)
    plan.recipients = [RecipientPlan(o, len(ids) - len(left_out.get(o.pk, ())), len(left_out.get(o.pk, ())))
                       for o in sorted(orgs.values(), key=lambda o: o.name)]
    return plan


def routing_send_theme(*, actor: User, host: Organisation, request: ThemeRequest, recipients: Iterable[Organisation],
                       title: str, message: str, reply_days: int = 20) -> Routing:
    """Send what the theme, period and area match: each item once, to each recipient less what it already has."""
    require(may_route(actor, host.pk))
    orgs = {o.pk: o for o in recipients}
    title, message = title.strip(), message.strip()
    if errors := sending_errors(host, title=title, message=message, orgs=orgs, reply_days=reply_days):
        raise ValidationError(errors)
    with transaction.atomic():
        lock_recipients(orgs)
        # Planned again under the lock: what was sent since the check page was shown is left out now.
        plan = theme_routing_plan(actor=actor, host=host, request=request, recipients=orgs.values())
        routing = Routing.objects.create(host=host, title=title, message=message, reply_days=reply_days,
                                         sent_on=timezone.localdate(), created_by=actor, theme=request.theme,
                                         period_start=request.start, period_end=request.end, area=request.area)
        deliver(actor=actor, routing=routing, ids=plan.item_ids, orgs=orgs, left_out=plan.left_out)
    return routing
