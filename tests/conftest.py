"""Standing people for every test: a group member, a member of another group, host staff,
a commissioner, an administrator — and the programme and open round they share."""
from __future__ import annotations

import os

import pytest
from django.test import Client

from tests import factories
from tests.browser import CHROMIUM_ARGS


@pytest.fixture(autouse=True)
def _plain_http_and_outbox(settings):
    # The test client speaks plain http; production redirects to https.
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True  # tests that need a real worker start one (see tests/core)
    # Pages render without a prior collectstatic (scripts/test still proves the manifest builds).
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # PBKDF2's deliberate slowness costs seconds per test across the standing cast; no test here is about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return factories.make_world()


@pytest.fixture
def group_member(world):
    return world.group_member


@pytest.fixture
def other_group_member(world):
    return world.other_group_member


@pytest.fixture
def host_staff(world):
    return world.host_staff


@pytest.fixture
def commissioner(world):
    return world.commissioner


@pytest.fixture
def admin_user(world):
    return world.admin


@pytest.fixture
def outsider(world):
    """Signed in, but a member of nothing."""
    return world.outsider


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def as_group(group_member) -> Client:
    return _client_for(group_member)


@pytest.fixture
def as_other_group(other_group_member) -> Client:
    return _client_for(other_group_member)


@pytest.fixture
def as_host(host_staff) -> Client:
    return _client_for(host_staff)


@pytest.fixture
def as_commissioner(commissioner) -> Client:
    return _client_for(commissioner)


@pytest.fixture
def as_admin(admin_user) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def as_outsider(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def login_as():
    return _client_for


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


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
