"""One selector decides what feedback may leave the group and the host; every combination is checked here."""
from __future__ import annotations

import itertools

import pytest

from engagement.choices import Consent
from engagement.models import FeedbackItem, Session
from engagement.selectors.sharing import feedback_that_may_leave, may_leave
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db

M = FeedbackItem.Moderation
COMBINATIONS = list(itertools.product(Consent.values, (False, True), Session.Status.values, M.values))


def _expected(consent: str, safeguarding: bool, status: str, moderation: str) -> bool:
    return (consent != Consent.INTERNAL and not safeguarding and status == Session.Status.SUBMITTED
            and moderation == M.APPROVED)


def test_every_combination_of_consent_safeguarding_and_session_status(world):
    grant = make_active(world)
    sessions = {status: make_session(grant, created_by=world.group_member, status=status, title=status)
                for status in Session.Status.values}
    items = {(consent, flag, status, moderation): make_item(sessions[status], consent=consent, safeguarding=flag,
                                                            moderation=moderation,
                                                            text=f"{consent} {flag} {status} {moderation}")
             for consent, flag, status, moderation in COMBINATIONS}
    leaving = set(feedback_that_may_leave().values_list("pk", flat=True))
    for key, item in items.items():
        assert (item.pk in leaving) is _expected(*key), key
        assert may_leave(item) is _expected(*key), key
    assert len(leaving) == 2  # quoted and anonymised, not safeguarding, submitted, approved


def test_narrows_a_given_queryset_and_never_widens_it(world):
    grant = make_active(world)
    session = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED)
    shared = make_item(session, consent=Consent.QUOTE, moderation=M.APPROVED)
    make_item(session, consent=Consent.QUOTE, safeguarding=True, moderation=M.APPROVED)
    other = make_item(session, consent=Consent.ANONYMISED, moderation=M.APPROVED)
    make_item(session, consent=Consent.QUOTE)  # not yet moderated
    chosen = session.items.filter(pk=shared.pk)
    assert list(feedback_that_may_leave(chosen)) == [shared]
    assert set(feedback_that_may_leave(session.items.all())) == {shared, other}
