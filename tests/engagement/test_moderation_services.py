"""Moderation: approval (with redaction) is what lets words leave; internal-only, safeguarding and draft items can
never be approved, whoever asks; each decision is kept with who, when and the words it let out."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.choices import Consent
from engagement.models import FeedbackItem, ModerationDecision, Session, SessionEvent
from engagement.selectors.sharing import may_leave, published_words
from engagement.services.moderation import item_approve, item_refuse
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db
Moderation = FeedbackItem.Moderation


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member, status=Session.Status.SUBMITTED)


def test_approving_with_redaction_publishes_only_the_redacted_words(world, session):
    item = make_item(session, text="Dr Patel at Streatham Hill surgery ignored my sickle cell pain")
    item_approve(actor=world.host_staff, item=item, redacted_text="The doctor ignored my pain")
    item.refresh_from_db()
    assert item.moderation == Moderation.APPROVED and item.moderated_by == world.host_staff
    assert item.published_text == "The doctor ignored my pain"
    assert item.text.startswith("Dr Patel")  # the original stays, internal
    assert published_words().get().words == "The doctor ignored my pain"
    decision = ModerationDecision.objects.get(item=item)
    assert decision.original_text == item.text and decision.redacted_text == "The doctor ignored my pain"
    assert decision.decided_by == world.host_staff
    event = SessionEvent.objects.filter(session=session, note__contains="approved").get()
    assert event.visibility == "staff" and "redacted" in event.note


def test_approving_unchanged_words_publishes_them_as_said(world, session):
    item = make_item(session)
    item_approve(actor=world.host_staff, item=item, redacted_text=item.text + "  ")
    item.refresh_from_db()
    assert item.redacted_text == "" and item.published_text == item.text and may_leave(item)
    item_approve(actor=world.host_staff, item=item, redacted_text=item.text)  # again: nothing new
    assert ModerationDecision.objects.filter(item=item).count() == 1


@pytest.mark.parametrize("kind", ["internal", "safeguarding", "draft"])
def test_internal_safeguarding_and_draft_items_can_never_be_approved(world, session, kind):
    if kind == "draft":
        session = make_session(session.grant, created_by=world.group_member)
    item = make_item(session, consent=Consent.INTERNAL if kind == "internal" else Consent.QUOTE,
                     safeguarding=kind == "safeguarding")
    for actor in (world.host_staff, world.admin):
        with pytest.raises(ValidationError):
            item_approve(actor=actor, item=item, redacted_text="Something safe")
    item.refresh_from_db()
    assert item.moderation == Moderation.PENDING and not may_leave(item)
    assert not ModerationDecision.objects.exists()


def test_not_for_publication_needs_a_reason_and_withdraws_an_approval(world, session):
    item = make_item(session)
    item_approve(actor=world.host_staff, item=item, redacted_text=item.text)
    assert may_leave(item)
    with pytest.raises(ValidationError):
        item_refuse(actor=world.host_staff, item=item, reason="  ")
    item_refuse(actor=world.host_staff, item=item, reason="Names a small village")
    item.refresh_from_db()
    assert item.moderation == Moderation.REJECTED and not may_leave(item)
    assert list(ModerationDecision.objects.filter(item=item).values_list("decision", flat=True)) == [
        Moderation.REJECTED, Moderation.APPROVED]


def test_only_staff_who_run_the_round_moderate(world, session):
    item = make_item(session)
    for actor in (world.group_member, world.commissioner, world.other_group_member):
        with pytest.raises(PermissionDenied):
            item_approve(actor=actor, item=item, redacted_text="x")
        with pytest.raises(PermissionDenied):
            item_refuse(actor=actor, item=item, reason="x")
