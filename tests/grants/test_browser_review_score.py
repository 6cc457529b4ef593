"""The scoring page's script in a real browser (static/js/review-score.js): it counts the criteria scored so far,
and warns before the commissioner leaves with unsaved scores — but not after they saved."""
from __future__ import annotations

import contextlib

import pytest

from grants.services.reviews import review_declare_conflict
from grants.services.staff import review_assign
from tests.browser import _sign_in
from tests.factories import make_world
from tests.grants.factories import make_under_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scoring(browser, live_server):
    """A commissioner on the scoring page of a review they have declared no conflict for."""
    world = make_world()
    application = make_under_review(world, title="Lunch and listen")
    review = review_assign(actor=world.host_staff, application=application, reviewer=world.commissioner)
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    _sign_in(page, live_server, world.commissioner.email)
    page.goto(f"{live_server.url}/grants/reviews/{review.pk}/")
    yield page, world.round.criteria.count()
    context.close()


def _leave(page) -> list[str]:
    """Close the tab as a person would, and return the kinds of dialog the page put up."""
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    from playwright.sync_api import Error

    page.close(run_before_unload=True)
    # The dialog arrives asynchronously, while Playwright waits; a page that asked nothing is already gone.
    with contextlib.suppress(Error):
        page.wait_for_timeout(500)
    return dialogs


def test_the_page_counts_the_criteria_scored_as_they_are_chosen(scoring):
    page, criteria = scoring
    assert criteria == 3
    status = page.locator("[data-review-status]")
    assert status.inner_text() == "0 of 3 criteria scored."
    fieldsets = page.locator("fieldset").filter(has=page.locator("input[name^='score_']"))
    fieldsets.nth(0).get_by_label("4").check()
    assert status.inner_text() == "1 of 3 criteria scored."
    fieldsets.nth(0).get_by_label("5").check()  # changing a score is not scoring another criterion
    assert status.inner_text() == "1 of 3 criteria scored."
    fieldsets.nth(2).get_by_label("3").check()
    assert status.inner_text() == "2 of 3 criteria scored."


def test_leaving_with_unsaved_scores_asks_first(scoring):
    page, _ = scoring
    page.locator("fieldset").filter(has=page.locator("input[name^='score_']")).first.get_by_label("4").check()
    assert _leave(page) == ["beforeunload"]


def test_saving_does_not_ask_and_leaving_after_saving_does_not_ask_either(scoring):
    page, _ = scoring
    url = page.url
    asked: list[str] = []

    def record(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", record)
    page.locator("fieldset").filter(has=page.locator("input[name^='score_']")).first.get_by_label("4").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert asked == []  # saving is not leaving
    page.goto(url)
    assert page.locator("[data-review-status]").inner_text() == "1 of 3 criteria scored."  # the draft was saved
    page.remove_listener("dialog", record)
    assert _leave(page) == []
