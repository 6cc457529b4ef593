"""Settings read the environment and refuse bad values loudly; production settings pass Django's deploy check."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789"
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='grassroots.settings'; django.setup()"


def _env(tmp_path, **overrides: str | None) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    env = {**keep, "DEBUG": "false", "SECRET_KEY": LONG_KEY, "ALLOWED_HOSTS": "example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "MEDIA_ROOT": str(tmp_path / "media")}
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_good_production_settings_load(tmp_path):
    result = _run(["-c", SETUP], _env(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_vague_debug_value_fails_loudly_naming_debug(tmp_path):
    result = _run(["-c", SETUP], _env(tmp_path, DEBUG="maybe"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_an_unsupported_database_fails(tmp_path):
    result = _run(["-c", SETUP], _env(tmp_path, DATABASE_URL="mysql://u:p@db/grassroots"))
    assert result.returncode != 0
    assert "DATABASE_URL must start with one of" in result.stderr


def test_a_missing_secret_key_fails_in_production(tmp_path):
    result = _run(["-c", SETUP], _env(tmp_path, SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_a_short_secret_key_fails_in_production(tmp_path):
    result = _run(["-c", SETUP], _env(tmp_path, SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL must start with one of"),
    ("SESSION_COOKIE_AGE", "soon", "SESSION_COOKIE_AGE must be a whole number"),
    ("CSRF_TRUSTED_ORIGINS", "example.org", "CSRF_TRUSTED_ORIGINS entries need a scheme"),
])
def test_other_bad_values_fail_naming_the_variable(tmp_path, name, value, message):
    result = _run(["-c", SETUP], _env(tmp_path, **{name: value}))
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_would_catch_https_being_switched_off(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                  _env(tmp_path, SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false"))
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_debug_without_a_secret_key_keeps_a_development_key_in_the_file_named(tmp_path):
    """The key goes where DEV_SECRET_KEY_FILE says (here tmp_path), never into the repository, and the next start
    reads the same key back, so sign-ins survive a reload."""
    key_file = tmp_path / "keys" / "dev-secret-key"
    repo_key = ROOT / "var" / "dev-secret-key"
    repo_key_before = repo_key.stat().st_mtime_ns if repo_key.exists() else None
    env = _env(tmp_path, DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None, DEV_SECRET_KEY_FILE=str(key_file))
    show_key = SETUP + "; from django.conf import settings; print(settings.SECRET_KEY)"
    first = _run(["-c", show_key], env)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) > 40
    assert key_file.read_text().strip() == first.stdout.strip()
    assert _run(["-c", show_key], env).stdout == first.stdout
    assert (repo_key.stat().st_mtime_ns if repo_key.exists() else None) == repo_key_before


@pytest.mark.parametrize(("soft", "hard"), [("600", "600"), ("700", "600")])
def test_a_soft_time_limit_not_below_the_hard_limit_fails_loudly(tmp_path, soft, hard):
    result = _run(["-c", SETUP], _env(tmp_path, CELERY_TASK_SOFT_TIME_LIMIT=soft, CELERY_TASK_TIME_LIMIT=hard))
    assert result.returncode != 0
    assert "CELERY_TASK_SOFT_TIME_LIMIT" in result.stderr and "must be below CELERY_TASK_TIME_LIMIT" in result.stderr


def test_the_time_limits_and_the_redis_visibility_timeout_fit_together(tmp_path):
    """Soft limit (a plain message) before the hard kill; Redis never hands a running job to a second worker."""
    show = SETUP + ("; from grassroots.celery import app; c = app.conf; "
                    "print(c.task_soft_time_limit, c.task_time_limit, c.broker_transport_options['visibility_timeout'])")
    defaults = _run(["-c", show], _env(tmp_path))
    assert defaults.returncode == 0, defaults.stderr
    assert defaults.stdout.split() == ["540", "600", "3600"]
    long_jobs = _run(["-c", show], _env(tmp_path, CELERY_TASK_TIME_LIMIT="3000"))
    assert long_jobs.stdout.split() == ["2700", "3000", "6000"]


@pytest.mark.parametrize("value", ["0", "soon"])
def test_a_bad_result_retention_fails_naming_the_variable(tmp_path, value):
    result = _run(["-c", SETUP], _env(tmp_path, JOB_RESULT_DAYS=value))
    assert result.returncode != 0
    assert "JOB_RESULT_DAYS must be" in result.stderr
