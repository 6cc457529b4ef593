"""/healthz answers 200 only when the database, Redis and a live Celery worker all answer; it is quick, and only
administrators and monitoring (with HEALTHZ_TOKEN) learn which check failed and why."""
from __future__ import annotations

import time

import pytest
from django.urls import reverse

from grassroots import health

TOKEN = "monitoring-secret-for-tests"


@pytest.fixture(autouse=True)
def _fresh_worker_check(settings):
    settings.HEALTHZ_TOKEN = TOKEN
    health._worker_cache.clear()
    yield
    health._worker_cache.clear()


def _detail(client, **extra):
    return client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN=TOKEN, **extra)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_healthy_with_database_redis_and_a_live_worker(client, live_worker):
    from grassroots.celery import app

    # The worker runs in a thread of this busy test process and starts listening for control messages a moment
    # after it starts; a real worker is long up, on its own CPU. Give it a few chances (each a fresh check).
    deadline = time.monotonic() + 15
    while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
        pass
    for _ in range(5):
        health._worker_cache.clear()
        response = _detail(client)
        if response.status_code == 200:
            break
    assert response.status_code == 200, response.content
    data = response.json()
    assert data == {"database": "ok", "redis": "ok", "worker": "ok", "status": "ok",
                    "outbox": {"oldest_job_waiting_seconds": None, "oldest_email_waiting_seconds": None,
                               "emails_failed": 0}}
    assert "no-cache" in response["Cache-Control"]


def test_unavailable_without_a_worker_naming_the_worker(client, db):
    response = _detail(client)
    assert response.status_code == 503
    data = response.json()
    assert data["database"] == "ok"
    assert data["redis"] == "ok"
    assert data["worker"] == "error: no Celery worker answered"
    assert data["status"] == "unavailable"


def test_an_anonymous_caller_learns_only_that_it_is_unavailable(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6399/0"  # nothing listens here
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_a_wrong_token_gets_no_detail(client, db):
    response = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN="guess")
    assert response.json() == {"status": "unavailable"}


def test_without_a_token_configured_an_empty_header_gets_no_detail(client, db, settings):
    settings.HEALTHZ_TOKEN = ""
    response = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN="")
    assert response.json() == {"status": "unavailable"}


def test_a_signed_in_group_member_or_host_staff_gets_no_detail(as_group, as_host):
    for client in (as_group, as_host):
        assert client.get(reverse("healthz")).json() == {"status": "unavailable"}


def test_the_system_administrator_sees_the_detail(as_admin):
    data = as_admin.get(reverse("healthz")).json()
    assert data["database"] == "ok"
    assert data["worker"] == "error: no Celery worker answered"


def test_unavailable_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6399/0"  # nothing listens here
    response = _detail(client)
    assert response.status_code == 503
    data = response.json()
    assert data["redis"].startswith("error:")
    assert data["database"] == "ok"


def test_unavailable_when_redis_is_not_configured(client, db, settings):
    settings.REDIS_URL = ""
    response = _detail(client)
    assert response.status_code == 503
    data = response.json()
    assert "REDIS_URL is unset" in data["redis"]
    assert "not configured" in data["worker"]


def test_it_answers_well_within_a_second_and_remembers_the_worker_check(client, db):
    """Before: the Celery ping waited its full 1 s timeout on every call. Now half a second once, then cached."""
    client.get(reverse("accounts:login"))  # load the URLconf and templates first: not what is measured here
    started = time.monotonic()
    assert client.get(reverse("healthz")).status_code == 503
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(3):
        assert client.get(reverse("healthz")).status_code == 503
    repeated = (time.monotonic() - started) / 3
    assert first < 1.0, first
    assert repeated < health.CHECK_TIMEOUT_SECONDS, repeated  # no fresh ping inside the cache window


def test_healthz_is_reachable_over_plain_http_for_container_checks(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert client.get(reverse("home")).status_code == 301


def test_the_footer_no_longer_links_to_the_raw_health_answer(client, db):
    assert reverse("healthz") not in client.get(reverse("accounts:login")).content.decode()
