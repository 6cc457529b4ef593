"""Staff of two host organisations: they choose which one they send feedback on or record an action as, and what
they send or link as one host is always that host's feedback, so a colleague of one host alone never reads the
other's originals through a routing or an action."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engagement.models import Action, FeedbackItem, Routing, Session
from engagement.services.actions import ActionDetails, action_create
from engagement.services.routing import routing_send
from grassroots.accounts.models import Membership, Organisation, User
from tests.engagement.factories import make_item, make_session
from tests.engagement.routing_helpers import Routed, routing_world, tag
from tests.engagement.theme_factories import make_theme
from tests.factories import make_member
from tests.grants.factories import make_active, make_other_host

pytestmark = pytest.mark.django_db(transaction=True)

APPROVED = FeedbackItem.Moderation.APPROVED
CREATE = reverse("engagement:routing_create")


@dataclass
class TwoHosts:
    r: Routed                  # Healthwatch Lambeth's submitted session and its feedback
    elsewhere: Organisation    # Healthwatch Elsewhere, whose programme Hana also runs
    eli: User                  # staff of Healthwatch Elsewhere only
    lambeth_only: User         # staff of Healthwatch Lambeth only
    theirs: FeedbackItem       # feedback from Healthwatch Elsewhere's round, approved, may leave


def two_hosts(world) -> TwoHosts:
    r = routing_world(world)
    elsewhere, eli, programme, rnd = make_other_host(world)
    programme.commissioners.add(world.icb)
    Membership.objects.create(user=world.host_staff, organisation=elsewhere, role=Membership.Role.STAFF)
    world.host_staff = User.objects.get(pk=world.host_staff.pk)  # not the copy whose memberships are cached
    session = make_session(make_active(world, rnd=rnd, title="Elsewhere lunches"), created_by=world.group_member,
                           status=Session.Status.SUBMITTED, title="Elsewhere walk-in")
    theirs = make_item(session, text="Elsewhere the walk-in centre shuts at six", moderation=APPROVED)
    lambeth_only = make_member(world.host, Membership.Role.STAFF, email="lou@healthwatchlambeth.org.uk",
                               name="Lou Lambeth")
    return TwoHosts(r, elsewhere, eli, lambeth_only, theirs)


def test_another_hosts_feedback_cannot_be_sent_as_this_host(world, login_as):
    t = two_hosts(world)
    with pytest.raises(ValidationError) as caught:
        routing_send(actor=world.host_staff, host=world.host, title="Mixed", message="Please reply",
                     item_ids=[t.r.quoted.pk, t.theirs.pk], recipients=[t.r.provider])
    assert "1 of the chosen items is not feedback of Healthwatch Lambeth's rounds" in str(caught.value)
    assert not Routing.objects.exists()
    routing = routing_send(actor=world.host_staff, host=t.elsewhere, title="Walk-in hours", message="Please reply",
                           item_ids=[t.theirs.pk], recipients=[t.r.provider])
    assert routing.host == t.elsewhere
    detail = reverse("engagement:routing_detail", args=[routing.pk])
    assert login_as(t.lambeth_only).get(detail).status_code == 404
    assert "walk-in centre shuts at six" in login_as(t.eli).get(detail).content.decode()


def test_staff_of_two_hosts_choose_which_one_they_send_as(world, login_as, django_assert_max_num_queries):
    t = two_hosts(world)
    client = login_as(world.host_staff)
    with django_assert_max_num_queries(12):
        lambeth = client.get(CREATE, {"host": world.host.pk}).content.decode()
    assert 'id="id_send_as"' in lambeth and f'<option value="{world.host.pk}" selected>' in lambeth
    assert "Nobody answers the phone" in lambeth and "walk-in centre" not in lambeth
    assert f'<input type="hidden" name="host" value="{world.host.pk}">' in lambeth  # the filters keep the choice
    url = f"{CREATE}?host={t.elsewhere.pk}"
    elsewhere = client.get(url).content.decode()
    assert "walk-in centre" in elsewhere and "Nobody answers the phone" not in elsewhere
    refused = client.post(url, {"title": "Hours", "message": "Please act", "reply_days": "20",
                                "items": [str(t.r.quoted.pk)], "recipients": [str(t.r.provider.pk)]})
    assert refused.status_code == 400 and not Routing.objects.exists()
    client.post(url, {"title": "Hours", "message": "Please act", "reply_days": "20", "items": [str(t.theirs.pk)],
                      "recipients": [str(t.r.provider.pk)]})
    assert Routing.objects.get().host == t.elsewhere


def test_a_host_id_that_is_not_theirs_falls_back_to_their_own_and_one_host_sees_no_choice(world, login_as):
    t = two_hosts(world)
    stranger = Organisation.objects.create(name="Healthwatch Nowhere", kind=Organisation.Kind.HOST)
    page = login_as(world.host_staff).get(CREATE, {"host": stranger.pk}).content.decode()
    assert f'<option value="{stranger.pk}"' not in page  # never offered as a host to send as
    assert f'<option value="{t.elsewhere.pk}" selected>' in page and "walk-in centre" in page  # their first, by name
    for text in ("x", "", "1 OR 1=1"):
        assert login_as(world.host_staff).get(CREATE, {"host": text}).status_code == 200
    single = login_as(t.lambeth_only).get(CREATE, {"host": t.elsewhere.pk}).content.decode()
    assert 'id="id_send_as"' not in single and "walk-in centre" not in single
    assert "Nobody answers the phone" in single


def test_an_action_is_recorded_as_the_chosen_host_and_links_only_its_feedback(world, login_as):
    t = two_hosts(world)
    client = login_as(world.host_staff)
    url = f"{reverse('engagement:action_create')}?host={t.elsewhere.pk}"
    page = client.get(url).content.decode()
    assert 'id="id_send_as"' in page and "walk-in centre" in page and "Nobody answers the phone" not in page
    client.post(url, {"kind": "action", "title": "Open until eight", "description": "From April",
                      "owner": str(t.r.provider.pk), "items": [str(t.theirs.pk)]})
    action = Action.objects.get()
    assert action.host == t.elsewhere and list(action.items.all()) == [t.theirs]
    mixed = action_create(actor=world.host_staff, host=world.host, upload=None, details=ActionDetails(
        owner=t.r.provider, title="GP phones", description="More lines", kind="action",
        item_ids=[t.r.quoted.pk, t.theirs.pk]))
    assert list(mixed.items.all()) == [t.r.quoted]  # Elsewhere's words never reach Lambeth's action
    assert "walk-in centre" not in login_as(t.lambeth_only).get(
        reverse("engagement:action_detail", args=[mixed.pk])).content.decode()


def test_a_theme_is_sent_as_the_chosen_host(world, login_as):
    t = two_hosts(world)
    theme = make_theme(t.elsewhere, "Urgent care", subs=("Walk-in hours",))
    tag(t.theirs, theme.sub_themes.get(), world.host_staff)
    client = login_as(world.host_staff)
    create = reverse("engagement:routing_theme_create")
    lambeth = client.get(create, {"host": world.host.pk}).content.decode()
    assert "Urgent care" not in lambeth
    url = f"{create}?host={t.elsewhere.pk}"
    assert "Urgent care" in client.get(url).content.decode()
    answers = {"theme": theme.pk, "period_start_0": "1", "period_start_1": "9", "period_start_2": "2026",
               "period_end_0": "31", "period_end_1": "12", "period_end_2": "2026", "area": "",
               "recipients": [t.r.provider.pk], "title": "", "message": "", "reply_days": "20"}
    assert client.post(url, answers).url == reverse("engagement:routing_theme_check")
    check = client.get(reverse("engagement:routing_theme_check")).content.decode()
    assert "Healthwatch Elsewhere" in check and "walk-in centre shuts at six" in check
    client.post(reverse("engagement:routing_theme_check"))
    routing = Routing.objects.get()
    assert routing.host == t.elsewhere and list(routing.routed_items.values_list("item_id", flat=True)) == [t.theirs.pk]


@pytest.mark.browser
def test_choosing_the_host_in_chromium(browser, live_server, world):
    """Screenshots at 1280 and 320 px as tests/_artifacts/screenshots/routing-send-as-*.png, checked with axe."""
    from tests.browser import _sign_in, look_at
    t = two_hosts(world)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _sign_in(page, live_server, world.host_staff.email)
        page.goto(f"{live_server.url}{CREATE}")
        page.get_by_label("Send as").select_option(label=world.host.name)
        page.get_by_role("button", name="Change").click()
        page.get_by_text("Nobody answers the phone").first.wait_for()
        assert "walk-in centre" not in page.content()
        page.get_by_label("Send as").select_option(label=t.elsewhere.name)
        page.get_by_role("button", name="Change").click()
        page.get_by_text("walk-in centre shuts at six").first.wait_for()
        problems = look_at(page, "routing-send-as")
    finally:
        context.close()
    assert problems == []
