"""The public page's themes heard (chart, its figures and the sub-theme table) read on a phone and a desk: nothing
wider than a 320 px screen outside a scrolling table region, and axe finds nothing serious.

Screenshots: tests/_artifacts/screenshots/public-themes-{320,1280}.png."""
from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.browser import SCREENSHOTS, axe_serious, overflowing_elements
from tests.factories import make_world
from tests.reports.theme_helpers import themed_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_themes_heard_read_on_a_phone_and_a_desk(browser, live_server):
    world = make_world()
    themed_world(world)
    cache.clear()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 320, "height": 667})
    page = context.new_page()
    problems: dict[int, list[str]] = {}
    try:
        page.goto(live_server.url + reverse("engagement:public_area", kwargs={"pk": world.area.pk}))
        page.get_by_role("heading", name="Themes heard").wait_for()
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 667 if width < 400 else 900})
            page.screenshot(path=str(SCREENSHOTS / f"public-themes-{width}.png"), full_page=True)
            found = [f"{v['id']} ({v['impact']}): {v['help']}" for v in axe_serious(page)]
            if width < 400:
                found += [f"wider than the screen: {e}" for e in overflowing_elements(page)]
            if found:
                problems[width] = found
        row = page.get_by_role("row", name="Access to medical care & support")
        assert "Contacting services (fewer than 5)" in row.last.inner_text()
    finally:
        context.close()
    assert not problems, problems
