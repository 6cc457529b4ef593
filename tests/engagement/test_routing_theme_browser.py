"""Host staff send a theme on in Chromium: the form, the check page (screenshotted at 1280 and 320 px as
tests/_artifacts/screenshots/routing-theme-*.png and checked with axe), sending and the confirmation."""
from __future__ import annotations

import pytest

from engagement.models import Routing
from tests.browser import _sign_in, look_at
from tests.engagement.routing_helpers import theme_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_host_staff_check_and_send_a_theme(browser, live_server, world):
    t = theme_world(world)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def check(name: str) -> None:
        problems.extend(look_at(page, f"routing-theme-{name}"))
        page.set_viewport_size({"width": 1280, "height": 900})

    try:
        _sign_in(page, live_server, world.host_staff.email)
        page.goto(f"{live_server.url}/engagement/sent/")
        page.get_by_role("link", name="Send a theme on").click()
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        check("errors")
        page.get_by_label("Theme", exact=True).select_option(label=t.theme.name)
        for which, (day, month, year) in (("Start of the period", ("1", "10", "2026")),
                                          ("End of the period", ("31", "12", "2026"))):
            box = page.get_by_role("group", name=which)
            box.get_by_label("Day").fill(day)
            box.get_by_label("Month").fill(month)
            box.get_by_label("Year").fill(year)
        page.get_by_label(world.icb.name).check()
        page.get_by_label(t.r.provider.name).check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="Check what you are sending").wait_for()
        check("check")
        assert "A GP told my mother to go away" in page.content()
        page.get_by_role("button", name="Send to 2 organisations").click()
        page.get_by_role("heading", name="Feedback sent").wait_for()
        check("sent")
    finally:
        context.close()
    assert Routing.objects.get().theme == t.theme
    assert not problems, "\n".join(problems)
