"""The moderation queue and the decision page."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engagement.choices import Consent
from engagement.models import FeedbackItem, Session
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db
Moderation = FeedbackItem.Moderation


@pytest.fixture
def submitted(world):
    return make_session(make_active(world), created_by=world.group_member, status=Session.Status.SUBMITTED)


def test_the_queue_holds_only_what_may_be_published_oldest_first(world, as_host, submitted,
                                                                 django_assert_max_num_queries):
    grant = submitted.grant
    older = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED,
                         held_on=dt.date(2026, 5, 1))
    first = make_item(older, text="Oldest waiting")
    make_item(submitted, text="Newer waiting", consent=Consent.ANONYMISED)
    make_item(submitted, text="Internal words", consent=Consent.INTERNAL)
    make_item(submitted, text="A safeguarding concern", safeguarding=True)
    make_item(submitted, text="Already approved", moderation=Moderation.APPROVED)
    make_item(make_session(grant, created_by=world.group_member), text="From a draft")
    for n in range(30):
        make_item(submitted, text=f"Filler {n}")
    with django_assert_max_num_queries(10):
        response = as_host.get(reverse("engagement:moderation_queue"))
    page = response.content.decode()
    items = list(response.context["page"].object_list)
    assert items[0] == first and response.context["page"].paginator.count == 32
    for hidden in ("Internal words", "A safeguarding concern", "Already approved", "From a draft"):
        assert hidden not in page
    assert "Page 1 of 2" in page


def test_approving_with_redacted_words(world, as_host, submitted):
    item = make_item(submitted, text="Mrs Achterberg on Acre Lane waited 6 hours")
    response = as_host.post(reverse("engagement:moderate", args=[item.pk]),
                            {"decision": Moderation.APPROVED, "redacted_text": "I waited 6 hours"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published_text == "I waited 6 hours" and item.moderation == Moderation.APPROVED
    page = as_host.get(reverse("engagement:moderate", args=[item.pk])).content.decode()
    assert "Published as: “I waited 6 hours”" in page


def test_refusing_without_a_reason_is_an_error_summary(as_host, submitted):
    item = make_item(submitted)
    response = as_host.post(reverse("engagement:moderate", args=[item.pk]), {"decision": Moderation.REJECTED})
    assert response.status_code == 400
    assert "Enter why this is not for publication" in response.content.decode()


@pytest.mark.parametrize("extra", [{"consent": Consent.INTERNAL}, {"safeguarding": True}])
def test_internal_and_safeguarding_items_offer_no_approval_and_refuse_a_forged_one(as_host, submitted, extra):
    item = make_item(submitted, **extra)
    page = as_host.get(reverse("engagement:moderate", args=[item.pk])).content.decode()
    assert "Yes, approve it for publication" not in page
    response = as_host.post(reverse("engagement:moderate", args=[item.pk]),
                            {"decision": Moderation.APPROVED, "redacted_text": "Forged"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.moderation == Moderation.PENDING
