"""The pages for sending a theme on: the form (errors in a summary, nothing typed lost), the check page (what
matches, what each organisation is left out, what may not leave, the published words), sending, confirmation,
and who may use them."""
from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import RoutedItem, Routing
from engagement.services.routing import routing_send
from tests.engagement.routing_helpers import theme_world

pytestmark = pytest.mark.django_db(transaction=True)

CREATE, CHECK = reverse("engagement:routing_theme_create"), reverse("engagement:routing_theme_check")


def _answers(t, world, **changes):
    data = {"theme": t.theme.pk, "period_start_0": "1", "period_start_1": "10", "period_start_2": "2026",
            "period_end_0": "31", "period_end_1": "12", "period_end_2": "2026", "area": "",
            "recipients": [world.icb.pk, t.r.provider.pk], "title": "", "message": "", "reply_days": "20"}
    data.update(changes)
    return data


def test_missing_answers_are_listed_in_an_error_summary_and_what_was_typed_stays(world, login_as):
    theme_world(world)
    page = login_as(world.host_staff).post(CREATE, {"title": "Kept <title>", "period_start_0": "31",
                                                    "period_start_1": "2", "period_start_2": "2026"})
    html = page.content.decode()
    assert page.status_code == 400
    assert "<title>Error: " in html and "There is a problem" in html
    assert 'href="#id_theme"' in html and "Choose a theme" in html
    assert "Start of the period must be a real date" in html
    assert "Enter the end of the period" in html
    assert "Choose at least one organisation to send it to" in html
    assert 'value="Kept &lt;title&gt;"' in html


def test_an_end_before_the_start_and_a_theme_with_nothing_to_send_are_refused_on_the_form(world, login_as):
    t = theme_world(world)
    client = login_as(world.host_staff)
    backwards = client.post(CREATE, _answers(t, world, period_end_0="30", period_end_1="9"))
    assert backwards.status_code == 400
    assert "The end of the period must be the same as or after its start" in backwards.content.decode()
    assert 'href="#id_period_end_0"' in backwards.content.decode()
    empty = client.post(CREATE, _answers(t, world, period_start_2="2025", period_end_2="2025"))
    assert empty.status_code == 400 and "No feedback that may be shared" in empty.content.decode()
    assert CHECK not in empty.get("Location", "")


def test_check_answers_shows_what_matches_what_is_left_out_and_only_published_words(world, login_as,
                                                                                   django_assert_max_num_queries):
    t = theme_world(world)
    routing_send(actor=world.host_staff, host=world.host, title="Phones", message="Please reply",
                 item_ids=[t.r.redacted.pk], recipients=[world.icb])
    client = login_as(world.host_staff)
    assert client.post(CREATE, _answers(t, world)).url == CHECK
    with django_assert_max_num_queries(20):
        page = client.get(CHECK)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Getting a GP appointment, October to December 2026" in html  # the default title
    assert "3 pieces of feedback tagged under" in html
    assert "3 more pieces of feedback match but will not be sent" in html
    # the ICB already has the redacted item: 2 sent, 1 left out; the trust gets all 3
    assert ">NHS South East London ICB</th>" in html
    row = html.split("NHS South East London ICB</th>")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[:2]] == ["2", "1"]
    assert "A GP told my mother to go away" in html
    assert "Dr Patel" not in html and "being hit" not in html and "keep this to yourselves" not in html
    assert "Waiting for moderation" not in html


def test_sending_goes_to_a_confirmation_once_and_a_second_press_sends_nothing(world, login_as):
    t = theme_world(world)
    client = login_as(world.host_staff)
    client.post(CREATE, _answers(t, world, title="GP access <autumn>", area=world.area.pk))
    sent = client.post(CHECK)
    routing = Routing.objects.get()
    assert sent.url == reverse("engagement:routing_confirmation", kwargs={"pk": routing.pk})
    done = client.get(sent.url).content.decode()
    assert "Feedback sent" in done and "GP access &lt;autumn&gt;" in done
    assert "Theme: Getting a GP appointment, October to December 2026, Lambeth" in done
    assert "2 pieces of feedback were sent to 2 organisations" in done
    again = client.post(CHECK)
    assert again.url == CREATE
    assert Routing.objects.count() == 1 and RoutedItem.objects.count() == 2


