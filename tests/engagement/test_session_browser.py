"""A volunteer on a small phone logs a session, counts who came, checks it and submits it, in Chromium; each page
is screenshotted (tests/_artifacts/screenshots/sessions-*.png) and checked with axe."""
from __future__ import annotations

import pytest

from engagement.models import Session
from tests.browser import _sign_in, look_at
from tests.grants.factories import make_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


def test_a_volunteer_logs_and_submits_a_session_on_a_phone(browser, live_server, world):
    grant = make_active(world)
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def check(name: str) -> None:
        problems.extend(look_at(page, f"sessions-{name}", widths=(320, 1280), height=800))
        page.set_viewport_size(PHONE)

    try:
        _sign_in(page, live_server, world.group_member.email)
        page.get_by_role("link", name="Log a session").first.click()
        page.get_by_label("Thinking Partners meeting").check()
        page.get_by_label("Name of the session").fill("Thinking Partners, October")
        dates = page.get_by_role("group", name="Date")
        dates.get_by_label("Day").fill("14")
        dates.get_by_label("Month").fill("10")
        dates.get_by_label("Year").fill("2026")
        page.get_by_label("Start time").fill("10:00")
        page.get_by_label("End time").fill("09:00")  # a slip: the page says so, and keeps everything else
        page.get_by_label("People who took part").fill("12")
        page.get_by_role("group", name="NHS, council or provider").get_by_label("NHS South East London ICB").check()
        page.get_by_role("button", name="Save and continue").click()
        assert "The end time must be after the start time" in page.locator(".govuk-error-summary").inner_text()
        check("form-error")
        page.get_by_label("End time").fill("11:30")
        page.get_by_role("button", name="Save and continue").click()

        page.wait_for_selector("h1:has-text('Who came')")
        page.locator("summary", has_text="Gender").click()
        page.get_by_label("Woman").fill("9")
        page.get_by_label("Man", exact=True).fill("5")
        page.get_by_role("button", name="Save and continue").click()
        assert "add up to 14, more than the 12 people" in page.locator(".govuk-error-summary").inner_text()
        check("counts-error")
        page.get_by_label("Man", exact=True).fill("3")
        page.get_by_role("button", name="Save and continue").click()

        page.get_by_role("link", name="Check and submit").click()
        assert "Woman: 9" in page.content() and "12 of 12 counted" in page.content()
        check("check")
        page.get_by_role("button", name="Submit the session").click()
        page.wait_for_selector("h1:has-text('Session submitted')")
        check("submitted")
        page.get_by_role("link", name="See all your sessions").click()
        check("list")
    finally:
        context.close()
    session = Session.objects.get(grant=grant)
    assert session.is_submitted and session.demographics.count() == 2
    assert session.evidence_links.count() == 1  # the round's Thinking Partners condition
    assert not problems, "\n".join(problems)
