"""Screenshots of "What people are saying" and a commissioner's own actions at 1280 and 320 px, with axe and the
320 px overflow check (run by name: not collected by default)."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from engagement.choices import Sentiment, Service
from engagement.models import Action, FeedbackTag, Session, SubTheme
from engagement.selectors.insights import current_quarter
from engagement.taxonomy import load_default_taxonomy
from tests.browser import SCREENSHOTS, _sign_in, axe_serious, overflowing_elements
from tests.engagement.factories import make_item, make_session
from tests.grants.factories import make_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo(world) -> None:
    """Five quarters of tagged feedback: most themes steady, one rising this quarter, one new."""
    rng = random.Random(9)
    load_default_taxonomy(world.host.pk)
    subs = list(SubTheme.objects.filter(theme__owner=world.host).select_related("theme").order_by("pk"))
    steady, rising, new = subs[:12], [s for s in subs if s.theme_id == subs[15].theme_id], subs[-3:]
    grant = make_active(world)
    now = current_quarter()
    services = [Service.GP, Service.HOSPITAL, Service.PHARMACY, Service.MENTAL_HEALTH, Service.DENTAL]
    for back in range(5):
        start = now.shifted(-back).start
        session = make_session(grant, created_by=world.group_member, status=Session.Status.SUBMITTED,
                               held_on=start + dt.timedelta(days=5))
        pool = steady + (rising * (4 if back == 0 else 1)) + (new if back == 0 else [])
        for n in range(30 if back else 45):
            item = make_item(session, text=f"What was said ({back}, {n})", service=rng.choice(services),
                             sentiment=rng.choice(Sentiment.values))
            for sub in {rng.choice(pool) for _ in range(rng.randint(1, 2))}:
                FeedbackTag.objects.create(item=item, sub_theme=sub, tagged_by=world.host_staff)
    Action.objects.create(host=world.host, owner=world.icb, title="Extend GP phone hours to 8pm",
                          description="Because people said so", due_on=dt.date(2027, 3, 31),
                          created_by=world.host_staff)


def test_screenshots(world, live_server, browser):
    _demo(world)
    out = SCREENSHOTS / "insights"
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    shots = ((world.host_staff.email, "insights", "/engagement/insights/"),
             (world.host_staff.email, "insights-error", "/engagement/insights/?quarter=2019-9"),
             (world.commissioner.email, "our-actions", "/engagement/our-actions/"),
             (world.commissioner.email, "dashboard-commissioner", "/"))
    for width, height, label in ((1280, 900, "desktop"), (320, 640, "phone")):
        for email, name, url in shots:
            page = browser.new_page(viewport={"width": width, "height": height})
            _sign_in(page, live_server, email)
            page.goto(live_server.url + url)
            page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
            if serious := axe_serious(page):
                problems.append((name, label, [(v["id"], [n["html"][:150] for n in v["nodes"][:3]]) for v in serious]))
            if label == "phone" and (wide := overflowing_elements(page)):
                problems.append((name, label, wide))
            page.close()
    assert not problems, problems
