"""Every page of the URL walk, opened in Chromium as each role that may see it, passes axe and fits a 320px phone.

The pages come from tests/core/test_url_walk.py's EXPECTED table (each row that answers the role 200 with HTML),
on the same walk data, so a page added there is walked here without touching this file.
"""
from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from grants.services.reviews import review_declare_conflict
from tests.browser import SCREENSHOTS, axe_serious, overflowing_elements
from tests.core.test_url_walk import EXPECTED, walk_data  # noqa: F401  (walk_data is the walk's fixture)
from tests.grants.factories import assign, make_under_review, second_commissioner, submitted_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The walk's role name -> the World attribute who signs in (anonymous signs in as nobody).
ROLES = {"anonymous": None, "group": "group_member", "host": "host_staff", "commissioner": "commissioner",
         "admin": "admin"}
# Django's own admin is not our markup; the URL walk keeps its index only to prove who gets in.
NOT_OURS = {"admin:index"}
# Pages the walk's data shows a role only empty or not at all: the commissioner's scoring grid, and the panel and
# decide pages once their own review is in (the walk keeps their review open). Built by _panel_data below.
PANEL_PAGES = {"commissioner": [("grants:review_score", "scoring"), ("grants:review_panel", "scored"),
                                ("grants:application_decide", "scored")],
               "host": [("grants:review_panel", "scored")],
               "admin": [("grants:review_panel", "scored"), ("grants:application_decide", "scored")]}
# Inputs, selects and text areas that GOV.UK Frontend would not style: they pass axe but look broken (tiny, no
# border or focus ring) - crispy-forms-gds leaves number and time inputs bare unless settings say otherwise.
_UNSTYLED_JS = """() => [...document.querySelectorAll(
  'main input:not([type=hidden], [type=checkbox], [type=radio], [type=submit], [type=button], [type=file])'
  + ':not(.govuk-input), main select:not(.govuk-select), main textarea:not(.govuk-textarea)')]
  .map(el => el.outerHTML.slice(0, 120))"""
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 320, "height": 640}


def _pages_for(role: str, data: dict, client: Client) -> list[tuple[str, str, int]]:
    """(url name, url, status) of each HTML page the walk lets this role GET, and the first refusal (403) and
    first not-found page (404) it meets: those are pages people reach too."""
    pages, refusals = [], {}
    for name, (kwargs_for, expected) in EXPECTED.items():
        status = 200 if expected is None else expected[role]
        if name in NOT_OURS or status not in (200, 403, 404) or status in refusals:
            continue
        url = reverse(name, kwargs=kwargs_for(data))
        # Downloads and JSON are not pages; a page that fails to answer stays in, for _check to report.
        if not client.get(url).get("Content-Type", "text/html").startswith("text/html"):
            continue
        pages.append((name, url, status))
        if status != 200:
            refusals[status] = name
    for name, key in PANEL_PAGES.get(role, []):
        pages.append((f"{name} ({key})", reverse(name, kwargs={"pk": _panel_data(data)[key]}), 200))
    return pages


def _panel_data(data: dict) -> dict[str, int]:
    """An application two reviewers have scored, and a review the commissioner is part way through."""
    if "panel" not in data:
        world = data["world"]
        scored = make_under_review(world, title="Scored by the panel")
        submitted_review(world, scored, world.commissioner, [4, 3, 5], comment="Strong reach into estates.")
        submitted_review(world, scored, second_commissioner(world), [3, 3, 4], comment="Budget is tight.")
        scoring = assign(world, make_under_review(world, title="Being scored"))
        review_declare_conflict(actor=world.commissioner, review=scoring, has_conflict=False)
        data["panel"] = {"scored": scored.pk, "scoring": scoring.pk}
    return data["panel"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_may_open_passes_axe_and_fits_a_phone(role, browser, live_server,
                                                                 walk_data):  # noqa: F811
    client = Client()
    if ROLES[role]:
        client.force_login(getattr(walk_data["world"], ROLES[role]),
                           backend="django.contrib.auth.backends.ModelBackend")
    pages = _pages_for(role, walk_data, client)
    assert pages, f"the walk gives {role} no page to open"

    context = browser.new_context(viewport=WIDE)
    if ROLES[role]:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    problems: list[str] = []
    try:
        for name, url, status in pages:
            found = _check(page, role, name, f"{live_server.url}{url}", status)
            if found or os.environ.get("WALK_SCREENSHOTS"):
                _screenshot(page, role, name, 320)
            problems += found
    finally:
        context.close()
    assert not problems, f"{len(pages)} pages walked as {role}:\n" + "\n".join(problems)


def _check(page, role: str, name: str, url: str, status: int) -> list[str]:
    """What is wrong with one page at 1280px, then at 320px (the page is left at 320px)."""
    page.set_viewport_size(WIDE)
    response = page.goto(url)
    if response is None or response.status != status:
        return [f"{name} answered {response and response.status}, not {status}"]
    found = [f"{name} at 1280px: {_describe(v)}" for v in axe_serious(page)]
    found += [f"{name}: a form control without GOV.UK styling: {html}" for html in page.evaluate(_UNSTYLED_JS)]
    if os.environ.get("WALK_SCREENSHOTS"):
        _screenshot(page, role, name, 1280)
    page.set_viewport_size(NARROW)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > NARROW["width"]:
        found.append(f"{name} at 320px is {width}px wide; too wide: {overflowing_elements(page)}")
    found += [f"{name} at 320px: {_describe(v)}" for v in axe_serious(page)]
    return found


def _describe(violation: dict) -> str:
    return f"{violation['id']} ({violation['impact']}) {violation['help']}: " + \
        "; ".join(node["html"][:160] for node in violation["nodes"][:3])


def _screenshot(page, role: str, name: str, width: int) -> None:
    """Saved for a failure, or for every page with WALK_SCREENSHOTS=1 (then look at them: passing is not looking right)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
    page.screenshot(path=str(SCREENSHOTS / f"walk-{role}-{slug}-{width}.png"), full_page=True)
