"""A volunteer logs ten pieces of feedback on a phone (375 by 667 px, Chromium) with the signal dropping for part of it
and the sign-in expiring midway: every item arrives exactly once, and nothing is left in the browser's storage.

Screenshots: tests/_artifacts/screenshots/capture-*.png (375, and the page at 1280 and 320 px); axe checks each.
"""
from __future__ import annotations

import re

import pytest

from engagement.models import FeedbackItem
from tests.browser import SCREENSHOTS, axe_serious, overflowing_elements
from tests.browser import _sign_in as sign_in
from tests.engagement.factories import make_item, make_session
from tests.factories import PASSWORD, make_world
from tests.grants.factories import make_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 30_000

# (what was said, service, sentiment, consent)
ITEMS = [
    ("Could not get a GP appointment for three weeks", "GP", "Negative", "May be quoted"),
    ("The midwife came to our flat and used an interpreter", "Maternity", "Positive", "Anonymised only"),
    ("Waited nine hours in A&E with my dad", "A&E", "Negative", "May be quoted"),
    ("Pharmacist explained the new tablets properly", "Pharmacy", "Positive", "Internal only"),
    ("No NHS dentist taking adults within ten miles", "Dental", "Negative", "May be quoted"),
    ("111 told me to go to A&E, A&E sent me home", "NHS 111", "Mixed", "Anonymised only"),
    ("Carers change every week and do not know her", "Social care", "Negative", "May be quoted"),
    ("Talking therapy waiting list is eighteen months", "Mental health", "Negative", "Anonymised only"),
    ("The hospital letters are only in English", "Hospital", "Negative", "May be quoted"),
    ("The community nurse is wonderful with my mum", "Community services", "Positive", "May be quoted"),
]


def _stored_unsent(page) -> list[str]:
    return page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('grassroots-unsent:'))")


def _enter(page, n: int) -> None:
    text, service, sentiment, consent = ITEMS[n]
    page.get_by_label("What was said").fill(text)
    page.get_by_role("group", name="Which service is it about?").get_by_label(service, exact=True).check()
    page.get_by_role("group", name="How did they feel about it?").get_by_label(sentiment, exact=True).check()
    page.get_by_role("group", name="What did they agree to?").get_by_label(consent, exact=True).check()
    if n == 2:
        page.get_by_label("Age").select_option(label="65 to 74")
        page.get_by_label("Ethnic group").select_option(label="Caribbean")
    page.get_by_role("button", name="Save and add another").click()
    # The form clears at once for the next item.
    assert page.get_by_label("What was said").input_value() == ""


def _item(page, n: int):
    return page.locator("[data-feedback-list] li", has_text=ITEMS[n][0])


def _wait_saved(page, *numbers: int) -> None:
    for n in numbers:
        _item(page, n).get_by_text("Saved", exact=True).wait_for()


def _shoot(page, name: str, width: int, problems: dict[str, list]) -> None:
    page.set_viewport_size({"width": width, "height": 667 if width < 400 else 900})
    page.screenshot(path=str(SCREENSHOTS / f"capture-{name}-{width}.png"), full_page=True)
    found = [f"{v['id']} ({v['impact']}): {v['help']}" for v in axe_serious(page)]
    if width <= 375:
        found += [f"wider than the screen: {e}" for e in overflowing_elements(page)]
    if found:
        problems[f"{name} at {width}"] = found


