"""Known themed feedback for the report and public page tests: what may leave under two themes, and what may not
(internal, safeguarding, unmoderated) under a theme of its own and under the counted ones, so a leak shows in a count."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engagement.choices import Consent, Service
from engagement.models import FeedbackItem, FeedbackTag, Session, SubTheme, Theme
from tests.engagement.factories import make_item, make_session
from tests.engagement.routing_helpers import Routed, routing_world
from tests.engagement.theme_factories import make_theme
from tests.grants.factories import make_active

APPROVED = FeedbackItem.Moderation.APPROVED
ACCESS = "Access to medical care & support"
MENTAL = "Mental health & wellbeing"
HIDDEN = "Housing & personal safety"  # carried only by items that may not leave


@dataclass
class Themed:
    routed: Routed
    access: Theme
    mental: Theme
    hidden: Theme
    appointments: SubTheme
    contact: SubTheme
    waiting: SubTheme
    earlier: Session


def tag(item: FeedbackItem, *subs: SubTheme, by) -> None:
    for sub in subs:
        FeedbackTag.objects.create(item=item, sub_theme=sub, tagged_by=by)


def themed_world(world) -> Themed:
    """On 1 October 2026 (Q3), publishable: 6 items under Access (5 about appointments, 2 about contacting services,
    one under both), 2 under Mental health (waiting times). Not publishable, each under Access (appointments) and
    under the hidden theme: the internal item, the safeguarding concern and an unmoderated item. On 15 August 2026
    (Q2), publishable: 2 under Access (appointments), 3 under Mental health. So over April to November: Access 8
    (appointments 7, contacting services 2), Mental health 5."""
    r = routing_world(world)
    staff = world.host_staff
    access = make_theme(world.host, ACCESS, subs=("Appointment arrangements", "Contacting services"))
    mental = make_theme(world.host, MENTAL, subs=("Waiting times",))
    hidden = make_theme(world.host, HIDDEN, subs=("Fear at home",))
    appointments, contact = access.sub_themes.order_by("name")
    waiting = mental.sub_themes.get()
    fear = hidden.sub_themes.get()
    tag(r.quoted, appointments, contact, by=staff)
    tag(r.redacted, appointments, by=staff)
    for n in range(3):
        tag(make_item(r.session, text=f"Booking an appointment took weeks ({n})", moderation=APPROVED),
            appointments, by=staff)
    tag(make_item(r.session, text="The receptionist never rings back", moderation=APPROVED), contact, by=staff)
    for n in range(2):
        tag(make_item(r.session, text=f"Eight months on the talking therapy list ({n})", service=Service.MENTAL_HEALTH,
                      moderation=APPROVED), waiting, by=staff)
    unmoderated = make_item(r.session, text="Unmoderated words about the housing officer", consent=Consent.QUOTE)
    for item in (r.internal, r.concern, unmoderated):
        tag(item, appointments, fear, by=staff)
    earlier = make_session(make_active(world, title="Summer listening"), created_by=world.group_member,
                           status=Session.Status.SUBMITTED, held_on=dt.date(2026, 8, 15), title="Summer fair")
    for n in range(2):
        tag(make_item(earlier, text=f"Summer: no appointments ({n})", moderation=APPROVED), appointments, by=staff)
    for n in range(3):
        tag(make_item(earlier, text=f"Summer: waiting for counselling ({n})", moderation=APPROVED), waiting, by=staff)
    return Themed(r, access, mental, hidden, appointments, contact, waiting, earlier)
