"""One selector decides what feedback may leave the group and the host (what may be published); every combination
of consent, moderation, redaction, safeguarding and session status is checked here."""
from __future__ import annotations

import itertools

import pytest

from engagement.choices import Consent
from engagement.models import FeedbackItem, Session
from engagement.selectors.sharing import (
    feedback_that_may_be_published,
    feedback_that_may_leave,
    may_be_published,
    may_leave,
    published_words,
)
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db

Moderation = FeedbackItem.Moderation
COMBINATIONS = list(itertools.product(Consent.values, Moderation.values, (False, True), (False, True),
                                      Session.Status.values))


def _expected(consent: str, moderation: str, redacted: bool, safeguarding: bool, status: str) -> bool:
    return (consent != Consent.INTERNAL and moderation == Moderation.APPROVED and not safeguarding
            and status == Session.Status.SUBMITTED)


def test_every_combination_of_consent_moderation_redaction_safeguarding_and_session_status(world):
    grant = make_active(world)
    sessions = {status: make_session(grant, created_by=world.group_member, status=status, title=status)
                for status in Session.Status.values}
    items = {}
    for consent, moderation, redacted, flag, status in COMBINATIONS:
        original = f"Dr Okafor at Brixton Hill said no: {consent} {moderation} {redacted} {flag} {status}"
        items[(consent, moderation, redacted, flag, status)] = make_item(
            sessions[status], consent=consent, moderation=moderation, safeguarding=flag, text=original,
            redacted_text=f"The doctor said no: {consent} {moderation} {flag} {status}" if redacted else "")
    leaving = set(feedback_that_may_leave().values_list("pk", flat=True))
    published = {i.pk: i.words for i in published_words()}
    for key, item in items.items():
        expected = _expected(*key)
        assert (item.pk in leaving) is expected, key
        assert may_leave(item) is expected and may_be_published(item) is expected, key
        assert (item.pk in published) is expected, key
        if expected:
            redacted = key[2]
            # What leaves is the redacted words when staff redacted them, and never the original then.
            assert published[item.pk] == (item.redacted_text if redacted else item.text), key
            assert ("Okafor" in published[item.pk]) is not redacted, key
    assert len(leaving) == 4  # quoted or anonymised, redacted or not; approved, not safeguarding, submitted
    assert feedback_that_may_be_published is feedback_that_may_leave


def test_the_words_that_leave_never_carry_the_original_text(world):
    session = make_session(make_active(world), created_by=world.group_member, status=Session.Status.SUBMITTED)
    make_item(session, text="Nurse Adaeze on ward 7 was rude", redacted_text="A nurse was rude",
              moderation=Moderation.APPROVED)
    item = published_words().get()
    assert item.words == "A nurse was rude"
    assert "text" in item.get_deferred_fields()  # a template reaching for .text would cost a query, and a review


def test_narrows_a_given_queryset_and_never_widens_it(world):
    grant = make_active(world)
    session = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED)
    shared = make_item(session, consent=Consent.QUOTE, moderation=Moderation.APPROVED)
    make_item(session, consent=Consent.QUOTE, safeguarding=True, moderation=Moderation.APPROVED)
    make_item(session, consent=Consent.QUOTE)  # not yet moderated
    other = make_item(session, consent=Consent.ANONYMISED, moderation=Moderation.APPROVED)
    chosen = session.items.filter(pk=shared.pk)
    assert list(feedback_that_may_leave(chosen)) == [shared]
    assert set(feedback_that_may_leave(session.items.all())) == {shared, other}
