"""The container entrypoint, run for real in a shell with stand-ins for ``python`` and the servers.

Each stand-in only records how it was called, so these tests check what the entrypoint runs (and in what order)
for each role and setting, including the web service exactly as docker-compose.yml configures it. That the
commands themselves work is proven elsewhere (test_seed_demo runs seed_demo with and without --force).
"""
from __future__ import annotations

import re
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "docker-entrypoint.sh"

pytestmark = pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")


def _stand_in(bin_dir: Path, name: str, log: Path, exit_code: int = 0, fail_on: str = "") -> None:
    script = bin_dir / name
    script.write_text(
        "#!/bin/sh\n"
        f'echo "{name} $*" >> "{log}"\n'
        + (f'case "$*" in *{fail_on}*) exit {exit_code};; esac\n' if fail_on else "")
        + "exit 0\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def _run(tmp_path: Path, command: list[str], env: dict[str, str] | None = None, fail_on: str = "",
         ) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    _stand_in(bin_dir, "python", log, exit_code=3, fail_on=fail_on)
    for server in ("gunicorn", "celery"):
        _stand_in(bin_dir, server, log)
    full_env = {"PATH": f"{bin_dir}:/usr/bin:/bin", **(env or {})}
    result = subprocess.run(["/bin/bash", str(ENTRYPOINT), *command], cwd=tmp_path, env=full_env,
                            capture_output=True, text=True, timeout=30)
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def _compose_app_env() -> dict[str, str]:
    """The x-app-env block of docker-compose.yml (plain ``KEY: value`` lines), with ${VAR:?...} filled in."""
    text = (ROOT / "docker-compose.yml").read_text()
    block = text.split("x-app-env: &app-env\n", 1)[1]
    env = {}
    for line in block.splitlines():
        if not line.startswith("  "):
            break
        match = re.match(r'^  ([A-Z_]+): "?(.*?)"?$', line)
        if match:
            env[match.group(1)] = match.group(2)
    return {k: ("x" * 60 if v.startswith("${SECRET_KEY") else v) for k, v in env.items()}


def _compose_web_command() -> list[str]:
    text = (ROOT / "docker-compose.yml").read_text()
    web = text.split("\n  web:\n", 1)[1]
    match = re.search(r"command: \[(.*)\]", web)
    assert match, "the web service names its command"
    return [part.strip().strip('"') for part in match.group(1).split(",")]


def test_the_web_service_as_compose_runs_it_migrates_seeds_with_force_then_starts_gunicorn(tmp_path):
    env = _compose_app_env()
    assert env["DEBUG"] == "false" and env["SEED_DEMO"] == "1"  # the case that used to stop the container
    result, calls = _run(tmp_path, _compose_web_command(), env)
    assert result.returncode == 0, result.stderr
    assert calls[0] == "python manage.py migrate --noinput"
    assert calls[1] == "python manage.py seed_demo --force"
    assert calls[2].startswith("gunicorn grassroots.wsgi:application")
    assert len(calls) == 3


def test_the_web_role_without_seed_demo_only_migrates(tmp_path):
    result, calls = _run(tmp_path, ["gunicorn", "grassroots.wsgi:application"], {"SEED_DEMO": "0"})
    assert result.returncode == 0, result.stderr
    assert calls == ["python manage.py migrate --noinput", "gunicorn grassroots.wsgi:application"]


@pytest.mark.parametrize("command", [["celery", "-A", "grassroots", "worker"], ["celery", "-A", "grassroots", "beat"]])
def test_worker_and_beat_never_migrate_or_seed(tmp_path, command):
    result, calls = _run(tmp_path, command, {"SEED_DEMO": "1"})
    assert result.returncode == 0, result.stderr
    assert calls == [" ".join(command)]


def test_a_failed_migration_stops_the_container_before_gunicorn_starts(tmp_path):
    result, calls = _run(tmp_path, ["gunicorn", "grassroots.wsgi:application"], {"SEED_DEMO": "1"},
                         fail_on="migrate")
    assert result.returncode == 3
    assert calls == ["python manage.py migrate --noinput"]

