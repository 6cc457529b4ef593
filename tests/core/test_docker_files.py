"""Cheap sanity checks on the container files (the full stack is exercised by docker compose, not here)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _top_level_services(text: str) -> set[str]:
    block = text.split("\nservices:\n", 1)[1]
    names = set()
    for line in block.splitlines():
        if line and not line.startswith((" ", "#")):
            break  # the next top-level key (volumes:) ends the services block
        match = re.match(r"^  ([A-Za-z0-9_-]+):\s*$", line)
        if match:
            names.add(match.group(1))
    return names


def test_compose_names_the_whole_stack():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "\t" not in text
    assert {"web", "worker", "beat", "postgres", "redis"} <= _top_level_services(text)


def test_the_image_health_check_probes_healthz():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^HEALTHCHECK", dockerfile, re.M)
    assert "/healthz" in dockerfile


def test_the_image_installs_pango_for_pdfs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango-1.0-0" in dockerfile
    assert re.search(r"^FROM python:3\.11", dockerfile, re.M)
