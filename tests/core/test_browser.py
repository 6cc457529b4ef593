"""Every role signs in through a real browser, lands on an accessible dashboard, and it fits a 320px screen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "_artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROLES = ["group_member", "host_staff", "commissioner", "admin"]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def _serious(results) -> list[dict]:
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


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
