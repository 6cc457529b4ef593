"""The listening loop end to end in Chromium, clicking as each person would: a group's volunteer logs a session and
its feedback (one quotable, one internal only, one safeguarding concern) and submits it; host staff tag an item with
a sub-theme, approve it with the names taken out and send it to a provider; the provider's member finds it in their
inbox and answers; host staff record the action the provider does, publish it and mark it done; the public
"You said, we did" page shows the redacted words (never the original, the internal or the safeguarding text) with
the action and its status, and the group's dashboard shows what happened, with exactly one e-mail to the group.

Every page visited is screenshotted at 1280 and 375 px (tests/_artifacts/screenshots/loop-*.png) and checked with
axe (no serious or critical violations) and for anything wider than the phone's screen.
"""
from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from engagement.models import Action, FeedbackItem, Routing, Session
from grassroots.accounts.models import Membership, Organisation
from grassroots.mail.models import OutboundEmail
from tests.browser import SCREENSHOTS, _sign_in, axe_serious, overflowing_elements
from tests.engagement.theme_factories import make_theme
from tests.factories import make_member, make_org
from tests.grants.factories import make_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 15_000
WIDTHS = (1280, 375)

QUOTABLE = "Dr Patel at Brixton Hill surgery never answers the phone before ten"
REDACTED = "The GP surgery never answers the phone before ten"
INTERNAL = "Please keep this between us: the receptionist shouts at people"
CONCERN = "My neighbour has not been seen for a week and her post is piling up"
ACTION_TITLE = "Two more phone lines at the surgery in the morning"
WHAT_CHANGED = "Calls before ten are now answered within five minutes"


