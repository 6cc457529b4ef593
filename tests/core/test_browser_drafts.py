"""Unsent form input kept by static/js/autosave.js lives in this tab only and is gone at sign-out.

Checked by reverting autosave.js to its localStorage version: all four fail (the draft never reaches
sessionStorage, and an old localStorage draft stays put).
"""
from __future__ import annotations

import pytest

from tests.browser import _sign_in
from tests.factories import make_world
from tests.grants.factories import make_draft, section_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "My mum's diabetes care was poor"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def _drafts(page, store: str) -> dict[str, str]:
    return page.evaluate(
        f"""() => {{ const out = {{}}; for (let i = 0; i < window.{store}.length; i++) {{
              const k = window.{store}.key(i); if (k.startsWith("grassroots:")) out[k] = window.{store}.getItem(k); }}
              return out; }}""")


def _type_a_draft(page, live_server, application) -> None:
    page.goto(f"{live_server.url}{section_url(application, 'communities')}")
    page.locator("textarea[name=communities]").fill(SECRET)
    page.wait_for_function("() => Object.keys(sessionStorage).some(k => k.startsWith('grassroots:'))")


def test_a_draft_is_kept_in_this_tab_only_and_restored_after_a_reload(page, live_server):
    world = make_world()
    application = make_draft(world, complete=False)
    _sign_in(page, live_server, world.group_member.email)
    _type_a_draft(page, live_server, application)
    assert SECRET in "".join(_drafts(page, "sessionStorage").values())
    assert _drafts(page, "localStorage") == {}
    page.reload()
    assert page.locator("textarea[name=communities]").input_value() == SECRET
    assert page.locator("[data-autosave-notice]").is_visible()


def test_signing_out_deletes_every_draft_so_the_next_person_sees_nothing(page, live_server):
    world = make_world()
    application = make_draft(world, complete=False)
    _sign_in(page, live_server, world.group_member.email)
    _type_a_draft(page, live_server, application)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/sign-in/")
    assert _drafts(page, "sessionStorage") == {}
    assert _drafts(page, "localStorage") == {}

    _sign_in(page, live_server, world.group_member.email)
    page.goto(f"{live_server.url}{section_url(application, 'communities')}")
    assert SECRET not in page.locator("textarea[name=communities]").input_value()
    assert not page.locator("[data-autosave-notice]").is_visible()


def test_a_draft_left_from_an_older_version_in_local_storage_is_deleted(page, live_server):
    make_world()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.evaluate("() => localStorage.setItem('grassroots:application-1-group', '{\"values\": {\"x\": \"y\"}}')")
    page.reload()
    assert _drafts(page, "localStorage") == {}


def test_a_draft_past_the_end_of_its_session_is_not_restored(page, live_server):
    world = make_world()
    application = make_draft(world, complete=False)
    _sign_in(page, live_server, world.group_member.email)
    _type_a_draft(page, live_server, application)
    key = next(iter(_drafts(page, "sessionStorage")))
    page.evaluate("""(key) => { const d = JSON.parse(sessionStorage.getItem(key));
                      d.until = Date.now() - 1000; sessionStorage.setItem(key, JSON.stringify(d)); }""", key)
    page.reload()
    assert SECRET not in page.locator("textarea[name=communities]").input_value()
    assert _drafts(page, "sessionStorage") == {}
