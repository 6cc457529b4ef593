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
            "concern": r.concern}
