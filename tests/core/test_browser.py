"""Every role signs in through a real browser, lands on an accessible dashboard, and it fits a 320px screen."""
from __future__ import annotations

import pytest

from tests.browser import SCREENSHOTS, _serious, _sign_in
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["group_member", "host_staff", "commissioner", "admin"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_to_an_accessible_dashboard(role, page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    world = make_world()
    user = getattr(world, role)
    _sign_in(page, live_server, user.email)
    assert page.locator("h1").inner_text().startswith("Hello")
    # The stylesheet loaded: GOV.UK Frontend sets the skip link off-screen and the body font.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").lower() != "times new roman"
    assert page.evaluate("getComputedStyle(document.querySelector('.govuk-skip-link')).position") == "absolute"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{role.replace('_', '-')}-dashboard.png"), full_page=True)

    serious = _serious(Axe().run(page))
    for violation in serious:
        print(violation["id"], violation["impact"], violation["help"], [n["html"] for n in violation["nodes"]])
    assert serious == []

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_sign_in_page_is_accessible_and_fits_a_small_screen(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert _serious(Axe().run(page)) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()  # empty form: errors shown, not a crash
