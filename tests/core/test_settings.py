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


def test_debug_without_a_secret_key_uses_a_local_development_key(tmp_path):
    result = _run(["-c", SETUP + "; from django.conf import settings; print(len(settings.SECRET_KEY) > 40)"],
                  _env(tmp_path, DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
