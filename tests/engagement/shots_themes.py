"""Screenshots of the themes and moderation pages at 1280 and 320 px (run by name: not collected by default)."""
from __future__ import annotations

import pytest

from engagement.models import Session
from engagement.services.tagging import item_tag
from engagement.taxonomy import load_default_taxonomy
from tests.browser import SCREENSHOTS, _sign_in, axe_serious, overflowing_elements
from tests.engagement.factories import make_item, make_session
from tests.engagement.theme_factories import make_rule
from tests.grants.factories import make_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screenshots(world, live_server, browser):
    load_default_taxonomy(world.host.pk)
    from engagement.models import SubTheme
    sub = SubTheme.objects.get(theme__owner=world.host, name="Appointment arrangements")
    make_rule(sub, "appointment\nbooking", created_by=world.host_staff)
    session = make_session(make_active(world), created_by=world.group_member, status=Session.Status.SUBMITTED)
    item = make_item(session, text="Mrs Achterberg could not get an appointment at Acre Lane surgery for three weeks")
    for n in range(12):
        tagged = make_item(session, text=f"Waited on hold for the GP for an hour ({n})")
        if n % 3 == 0:
            item_tag(actor=world.host_staff, item=tagged, sub_theme=sub)
    out = SCREENSHOTS / "themes"
    out.mkdir(parents=True, exist_ok=True)
    pages = {"themes": "/engagement/themes/", "theme": f"/engagement/themes/{sub.theme_id}/",
             "rules": "/engagement/themes/rules/", "item": f"/engagement/feedback/{item.pk}/themes/",
             "bulk": f"/engagement/themes/tag/?q=hold&sub_theme={sub.pk}",
             "merge": f"/engagement/themes/sub/{sub.pk}/merge/",
             "queue": "/engagement/moderation/", "moderate": f"/engagement/moderation/{item.pk}/"}
    problems = []
    for width, height, label in ((1280, 900, "desktop"), (320, 640, "phone")):
        page = browser.new_page(viewport={"width": width, "height": height})
        _sign_in(page, live_server, world.host_staff.email)
        for name, url in pages.items():
            page.goto(live_server.url + url)
            page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
            if serious := axe_serious(page):
                problems.append((name, label, [v["id"] for v in serious]))
            if label == "phone" and (wide := overflowing_elements(page)):
                problems.append((name, label, wide))
        page.close()
    assert not problems, problems
