"""/healthz answers 200 only when the database, Redis and a live Celery worker all answer."""
from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_healthy_with_database_redis_and_a_live_worker(client, live_worker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["database"] == "ok"
    assert data["redis"] == "ok"
    assert data["worker"].startswith("ok")
    assert data["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_unavailable_without_a_worker_naming_the_worker(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    data = response.json()
    assert data["database"] == "ok"
    assert data["redis"] == "ok"
    assert data["worker"] == "error: no Celery worker answered"
    assert data["status"] == "unavailable"


def test_unavailable_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6399/0"  # nothing listens here
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    data = response.json()
    assert data["redis"].startswith("error:")
    assert data["database"] == "ok"


def test_unavailable_when_redis_is_not_configured(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    data = response.json()
    assert "REDIS_URL is unset" in data["redis"]
    assert "not configured" in data["worker"]


def test_healthz_is_reachable_over_plain_http_for_container_checks(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert client.get(reverse("home")).status_code == 301
