"""feedback_item_save / feedback_item_delete: one item per phone id, editable by the group until the session is
submitted and by host staff at any time, a timeline row for each change, safeguarding concerns e-mailed once."""
from __future__ import annotations

import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection

from engagement.models import FeedbackItem, Session, SessionEvent
from engagement.models.feedback import TEXT_MAX
from engagement.services.feedback import feedback_item_delete, feedback_item_save
from tests.engagement.factories import make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db(transaction=True)

DATA = {"text": "  The pharmacist explained my new tablets properly.  ", "service": "pharmacy",
        "sentiment": "positive", "consent": "quote", "age_band": "65_74", "ethnic_group": "black_caribbean",
        "safeguarding": False}


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member)


def test_saving_the_same_client_id_twice_makes_one_item(world, session):
    client_id = uuid.uuid4()
    first, changed = feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=DATA)
    assert changed
    again, changed_again = feedback_item_save(actor=world.group_member, session=session, client_id=str(client_id),
                                              data=DATA)
    assert not changed_again and again.pk == first.pk
    assert FeedbackItem.objects.filter(session=session).count() == 1
    assert SessionEvent.objects.filter(session=session, kind="feedback").count() == 1
    item = FeedbackItem.objects.get()
    assert item.text == "The pharmacist explained my new tablets properly."
    assert (item.organisation_id, item.round_id, item.area_id, item.held_on, item.session_kind) == (
        session.organisation_id, session.round_id, session.area_id, session.held_on, session.kind)


def test_a_changed_save_with_the_same_client_id_updates_the_item(world, session):
    client_id = uuid.uuid4()
    feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=DATA)
    item, changed = feedback_item_save(actor=world.group_member, session=session, client_id=client_id,
                                       data={**DATA, "sentiment": "mixed"})
    assert changed and item.sentiment == "mixed"
    assert FeedbackItem.objects.count() == 1
    assert SessionEvent.objects.filter(session=session, kind="feedback").count() == 2


@pytest.mark.parametrize(("field", "value"), [("text", "   "), ("text", "x" * (TEXT_MAX + 1)), ("service", ""),
                                              ("sentiment", "furious"), ("consent", ""), ("age_band", "ancient")])
def test_bad_input_is_refused_by_field(world, session, field, value):
    with pytest.raises(ValidationError) as exc:
        feedback_item_save(actor=world.group_member, session=session, client_id=uuid.uuid4(),
                           data={**DATA, field: value})
    assert field in exc.value.message_dict
    assert not FeedbackItem.objects.exists()


def test_the_group_may_not_change_feedback_once_the_session_is_submitted_but_staff_may(world, session):
    client_id = uuid.uuid4()
    feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=DATA)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SUBMITTED)
    session.refresh_from_db()
    with pytest.raises(PermissionDenied, match="ask your host staff"):
        feedback_item_save(actor=world.group_member, session=session, client_id=uuid.uuid4(), data=DATA)
    with pytest.raises(PermissionDenied):
        feedback_item_save(actor=world.group_member, session=session, client_id=client_id,
                           data={**DATA, "text": "Changed afterwards"})
    # A retry of what already arrived still answers OK: the phone learns it was saved.
    _, changed = feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=DATA)
    assert not changed
    with pytest.raises(PermissionDenied):
        feedback_item_delete(actor=world.group_member, item=FeedbackItem.objects.get())
    item, changed = feedback_item_save(actor=world.host_staff, session=session, client_id=client_id,
                                       data={**DATA, "consent": "internal"})
    assert changed and item.consent == "internal"
    feedback_item_delete(actor=world.host_staff, item=item)
    assert not FeedbackItem.objects.exists()


def test_another_group_may_not_save_to_the_session(world, session):
    with pytest.raises(PermissionDenied):
        feedback_item_save(actor=world.other_group_member, session=session, client_id=uuid.uuid4(), data=DATA)
    assert not FeedbackItem.objects.exists()


def test_a_safeguarding_concern_is_emailed_once_even_when_saved_twice_and_its_words_stay_out_of_the_timeline(
        world, session):
    mail.outbox.clear()
    client_id = uuid.uuid4()
    words = "Her carer takes her pension and shouts at her"
    data = {**DATA, "text": words, "safeguarding": True, "service": "social_care"}
    feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=data)
    assert len(mail.outbox) == 1
    feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=data)
    feedback_item_save(actor=world.group_member, session=session, client_id=client_id,
                       data={**data, "sentiment": "negative"})
    assert len(mail.outbox) == 1
    assert words not in mail.outbox[0].body
    notes = list(SessionEvent.objects.filter(session=session).values_list("note", flat=True))
    assert notes and not any("pension" in note for note in notes)
    assert all("safeguarding concern" in note for note in notes)


def test_deleting_twice_deletes_once_and_leaves_a_timeline_row(world, session):
    item, _ = feedback_item_save(actor=world.group_member, session=session, client_id=uuid.uuid4(), data=DATA)
    feedback_item_delete(actor=world.group_member, item=item)
    feedback_item_delete(actor=world.group_member, item=item)
    assert not FeedbackItem.objects.exists()
    assert SessionEvent.objects.filter(session=session, note__startswith="Feedback deleted").count() == 1


def test_two_saves_of_one_item_at_the_same_moment_make_one_item_and_one_email(world, session):
    """A phone that retries while its first request is still on its way sends the same item twice at once."""
    mail.outbox.clear()
    data = {**DATA, "safeguarding": True}
    for _ in range(3):
        client_id = uuid.uuid4()
        barrier = threading.Barrier(2)
        errors: list[str] = []

        def save(client_id=client_id, barrier=barrier, errors=errors):
            close_old_connections()
            try:
                barrier.wait()
                feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=data)
            except Exception as exc:  # the test reports whatever escaped (an IntegrityError without the lock)
                errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                connection.close()

        threads = [threading.Thread(target=save) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert errors == []
        assert FeedbackItem.objects.filter(client_id=client_id).count() == 1
    assert len(mail.outbox) == 3


def test_changed_words_go_back_to_moderation_and_lose_the_old_redaction(world, session):
    client_id = uuid.uuid4()
    item, _ = feedback_item_save(actor=world.group_member, session=session, client_id=client_id, data=DATA)
    FeedbackItem.objects.filter(pk=item.pk).update(moderation="approved", redacted_text="The pharmacist helped.")
    item, _ = feedback_item_save(actor=world.host_staff, session=session, client_id=client_id,
                                 data={**DATA, "sentiment": "mixed"})  # same words: still approved
    assert (item.moderation, item.redacted_text) == ("approved", "The pharmacist helped.")
    item, _ = feedback_item_save(actor=world.host_staff, session=session, client_id=client_id,
                                 data={**DATA, "text": "Dr Patel explained my tablets"})
    item.refresh_from_db()
    assert (item.moderation, item.redacted_text, item.moderated_by) == ("pending", "", None)
