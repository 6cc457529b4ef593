"""The conflict-of-interest question in a real browser on a phone: valid ARIA before and after a mistake."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser import axe_serious
from tests.grants.factories import assign, make_under_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_who_says_yes_without_details_gets_an_accessible_error_on_a_phone(browser, live_server,
                                                                                         world):
    """Checked by putting the ConditionalRadios layout back: axe reports aria-allowed-attr (aria-expanded on
    "Yes") and aria-valid-attr-value (aria-controls on "No" naming no element), both critical."""
    review = assign(world, make_under_review(world, title="Lunch club"))
    client = Client()
    client.force_login(world.commissioner, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{reverse('grants:review_conflict', args=[review.pk])}")
        assert axe_serious(page) == []

        page.get_by_role("radio", name="Yes").check()
        page.get_by_role("button", name="Continue").click()

        assert page.title().startswith("Error: ")
        assert "Describe your conflict of interest" in page.locator(".govuk-error-summary").inner_text()
        assert page.get_by_role("radio", name="Yes").is_checked()  # the answer given is kept
        assert axe_serious(page) == []
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 320
    finally:
        context.close()
