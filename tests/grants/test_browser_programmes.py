"""A shared programme in a real browser: the lead gives a host a share (a refusal shown on the page when the
shares would overspend), sees the totals per host on an accessible overview; the host sees only its share."""
from __future__ import annotations

import pytest

from grassroots.accounts.models import Membership
from tests.browser import SCREENSHOTS, _serious, _sign_in
from tests.factories import make_member, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_the_lead_shares_a_programme_and_the_host_sees_only_its_share(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    world = make_world()  # the lead's share holds the whole £100,000 budget
    southwark = world.other_area.host_organisation
    sam = make_member(southwark, Membership.Role.STAFF, email="sam@healthwatchsouthwark.org.uk", name="Sam Obi")
    overview = f"{live_server.url}/grants/programmes/{world.programme.pk}/"

    _sign_in(page, live_server, world.host_staff.email)
    page.goto(overview)
    page.get_by_role("link", name="Add a host’s share").click()
    page.get_by_label("Host organisation").select_option(label="Healthwatch Southwark")
    page.get_by_label("Share (£)").fill("30000")
    page.get_by_role("button", name="Save share").click()
    # Nothing is left to share out until the lead's own share is reduced: the service's refusal, on the page.
    assert page.locator(".govuk-error-summary").is_visible()
    assert "would overspend the programme" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Share (£)").input_value() == "30000"  # nothing typed is lost

    page.goto(overview)
    page.get_by_role("link", name="Change Healthwatch Lambeth’s share").click()
    page.get_by_label("Share (£)").fill("70000")
    page.get_by_role("button", name="Save share").click()
    page.get_by_role("link", name="Add a host’s share").click()
    page.get_by_label("Host organisation").select_option(label="Healthwatch Southwark")
    page.get_by_label("Share (£)").fill("30000")
    page.get_by_role("button", name="Save share").click()
    page.wait_for_url(overview)
    table = page.locator("table", has_text="By host").inner_text()
    assert "Healthwatch Southwark" in table and "£30,000" in table and "£70,000" in table
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "programme-overview-lead.png"), full_page=True)
    assert _serious(Axe().run(page)) == []

    page.context.clear_cookies()
    _sign_in(page, live_server, sam.email)
    page.goto(overview)
    assert "Your share" in page.locator("main").inner_text()
    table = page.locator("table", has_text="By host").inner_text()
    assert "Healthwatch Southwark" in table and "Healthwatch Lambeth" not in table
    page.goto(f"{live_server.url}/grants/rounds/{world.round.pk}/")
    assert page.locator("h1").inner_text() != world.round.name  # the lead's round is not Southwark's to see