def test_change_brings_back_the_answers(world, login_as):
    t = theme_world(world)
    client = login_as(world.host_staff)
    client.post(CREATE, _answers(t, world, title="My own title", area=world.area.pk))
    html = client.get(CREATE).content.decode()
    assert 'value="My own title"' in html
    assert f'<option value="{world.area.pk}" selected>' in html
    assert 'name="period_start_1" value="10"' in html and 'name="period_end_0" value="31"' in html


def test_recipients_read_the_theme_and_only_the_published_words_and_nothing_else(world, login_as):
    t = theme_world(world)
    client = login_as(world.host_staff)
    client.post(CREATE, _answers(t, world))
    client.post(CHECK)
    routing = Routing.objects.get()
    summary = "Theme: Getting a GP appointment, October to December 2026, every area"
    theirs = routing.recipients.get(organisation=t.r.provider)
    inbox = login_as(t.r.provider_staff).get(reverse("engagement:inbox_detail", kwargs={"pk": theirs.pk}))
    html = inbox.content.decode()
    assert summary in html
    assert "A GP told my mother to go away" in html and "Tooting surgery phones ring out" in html
    assert "Dr Patel" not in html and "being hit" not in html and "Waiting for moderation" not in html
    assert summary in client.get(reverse("engagement:routing_detail", kwargs={"pk": routing.pk})).content.decode()
    icb = routing.recipients.get(organisation=world.icb)
    provider = login_as(t.r.provider_staff)
    assert provider.get(reverse("engagement:inbox_detail", kwargs={"pk": icb.pk})).status_code == 404
    assert provider.get(reverse("engagement:routing_confirmation", kwargs={"pk": routing.pk})).status_code == 403
    other_host = login_as(t.other_host_staff)
    assert other_host.get(reverse("engagement:routing_confirmation", kwargs={"pk": routing.pk})).status_code == 404
    assert other_host.get(reverse("engagement:routing_detail", kwargs={"pk": routing.pk})).status_code == 404


def test_groups_and_commissioners_cannot_send_a_theme(world, login_as):
    t = theme_world(world)
    for user in (world.group_member, world.commissioner):
        client = login_as(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, _answers(t, world)).status_code == 403
        assert client.post(CHECK).status_code == 403
    assert not Routing.objects.exists()


def test_another_host_cannot_send_this_hosts_theme(world, login_as):
    t = theme_world(world)
    client = login_as(t.other_host_staff)
    page = client.post(CREATE, _answers(t, world))
    assert page.status_code == 400 and 'href="#id_theme"' in page.content.decode()
    assert f'<option value="{t.theme.pk}"' not in client.get(CREATE).content.decode()
    assert client.post(CHECK).url == CREATE
    assert not Routing.objects.exists()


def test_the_inbox_counts_only_what_was_sent_to_that_organisation(world, login_as, django_assert_max_num_queries):
    t = theme_world(world)
    routing_send(actor=world.host_staff, host=world.host, title="Phones", message="Please reply",
                 item_ids=[t.r.redacted.pk], recipients=[world.icb])
    client = login_as(world.host_staff)
    client.post(CREATE, _answers(t, world, title="Theme sending"))
    client.post(CHECK)
    commissioner = login_as(world.commissioner)
    with django_assert_max_num_queries(8):
        inbox = commissioner.get(reverse("engagement:inbox")).content.decode()
    assert inbox.split("Theme sending")[1].split("</td>")[0].strip().endswith("2 items</span>")
    mine = Routing.objects.get(title="Theme sending").recipients.get(organisation=world.icb)
    page = commissioner.get(reverse("engagement:inbox_detail", kwargs={"pk": mine.pk})).content.decode()
    assert "What people said (2)" in page and "A GP told my mother" not in page


def test_if_an_organisation_got_everything_since_the_form_the_check_page_names_it_and_sends_nothing(world, login_as):
    t = theme_world(world)
    client = login_as(world.host_staff)
    client.post(CREATE, _answers(t, world))
    routing_send(actor=world.host_staff, host=world.host, title="Meanwhile", message="Please reply",
                 item_ids=[t.r.quoted.pk, t.r.redacted.pk, t.in_wandsworth.pk], recipients=[world.icb])
    page = client.get(CHECK)
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert f'href="{CREATE}#id_recipients_1"' in html and "NHS South East London ICB already has every item" in html
    assert "Send to" not in html
    refused = client.post(CHECK)
    assert refused.status_code == 400
    assert Routing.objects.count() == 1
