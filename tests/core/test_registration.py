"""Apps tell the core what they add through one ``AppConfig.register()``, called from ``ready()``; calling it
again changes nothing, and the core settings name no domain task."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings

from grassroots import demo, navigation
from grassroots.celery import app
from grassroots.jobs import registry

ROOT = Path(__file__).resolve().parents[2]


def _everything_registered() -> dict[str, object]:
    nav, panels = navigation.registered()
    return {"nav": nav, "panels": panels, "renderers": registry.registered(), "seeders": demo.registered(),
            "beat": dict(app.conf.beat_schedule)}


def test_registering_every_app_twice_changes_nothing():
    before = _everything_registered()
    registering = [config for config in apps.get_app_configs() if hasattr(config, "register")]
    assert {c.label for c in registering} >= {"accounts", "jobs", "grants"}
    for config in registering:
        config.register()
        config.register()
    assert _everything_registered() == before


def test_each_app_registered_what_it_adds():
    """Without this, an app whose register() added nothing would pass the test above."""
    everything = _everything_registered()
    assert {item.url_name for item in everything["nav"]} >= {
        "dashboard", "jobs:list", "accounts:organisation_list", "grants:funding", "grants:staff_applications"}
    assert {p.template for p in everything["panels"]} >= {"grants/staff/panel_dashboard.html"}
    assert set(everything["renderers"]) >= {"accounts.organisations_csv", "grants.applications_csv",
                                            "grants.grants_csv", "grants.360giving_json", "grants.360giving_csv"}
    assert set(everything["seeders"]) == {"grants", "engagement"}
    assert {name: entry["task"] for name, entry in everything["beat"].items()} == {
        "jobs-fail-abandoned": "jobs.fail_abandoned", "jobs-expire-results": "jobs.expire_results",
        "grants-report-reminders": "grants.send_report_reminders", "jobs-dispatch": "jobs.dispatch",
        "mail-dispatch": "mail.dispatch",
        "engagement-compact-feedback-tallies": "engagement.compact_feedback_tallies",
        "engagement-routing-reminders": "engagement.send_routing_reminders",
        "engagement-safeguarding-reminders": "engagement.send_safeguarding_reminders",
        "engagement-public-pages": "engagement.refresh_public_pages",
        "reports-announce-scheduled": "reports.announce_scheduled",
        "reports-schedule-quarterly": "reports.schedule_quarterly"}


def test_the_core_settings_name_no_domain_task():
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")
    source = (ROOT / "grassroots" / "settings.py").read_text()
    assert "grants." not in source


def test_celery_beat_schedules_every_apps_periodic_tasks(tmp_path):
    """The real ``celery beat`` process: it sets Django up (so every app registers) before reading the schedule."""
    log = tmp_path / "beat.log"
    with log.open("w") as out:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "grassroots", "beat", "--loglevel=DEBUG",
             "--schedule", str(tmp_path / "schedule"), "--pidfile="],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while "grants-report-reminders" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            beat.terminate()
            beat.wait(timeout=20)
    text = log.read_text()
    assert "<ScheduleEntry: grants-report-reminders grants.send_report_reminders()" in text, text[-2000:]
    assert "<ScheduleEntry: jobs-fail-abandoned jobs.fail_abandoned()" in text
    assert "<ScheduleEntry: jobs-expire-results jobs.expire_results()" in text
