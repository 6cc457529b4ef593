"""A real Celery worker for the tests that prove the background path end to end, and the test-only job kinds."""
from __future__ import annotations

import pytest

# The URL walk's data, for test_escaping.py too: every page of the walk is also read with hostile text.
from tests.core.test_url_walk import walk_data  # noqa: F401


@pytest.fixture
def live_worker(settings, transactional_db):
    """A real Celery worker in a thread, consuming from the Redis broker in REDIS_URL, using the test database."""
    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from grassroots.celery import app

    if not settings.REDIS_URL:
        pytest.fail("The worker tests need Redis: source scripts/test-env (REDIS_URL) first.")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    # The worker thread opens its own connection from this same dict; age 0 makes Celery's Django fixup close it
    # after each task, so nothing holds the test database open when the test ends.
    db_settings = connections.settings["default"]
    old_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING",
                          shutdown_timeout=30) as worker:
            yield worker
    finally:
        db_settings["CONN_MAX_AGE"] = old_age
        app.conf.changes.pop("task_always_eager", None)


@pytest.fixture
def test_renderers():
    """The throwaway job kinds in tests/core/job_renderers.py, registered for this test only."""
    from tests.core import job_renderers

    job_renderers.register()
    job_renderers.runs.clear()
    yield job_renderers
    job_renderers.unregister()
