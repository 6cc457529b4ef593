"""Shared set-up for the routing tests: a submitted session with feedback of every kind, and two recipients."""
from __future__ import annotations

from dataclasses import dataclass

from engagement.choices import Consent
from engagement.models import FeedbackItem, Session
from grassroots.accounts.models import Membership, Organisation, User
from tests.engagement.factories import make_item, make_session
from tests.factories import make_member, make_org
from tests.grants.factories import make_active

APPROVED = FeedbackItem.Moderation.APPROVED


@dataclass
class Routed:
    session: Session
    quoted: FeedbackItem
    redacted: FeedbackItem
    internal: FeedbackItem
    concern: FeedbackItem
    provider: Organisation
    provider_staff: User


def routing_world(world) -> Routed:
    session = make_session(make_active(world), created_by=world.group_member, status=Session.Status.SUBMITTED)
    quoted = make_item(session, text="Nobody answers the phone at the surgery before ten", moderation=APPROVED)
    redacted = make_item(session, text="Dr Patel at Brixton Hill told my mum to go away",
                         redacted_text="A GP told my mother to go away", consent=Consent.ANONYMISED,
                         moderation=APPROVED)
    internal = make_item(session, text="Please keep this to yourselves", consent=Consent.INTERNAL)
    concern = make_item(session, text="My neighbour is being hit", safeguarding=True, moderation=APPROVED)
    provider = make_org("Guy's and St Thomas' NHS Foundation Trust", Organisation.Kind.PROVIDER)
    provider_staff = make_member(provider, Membership.Role.STAFF, email="pat@gstt.nhs.uk", name="Pat Provider")
    return Routed(session, quoted, redacted, internal, concern, provider, provider_staff)


def routing_walk_rows(world) -> dict:
    """For the URL walk: feedback sent by the host to the commissioner's ICB, and a safeguarding concern."""
    from engagement.services.routing import routing_send
    r = routing_world(world)
    routing = routing_send(actor=world.host_staff, host=world.host, title="Walk: GP phone lines",
                           message="What will you change?", item_ids=[r.quoted.pk, r.redacted.pk],
                           recipients=[world.icb, r.provider])
    import datetime as dt

    from engagement.services.safeguarding_cases import safeguarding_escalate
    safeguarding_escalate(actor=world.host_staff, item=r.concern, escalated_to="Lambeth MASH",
                          escalated_on=dt.date(2026, 11, 2), note="Phoned the duty worker")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from engagement.services.actions import ActionDetails, action_create
    action = action_create(actor=world.host_staff, host=world.host, upload=SimpleUploadedFile(
        "letter.pdf", b"%PDF-1.4 a letter", content_type="application/pdf"), details=ActionDetails(
        owner=r.provider, title="Two more GP phone lines", description="From March", kind="priority",
        programme=world.programme, what_changed="Calls answered faster", evidence="The trust's letter",
        item_ids=[r.quoted.pk]))
    return {"action": action, "routing": routing, "recipient": routing.recipients.get(organisation=world.icb),
            "concern": r.concern, "theme_routing": theme_walk_routing(world, r)}


def theme_walk_routing(world, r: Routed):
    """A theme sent to the ICB, which already had two of its three items (so its copy leaves them out)."""
    from engagement.services.routing_theme import ThemeRequest, routing_send_theme
    from tests.engagement.theme_factories import make_theme
    theme = make_theme(world.host, "Walk: GP access", subs=("Phones",))
    phones = theme.sub_themes.get()
    for item in (r.quoted, r.redacted, make_item(r.session, text="Walk: a third voice", moderation=APPROVED)):
        tag(item, phones, world.host_staff)
    return routing_send_theme(actor=world.host_staff, host=world.host, recipients=[world.icb],
                              request=ThemeRequest(theme, r.session.held_on, r.session.held_on, world.area),
                              title="Walk: GP access by theme", message="What will you change?")


@dataclass
class ThemeRouted:
    """A theme of the host with feedback under two of its sub-themes in October to December 2026, and feedback it
    must not match: before the period, under another theme, or (for an area) in Wandsworth."""

    r: Routed
    theme: object
    other_theme: object
    wandsworth: object
    pending: FeedbackItem
    in_wandsworth: FeedbackItem
    before: FeedbackItem
    elsewhere: FeedbackItem
    other_host_staff: User


def tag(item: FeedbackItem, sub_theme, by: User) -> FeedbackItem:
    from engagement.models import FeedbackTag
    FeedbackTag.objects.create(item=item, sub_theme=sub_theme, tagged_by=by)
    return item


def theme_world(world) -> ThemeRouted:
    import datetime as dt

    from grassroots.accounts.models import Area
    from tests.engagement.theme_factories import make_theme
    r = routing_world(world)
    theme = make_theme(world.host, "Getting a GP appointment", subs=("Booking", "Phone lines"))
    other_theme = make_theme(world.host, "Pharmacies", subs=("Opening hours",))
    booking, phones = theme.sub_themes.order_by("pk")
    by = world.host_staff
    for item in (r.quoted, r.internal, r.concern):
        tag(item, booking, by)
    tag(r.redacted, phones, by)
    pending = tag(make_item(r.session, text="Waiting for moderation, about the GP"), phones, by)
    wandsworth = Area.objects.create(name="Wandsworth", code="E09000032")
    world.programme.areas.add(wandsworth)
    grant = r.session.grant
    away = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED, area=wandsworth,
                        held_on=dt.date(2026, 11, 20), title="Tooting lunch")
    in_wandsworth = tag(make_item(away, text="Tooting surgery phones ring out", moderation=APPROVED), booking, by)
    early = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED,
                         held_on=dt.date(2026, 9, 30), title="September coffee")
    before = tag(make_item(early, text="September: could not book", moderation=APPROVED), booking, by)
    elsewhere = tag(make_item(r.session, text="The chemist shuts at five", moderation=APPROVED),
                    other_theme.sub_themes.get(), by)
    other_host = Organisation.objects.get(name="Healthwatch Southwark")
    other_host_staff = make_member(other_host, Membership.Role.STAFF, email="sam@healthwatchsouthwark.org.uk",
                                   name="Sam Southwark")
    return ThemeRouted(r, theme, other_theme, wandsworth, pending, in_wandsworth, before, elsewhere,
                       other_host_staff)
