"""The quarterly report's quotes per service come from one query (``quotes_by_service``): the same quotes, in the same
order, as asking ``quotes`` once per service, and never anything the publication rule keeps in."""
from __future__ import annotations

import datetime as dt

import pytest

from engagement.choices import Consent, Service
from engagement.models import FeedbackItem, Session
from engagement.selectors.figures import quotes, quotes_by_service
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db
APPROVED = FeedbackItem.Moderation.APPROVED


def test_each_service_gets_its_newest_quotes_as_quotes_gives_them(world, django_assert_num_queries):
    grant = make_active(world)
    for day in (3, 9, 17, 24):
        session = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED,
                               held_on=dt.date(2026, 10, day))
        make_item(session, text=f"GP phone lines, day {day}", service=Service.GP, moderation=APPROVED)
        make_item(session, text=f"Pharmacy queue, day {day}", service=Service.PHARMACY, moderation=APPROVED)
        make_item(session, text=f"Anonymised only, day {day}", service=Service.GP, consent=Consent.ANONYMISED,
                  moderation=APPROVED)
        make_item(session, text=f"Not moderated, day {day}", service=Service.DENTAL)
        make_item(session, text=f"Redacted original, day {day}", redacted_text=f"Redacted words, day {day}",
                  service=Service.DENTAL, moderation=APPROVED)
    items = FeedbackItem.objects.all()

    with django_assert_num_queries(1):
        found = quotes_by_service(items, 2)

    assert found == {service: quotes(items.filter(service=service), 2)
                     for service in (Service.GP, Service.PHARMACY, Service.DENTAL)}
    assert [q["text"] for q in found[Service.GP]] == ["GP phone lines, day 24", "GP phone lines, day 17"]
    assert [q["text"] for q in found[Service.DENTAL]] == ["Redacted words, day 24", "Redacted words, day 17"]
    shown = " ".join(q["text"] for rows in found.values() for q in rows)
    assert "Anonymised only" not in shown and "Not moderated" not in shown and "Redacted original" not in shown
