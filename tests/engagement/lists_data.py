"""Data the list and dashboard tests share: two funded groups in one round, in two areas, with items that differ
in one property each, so every filter has something to leave out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engagement.choices import Consent, Sentiment, Service, SessionKind
from engagement.models import FeedbackItem, Session
from grants.models import Grant
from grants.services.grants import grant_accept
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active, make_grant


@dataclass
class Lists:
    grant: Grant
    other_grant: Grant
    autumn: Session  # the group's listening event in Lambeth, October
    summer: Session  # the group's focus group in Lambeth, July, submitted
    peckham: Session  # the other group's forum in Southwark, October
    gp: FeedbackItem  # autumn: GP, negative, may be quoted, mentions an appointment
    pharmacy: FeedbackItem  # autumn: pharmacy, positive, anonymised
    dental: FeedbackItem  # summer: dental, mixed, internal only, a safeguarding concern
    hospital: FeedbackItem  # peckham: hospital, neutral, may be quoted

    @property
    def all(self) -> set[int]:
        return {self.gp.pk, self.pharmacy.pk, self.dental.pk, self.hospital.pk}


def make_lists(world) -> Lists:
    grant = make_active(world, title="Lunch and listen")
    other = grant_accept(actor=world.other_group_member, signature="Omar Other", grant=make_grant(
        world, organisation=world.other_group, actor=world.other_group_member, title="Deaf voices"))
    autumn = make_session(grant, created_by=world.group_member, kind=SessionKind.LISTENING, title="Autumn lunch",
                          held_on=dt.date(2026, 10, 7), attendance=30, conversations=12, area=world.area)
    summer = make_session(grant, created_by=world.group_member, kind=SessionKind.FOCUS_GROUP, title="Summer focus",
                          held_on=dt.date(2026, 7, 15), attendance=10, conversations=4, area=world.area,
                          status=Session.Status.SUBMITTED)
    peckham = make_session(other, created_by=world.other_group_member, kind=SessionKind.FORUM, title="Deaf forum",
                           held_on=dt.date(2026, 10, 20), attendance=18, conversations=6, area=world.other_area)
    return Lists(
        grant=grant, other_grant=other, autumn=autumn, summer=summer, peckham=peckham,
        gp=make_item(autumn, text="I waited three weeks for an appointment with my GP.", service=Service.GP,
                     sentiment=Sentiment.NEGATIVE, consent=Consent.QUOTE),
        pharmacy=make_item(autumn, text="The pharmacist explained my new tablets kindly.", service=Service.PHARMACY,
                           sentiment=Sentiment.POSITIVE, consent=Consent.ANONYMISED),
        dental=make_item(summer, text="My neighbour has no food and no heating and is frightened.",
                         service=Service.DENTAL, sentiment=Sentiment.MIXED, consent=Consent.INTERNAL,
                         safeguarding=True),
        hospital=make_item(peckham, text="There was no BSL interpreter at the hospital.", service=Service.HOSPITAL,
                           sentiment=Sentiment.NEUTRAL, consent=Consent.QUOTE, created_by=world.other_group_member),
    )
