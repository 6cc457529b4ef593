"""Your downloads in a real browser: static/js/downloads.js polls while a job is unfinished and stops once
nothing on the page is running."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from grassroots.jobs.models import WAITING_TEXT, Job
from tests.browser import SCREENSHOTS, _sign_in, axe_serious, overflowing_elements
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS_PATH = "/downloads/status.json"
POLL_SECONDS = 1.5  # POLL_MS in downloads.js


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _count_polls(page) -> list[float]:
    polls: list[float] = []
    page.on("request", lambda request: polls.append(time.monotonic()) if STATUS_PATH in request.url else None)
    return polls


def _finish(job: Job) -> None:
    job.result.save("organisations.csv", ContentFile(b"Organisation\r\nBrixton Elders Lunch Club\r\n"), save=False)
    job.filename, job.content_type = "my-organisations.csv", "text/csv"
    job.status, job.progress, job.finished_at = Job.Status.DONE, 100, timezone.now()
    job.save()


def test_the_page_polls_while_a_job_runs_and_stops_once_it_has_finished(page, live_server, settings, tmp_path):
    """Checked by making update() always schedule the next poll: requests keep coming after "Download" appears."""
    settings.MEDIA_ROOT = str(tmp_path)
    world = make_world()
    job = Job.objects.create(kind="accounts.organisations_csv", label="My organisations (CSV)",
                             requested_by=world.group_member, status=Job.Status.RUNNING, progress=40,
                             started_at=timezone.now())
    polls = _count_polls(page)
    _sign_in(page, live_server, world.group_member.email)
    page.goto(f"{live_server.url}/downloads/")
    row = page.locator(f'[data-job-id="{job.pk}"]')
    assert row.locator("[data-job-download]").inner_text() == "Not ready yet"

    page.wait_for_function(f"() => performance.getEntriesByType('resource')"
                           f".filter(e => e.name.includes('{STATUS_PATH}')).length >= 2")
    assert len(polls) >= 2  # still running: it keeps asking

    _finish(job)
    row.get_by_role("link", name="Download").wait_for()
    assert row.locator("[data-job-status]").inner_text() == "Ready"
    assert row.locator("progress").get_attribute("value") == "100"
    finished_at = len(polls)

    page.wait_for_timeout(int(POLL_SECONDS * 4 * 1000))
    assert len(polls) == finished_at, "the page kept polling after every job had finished"
    assert page.locator("[data-job-table]").get_attribute("data-running") is None

    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "my-organisations.csv"


def test_a_page_with_nothing_running_never_polls(page, live_server):
    world = make_world()
    Job.objects.create(kind="accounts.organisations_csv", label="My organisations (CSV)",
                       requested_by=world.group_member, status=Job.Status.FAILED, message="No organisations.")
    polls = _count_polls(page)
    _sign_in(page, live_server, world.group_member.email)
    page.goto(f"{live_server.url}/downloads/")
    assert "Failed: No organisations." in page.locator("[data-job-status]").inner_text()
    page.wait_for_timeout(int(POLL_SECONDS * 3 * 1000))
    assert polls == []


def test_a_job_waiting_for_the_service_says_so_and_the_page_asks_less_often(page, live_server, settings):
    """Checked by making the JSON say waiting=false: the page polls every 1.5 seconds again."""
    settings.OUTBOX_GRACE_SECONDS = 60
    world = make_world()
    job = Job.objects.create(kind="accounts.organisations_csv", label="Applications (CSV)",
                             requested_by=world.host_staff, dispatch_attempts=1,
                             created_at=timezone.now() - timedelta(minutes=3))
    polls = _count_polls(page)
    _sign_in(page, live_server, world.host_staff.email)
    page.goto(f"{live_server.url}/downloads/")
    row = page.locator(f'[data-job-id="{job.pk}"]')
    assert row.locator("[data-job-status]").inner_text() == WAITING_TEXT
    assert not row.locator("progress").is_visible()  # no bar that never moves
    page.wait_for_timeout(int(POLL_SECONDS * 4 * 1000))
    assert len(polls) == 1, "the page kept asking every 1.5 seconds about a job that waits for the service"
    assert row.locator("[data-job-status]").inner_text() == WAITING_TEXT
    assert axe_serious(page) == []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"downloads-waiting-{width}.png"), full_page=True)
        assert overflowing_elements(page) == []