class Shots:
    """Screenshots of each step at each width, and what axe and the overflow check found on each."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.n = 0

    def __call__(self, page, name: str) -> None:
        self.n += 1
        text = page.inner_text("body")
        self.problems.extend(f"{name} shows {bad!r}" for bad in (" object (", "Server Error", "Traceback") if bad in text)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 667 if width < 400 else 900})
            page.screenshot(path=str(SCREENSHOTS / f"loop-{self.n:02d}-{name}-{width}.png"), full_page=True)
            self.problems.extend(f"{name} at {width}px: {v['id']} ({v['impact']}) {v['help']}"
                                 for v in axe_serious(page))
            if width < 400:
                self.problems.extend(f"{name} at {width}px is wider than the screen: {e}"
                                     for e in overflowing_elements(page))
        page.set_viewport_size({"width": 1280, "height": 900})


def _new_page(browser, live_server, email: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    _sign_in(page, live_server, email)
    return context, page


def _menu(page, name: str) -> None:
    page.get_by_role("banner").get_by_role("link", name=name, exact=True).click()


def _log_item(page, text: str, service: str, sentiment: str, consent: str, *, safeguarding: bool = False) -> None:
    page.get_by_label("What was said").fill(text)
    page.get_by_role("group", name="Which service is it about?").get_by_label(service, exact=True).check()
    page.get_by_role("group", name="How did they feel about it?").get_by_label(sentiment, exact=True).check()
    page.get_by_role("group", name="What did they agree to?").get_by_label(consent, exact=True).check()
    if safeguarding:
        page.get_by_label("This is a safeguarding concern").check()
    page.get_by_role("button", name="Save and add another").click()
    page.locator("[data-feedback-list] li", has_text=text).get_by_text("Saved", exact=True).wait_for()


def test_feedback_goes_round_the_listening_loop(browser, live_server, world):
    grant = make_active(world)
    theme = make_theme(world.host, "Getting a GP appointment", subs=("Booking", "Phone lines"))
    provider = make_org("Brixton Hill Primary Care Network", Organisation.Kind.PROVIDER)
    provider_member = make_member(provider, Membership.Role.STAFF, email="pat@brixtonhillpcn.nhs.uk",
                                  name="Pat Provider")
    before = set(OutboundEmail.objects.values_list("pk", flat=True))  # the grant's award letters
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("loop-*.png"):  # numbered by step: a renamed step must not leave a stale one
        old.unlink()
    shoot = Shots()
    url = live_server.url
    contexts = []
    try:
        # 1. The group's volunteer logs a session and its feedback, then submits it.
        context, page = _new_page(browser, live_server, world.group_member.email)
        contexts.append(context)
        shoot(page, "group-dashboard")
        page.get_by_role("link", name="Log a session").first.click()
        page.get_by_label("Listening event").check()
        page.get_by_label("Name of the session").fill("Coffee morning at St Mark's")
        dates = page.get_by_role("group", name="Date")
        dates.get_by_label("Day").fill("14")
        dates.get_by_label("Month").fill("10")
        dates.get_by_label("Year").fill("2026")
        page.get_by_label("People who took part").fill("12")
        shoot(page, "session-form")
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_selector("h1:has-text('Who came')")
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_role("link", name="Add or change feedback").click()
        _log_item(page, QUOTABLE, "GP", "Negative", "May be quoted")
        _log_item(page, INTERNAL, "GP", "Negative", "Internal only")
        _log_item(page, CONCERN, "Social care", "Negative", "Internal only", safeguarding=True)
        shoot(page, "feedback-logged")
        page.get_by_role("link", name="Back to the session").click()
        page.get_by_role("link", name="Check and submit").click()
        shoot(page, "session-check")
        page.get_by_role("button", name="Submit the session").click()
        page.wait_for_selector("h1:has-text('Session submitted')")
        shoot(page, "session-submitted")
        session = Session.objects.get(grant=grant)
        assert session.is_submitted
        quotable = FeedbackItem.objects.get(text=QUOTABLE)
        context.close()

        # 2. Host staff tag the quotable item, approve it with the names taken out, and send it to the provider.
        context, page = _new_page(browser, live_server, world.host_staff.email)
        contexts.append(context)
        page.get_by_role("link", name="1 safeguarding concern needs attention").wait_for()
        shoot(page, "host-dashboard")
        _menu(page, "Feedback")
        shoot(page, "staff-feedback")
        card = page.locator(".govuk-summary-card", has_text=QUOTABLE)
        card.get_by_role("link", name=re.compile("^Themes")).click()
        page.get_by_label("Sub-theme").select_option(label="Getting a GP appointment: Phone lines")
        page.get_by_role("button", name="Add tag").click()
        page.locator(".govuk-summary-list__key", has_text="Phone lines").wait_for()
        shoot(page, "tagged")
        assert [(t.sub_theme.theme, t.sub_theme.name) for t in quotable.tags.all()] == [(theme, "Phone lines")]

        _menu(page, "Moderation")
        shoot(page, "moderation-queue")
        queue = page.locator("main").inner_text()
        assert "1 item waiting" in queue and QUOTABLE in queue
        assert INTERNAL not in queue and CONCERN not in queue, "neither may be published, so neither waits"
        page.get_by_role("link", name=QUOTABLE).click()
        page.get_by_label("Yes, approve it for publication").check()
        page.get_by_label("Words to publish").fill(REDACTED)
        shoot(page, "moderate")
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text("Approved for publication.").wait_for()
        quotable.refresh_from_db()
        assert (quotable.moderation, quotable.published_text) == (FeedbackItem.Moderation.APPROVED, REDACTED)

        _menu(page, "Sent on")
        shoot(page, "routing-list")
        page.get_by_role("link", name="Send feedback on").first.click()
        assert INTERNAL not in page.content() and CONCERN not in page.content() and QUOTABLE not in page.content()
        page.get_by_label("Title").fill("Phone lines at Brixton Hill")
        page.get_by_label("What you are asking them to do").fill("What will you do about the morning phones?")
        page.get_by_role("group", name="Send it to").get_by_label(provider.name).check()
        page.get_by_role("group", name="Feedback to send").get_by_label(re.compile(REDACTED)).check()
        shoot(page, "routing-form")
        page.get_by_role("button", name=re.compile("^Send")).click()
        page.wait_for_url(re.compile(r"/engagement/sent/\d+/"))
        shoot(page, "routing-sent")
        routing = Routing.objects.get()
        assert list(routing.routed_items.values_list("item_id", flat=True)) == [quotable.pk]
        context.close()

        # 3. The provider's member finds it in their inbox and answers.
        context, page = _new_page(browser, live_server, provider_member.email)
        contexts.append(context)
        shoot(page, "provider-dashboard")
        page.get_by_role("link", name="Everything sent to you").click()
        shoot(page, "provider-inbox")
        page.get_by_role("link", name="Phone lines at Brixton Hill").click()
        assert REDACTED in page.content() and QUOTABLE not in page.content()
        page.get_by_label("Your answer").fill("We are adding two phone lines from 8am in December.")
        shoot(page, "provider-answer")
        page.get_by_role("button", name="Send answer").click()
        page.get_by_text("We are adding two phone lines from 8am in December.").wait_for()
        shoot(page, "provider-answered")
        context.close()

        # 4. Host staff read the answer, record the action the provider does, publish it and mark it done.
        context, page = _new_page(browser, live_server, world.host_staff.email)
        contexts.append(context)
        _menu(page, "Sent on")
        page.get_by_role("link", name="Phone lines at Brixton Hill").click()
        page.get_by_text("We are adding two phone lines from 8am in December.").wait_for()
        shoot(page, "routing-answered")
        _menu(page, "Actions")
        shoot(page, "action-list-empty")
        page.get_by_role("link", name=re.compile("Record an action")).first.click()
        page.get_by_label("Action", exact=True).check()
        page.get_by_label("Title").fill(ACTION_TITLE)
        page.get_by_label("What will be done, and why").fill("Two more lines from 8am so people can get through.")
        page.get_by_label("Who does it").select_option(label=provider.name)
        page.get_by_label("What changed for people").fill(WHAT_CHANGED)
        page.get_by_role("group", name="Feedback it answers").get_by_label(re.compile(REDACTED)).check()
        shoot(page, "action-form")
        page.get_by_role("button", name=re.compile("^Save")).click()
        page.wait_for_url(re.compile(r"/engagement/actions/\d+/$"))
        shoot(page, "action-recorded")
        action = Action.objects.get()
        assert (action.owner, action.published) == (provider, False)
        assert list(action.items.all()) == [quotable] and list(action.grants.all()) == [grant]
        page.get_by_role("link", name="Change the action").click()
        page.get_by_label("Show on the public “You said, we did” page").check()
        page.get_by_role("button", name=re.compile("^Save")).click()
        page.locator(".govuk-tag", has_text="Published").wait_for()
        action.refresh_from_db()
        assert action.published
        page.get_by_label("Done", exact=True).check()
        page.get_by_role("button", name=re.compile("status", re.I)).click()
        page.locator(".govuk-tag", has_text="Done").first.wait_for()
        shoot(page, "action-done")
        action.refresh_from_db()
        assert action.is_done
        context.close()

        # 5. The provider sees the action they own; the public page and the group's dashboard show what happened.
        context, page = _new_page(browser, live_server, provider_member.email)
        contexts.append(context)
        _menu(page, "Our actions")
        page.get_by_role("link", name=ACTION_TITLE).click()
        shoot(page, "provider-action")
        context.close()

        cache.clear()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{url}/engagement/you-said-we-did/")
        shoot(page, "public-index")
        page.get_by_role("link", name=session.area.name).click()
        page.get_by_role("heading", name=ACTION_TITLE).wait_for()
        shoot(page, "public")
        public = page.content()
        assert REDACTED in public and ACTION_TITLE in public and WHAT_CHANGED in public
        assert QUOTABLE not in public and INTERNAL not in public and CONCERN not in public
        context.close()

        context, page = _new_page(browser, live_server, world.group_member.email)
        contexts.append(context)
        panel = page.locator("div", has=page.get_by_role("heading", name="What happened to what your community said"))
        assert ACTION_TITLE in panel.last.inner_text()
        shoot(page, "group-dashboard-after")
        page.get_by_role("link", name="Everything that happened (1)").click()
        page.get_by_role("heading", name=re.compile(ACTION_TITLE)).wait_for()
        shoot(page, "group-outcomes")
        outcomes = page.content()
        assert WHAT_CHANGED in outcomes and "Done" in outcomes
    finally:
        for context in contexts:
            context.close()
    to_group = [e for e in OutboundEmail.objects.exclude(pk__in=before) if world.group_member.email in e.recipients]
    assert [e.subject for e in to_group] == [f"What happened to what your community said: {ACTION_TITLE}"]
    assert not shoot.problems, "\n".join(shoot.problems)
