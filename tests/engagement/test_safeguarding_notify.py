"""A feedback item flagged as a safeguarding concern is e-mailed to the host's safeguarding contacts, once."""
from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from engagement.services.safeguarding import safeguarding_concerns_notify, safeguarding_contacts
from grassroots.accounts.models import Membership
from tests.engagement.factories import make_item, make_session
from tests.factories import make_member
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_contacts_are_told_once_and_the_email_holds_no_words(world):
    contact = make_member(world.host, Membership.Role.STAFF, email="sam@healthwatchlambeth.org.uk",
                          name="Sam Safeguard")
    Membership.objects.filter(user=contact).update(safeguarding_contact=True)
    session = make_session(make_active(world), created_by=world.group_member)
    concern = make_item(session, text="My neighbour is being hit by her son", safeguarding=True)
    plain = make_item(session, text="Lovely nurses")
    mail.outbox.clear()
    with transaction.atomic():
        assert safeguarding_concerns_notify(item_ids=[concern.pk, plain.pk]) == 1
        assert mail.outbox == []  # only once the change is committed
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@healthwatchlambeth.org.uk"]
    assert session.reference in mail.outbox[0].body
    assert "hit by her son" not in mail.outbox[0].body
    with transaction.atomic():
        assert safeguarding_concerns_notify(item_ids=[concern.pk]) == 0
    assert len(mail.outbox) == 1


def test_without_marked_contacts_the_host_staff_are_told(world):
    assert safeguarding_contacts(world.host.pk) == [world.host_staff.email]


def test_a_rolled_back_save_sends_nothing(world):
    session = make_session(make_active(world), created_by=world.group_member)
    concern = make_item(session, safeguarding=True)
    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        safeguarding_concerns_notify(item_ids=[concern.pk])
        raise RuntimeError("the save failed")
    assert mail.outbox == []
    concern.refresh_from_db()
    assert concern.safeguarding_notified_at is None
