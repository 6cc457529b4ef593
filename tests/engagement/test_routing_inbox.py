"""Recipients read what was routed to them in their inbox, and answer it; nothing else, never the original."""
from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from engagement.services.routing import routing_send
from tests.engagement.routing_helpers import routing_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(world):
    r = routing_world(world)
    routing = routing_send(actor=world.host_staff, host=world.host, title="GP phone lines", message="What will change?",
                           item_ids=[r.quoted.pk, r.redacted.pk], recipients=[world.icb, r.provider])
    return r, routing


def test_the_recipient_reads_only_the_published_words(sent, world, login_as):
    r, routing = sent
    mine = routing.recipients.get(organisation=r.provider)
    page = login_as(r.provider_staff).get(reverse("engagement:inbox_detail", kwargs={"pk": mine.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nobody answers the phone" in html
    assert "A GP told my mother to go away" in html
    assert "Dr Patel" not in html  # the original of a redacted item stays with the host
    assert "being hit" not in html and "keep this to yourselves" not in html


def test_recipients_see_only_their_own(sent, world, login_as, django_assert_max_num_queries):
    r, routing = sent
    theirs = routing.recipients.get(organisation=world.icb)
    provider = login_as(r.provider_staff)
    assert provider.get(reverse("engagement:inbox_detail", kwargs={"pk": theirs.pk})).status_code == 404
    with django_assert_max_num_queries(8):
        inbox = provider.get(reverse("engagement:inbox"))
    assert "GP phone lines" in inbox.content.decode()
    for client in (login_as(world.group_member), login_as(world.other_group_member)):  # groups have no inbox
        assert client.get(reverse("engagement:inbox_detail", kwargs={"pk": theirs.pk})).status_code == 403
        assert client.get(reverse("engagement:inbox")).status_code == 403
    assert login_as(world.host_staff).get(reverse("engagement:inbox_detail", kwargs={"pk": theirs.pk})).status_code \
        == 404  # the sender reads it on its routing page


def test_an_answer_reaches_the_host_and_shows_beside_the_feedback(sent, world, login_as):
    r, routing = sent
    mine = routing.recipients.get(organisation=r.provider)
    url = reverse("engagement:inbox_detail", kwargs={"pk": mine.pk})
    client = login_as(r.provider_staff)
    form = client.get(url).content.decode()
    assert form.count("Your answer") == 1, "the box's label is the section heading, not said twice"
    assert '<h2 class="govuk-label-wrapper"> <label for="id_answer" class="govuk-label govuk-label--m">' in form
    empty = client.post(url, {"answer": "  "})
    assert empty.status_code == 400 and "Enter your answer" in empty.content.decode()
    mail.outbox.clear()
    done = client.post(url, {"answer": "We are adding two phone lines <b>from March</b>"}, follow=True)
    assert "Your answer has been sent" in done.content.decode()
    assert '<h2 class="govuk-heading-m">Your answer</h2>' in done.content.decode()
    assert [m.to for m in mail.outbox] == [[world.host_staff.email]]
    detail = login_as(world.host_staff).get(reverse("engagement:routing_detail", kwargs={"pk": routing.pk}))
    html = detail.content.decode()
    assert "We are adding two phone lines &lt;b&gt;from March&lt;/b&gt;" in html
    assert "Dr Patel" in html  # host staff keep the original beside the published words
    again = client.post(url, {"answer": "Changed my mind"}, follow=True)
    assert "already been answered" in again.content.decode()
    mine.refresh_from_db()
    assert mine.answer.startswith("We are adding")


def test_host_staff_send_from_the_page(world, login_as, django_assert_max_num_queries):
    r = routing_world(world)
    client = login_as(world.host_staff)
    url = reverse("engagement:routing_create")
    with django_assert_max_num_queries(12):
        page = client.get(url)
    html = page.content.decode()
    assert "Nobody answers the phone" in html and "being hit" not in html and "keep this to yourselves" not in html
    bad = client.post(url, {"title": "", "message": "", "reply_days": "20"})
    assert bad.status_code == 400 and 'href="#id_title"' in bad.content.decode()
    done = client.post(url, {"title": "GP phones", "message": "Please act", "reply_days": "20",
                             "items": [str(r.quoted.pk)], "recipients": [str(r.provider.pk)]}, follow=True)
    assert "Sent to 1 organisation" in done.content.decode()
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("engagement:routing_list"))
    assert "GP phones" in listing.content.decode() and "0 of 1 answered" in listing.content.decode()


def test_a_tampered_item_id_is_refused_on_the_page(world, login_as):
    r = routing_world(world)
    client = login_as(world.host_staff)
    response = client.post(reverse("engagement:routing_create"),
                           {"title": "x", "message": "y", "reply_days": "20", "items": [str(r.concern.pk)],
                            "recipients": [str(r.provider.pk)]})
    assert response.status_code == 400
    assert "being hit" not in response.content.decode()
    assert not r.provider.routings_received.exists()
