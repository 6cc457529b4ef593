"""The import journey in Chromium at 1280 and 320 px: the upload page, the problems found, the import; axe on each."""
from __future__ import annotations

import pytest

from tests.browser import SCREENSHOTS, _sign_in, axe_serious, overflowing_elements
from tests.engagement.factories import make_session
from tests.engagement.import_files import FEEDBACK_HEADINGS, feedback_row
from tests.grants.factories import make_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"1280": {"width": 1280, "height": 900}, "320": {"width": 320, "height": 640}}


def _csv(tmp_path, name, rows):
    import csv
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(FEEDBACK_HEADINGS)
        writer.writerows(rows)
    return path


def _look(page, name: str) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"imports-{name}-{label}.png"), full_page=True)
        assert not overflowing_elements(page), (name, label, overflowing_elements(page))
        assert not axe_serious(page), (name, label, axe_serious(page))
    page.set_viewport_size(SIZES["1280"])


def test_a_volunteer_uploads_sees_the_problems_fixes_them_and_imports(world, live_server, browser, tmp_path):
    session = make_session(make_active(world), created_by=world.group_member, title="Tuesday lunch club")
    page = browser.new_page()
    _sign_in(page, live_server, world.group_member.email)
    page.get_by_role("link", name="Import paper forms").first.click()
    _look(page, "start")
    page.get_by_role("link", name="Feedback", exact=True).click()
    _look(page, "upload")

    page.get_by_role("button", name="Upload and check the file").click()
    assert page.get_by_text("Select the file to upload").first.is_visible()
    _look(page, "upload-error")

    bad = [feedback_row(session, text=f"Form {n}") for n in range(3)] + [
        feedback_row(session, service="Dentist", consent="Maybe"), ["GR-0000", "Hello", "GP", "Positive",
                                                                    "May be quoted", "", "", ""]]
    page.get_by_label("Upload the filled-in file").set_input_files(str(_csv(tmp_path, "forms.csv", bad)))
    page.get_by_role("button", name="Upload and check the file").click()
    page.get_by_text("We found 3 problems in 5 rows").wait_for()
    _look(page, "problems")

    good = [feedback_row(session, text=f"Form {n}") for n in range(5)]
    page.get_by_role("link", name="upload it again").click()
    page.get_by_label("Upload the filled-in file").set_input_files(str(_csv(tmp_path, "forms-fixed.csv", good)))
    page.get_by_role("button", name="Upload and check the file").click()
    page.get_by_text("No problems found").wait_for()
    _look(page, "ready")
    page.get_by_role("button", name="Import 5 rows").click()
    page.get_by_text("5 feedback items saved").wait_for()
    _look(page, "imported")
    page.close()