def test_ten_items_arrive_once_through_a_dropped_signal_and_an_expired_sign_in(browser, live_server):
    world = make_world()
    session = make_session(make_active(world), created_by=world.group_member, title="Coffee morning at St Mark's")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 667}, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: dict[str, list] = {}
    capture = f"{live_server.url}/engagement/sessions/{session.pk}/feedback/"
    try:
        sign_in(page, live_server, world.group_member.email)
        page.goto(capture)
        _shoot(page, "empty", 375, problems)

        for n in range(3):
            _enter(page, n)
        _wait_saved(page, 0, 1, 2)

        # The signal drops: items still clear from the form at once and say they are not saved yet.
        context.set_offline(True)
        for n in range(3, 6):
            _enter(page, n)
        for n in range(3, 6):
            _item(page, n).get_by_text(re.compile("Not saved yet")).wait_for()
        # An incomplete item while others wait: the page says what is missing instead of leaving (and losing them).
        page.get_by_role("button", name="Save and add another").click()
        page.locator(".govuk-error-summary").get_by_role("link", name="Enter what was said").wait_for()
        assert page.url == capture
        page.get_by_text("not saved yet — trying again").first.wait_for()
        _shoot(page, "offline", 375, problems)
        assert FeedbackItem.objects.filter(session=session).count() == 3
        context.set_offline(False)
        _wait_saved(page, 3, 4, 5)
        assert FeedbackItem.objects.filter(session=session).count() == 6

        # The sign-in expires (the session cookie goes, as when the server session ends).
        cookies = context.cookies()
        context.clear_cookies()
        context.add_cookies([c for c in cookies if c["name"] != "sessionid"])
        for n in range(6, 9):
            _enter(page, n)
        banner = page.locator("[data-capture-expired]")
        banner.get_by_text("Your sign-in has expired").wait_for()
        assert banner.locator("[data-capture-unsaved-count]").inner_text() == "3"
        assert len(_stored_unsent(page)) == 1  # kept in this tab while the person signs in again
        assert page.evaluate("() => Object.keys(localStorage).length") == 0
        _shoot(page, "expired", 375, problems)
        assert FeedbackItem.objects.filter(session=session).count() == 6

        # Signing in again in the same tab brings the person back, and the page sends what it kept.
        banner.get_by_role("link", name="Sign in again").click()
        page.get_by_label("Email address").fill(world.group_member.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(capture)
        _wait_saved(page, 6, 7, 8)
        assert _stored_unsent(page) == []

        _enter(page, 9)
        _wait_saved(page, 9)
        page.get_by_role("status").get_by_text("Saved.").wait_for()

        texts = list(FeedbackItem.objects.filter(session=session).values_list("text", flat=True))
        assert sorted(texts) == sorted(text for text, *_ in ITEMS), "every item exactly once"
        third = FeedbackItem.objects.get(text=ITEMS[2][0])
        assert (third.service, third.age_band, third.ethnic_group) == ("ae", "65_74", "black_caribbean")

        page.reload()
        assert page.locator("[data-feedback-list] li").count() == 10
        for width in (375, 1280, 320):
            _shoot(page, "ten-items", width, problems)
    finally:
        context.close()
    assert not problems, problems


def test_signing_out_deletes_unsent_feedback_kept_in_the_tab(browser, live_server):
    world = make_world()
    session = make_session(make_active(world), created_by=world.group_member)
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    try:
        sign_in(page, live_server, world.group_member.email)
        page.goto(f"{live_server.url}/engagement/sessions/{session.pk}/feedback/")
        page.evaluate("""(owner) => sessionStorage.setItem('grassroots-unsent:feedback-999',
                         JSON.stringify({owner: owner, items: [{clientId: 'x', values: {text: 'secret'}}]}))""",
                      str(world.group_member.pk))
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(re.compile("/accounts/sign-in/"))
        assert _stored_unsent(page) == []
    finally:
        context.close()


def test_host_staff_read_the_concerns_on_a_phone_and_a_desk(browser, live_server):
    world = make_world()
    session = make_session(make_active(world), created_by=world.group_member, title="Tea at the mosque")
    make_item(session, safeguarding=True, service="social_care",
              text="She says her son takes her pension and she is frightened to go home")
    make_item(session, safeguarding=True, text="A man at the lunch club has not eaten for days")
    context = browser.new_context(viewport={"width": 320, "height": 667})
    page = context.new_page()
    problems: dict[str, list] = {}
    try:
        sign_in(page, live_server, world.host_staff.email)
        page.get_by_role("link", name=re.compile("2 safeguarding concerns need attention")).click()
        page.get_by_role("heading", name="Safeguarding concerns").wait_for()
        for width in (320, 1280):
            _shoot(page, "safeguarding-list", width, problems)
        page.goto(f"{live_server.url}/accounts/organisations/{world.host.pk}/")
        for width in (320, 1280):
            _shoot(page, "host-members", width, problems)
    finally:
        context.close()
    assert not problems, problems
