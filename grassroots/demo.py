"""Demo data seeders that apps register from their ``AppConfig.register()``; ``manage.py seed_demo`` runs them.

The core's own demo (areas, organisations, people) runs first and hands each seeder its ``DemoContext``.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grassroots.accounts.demo import DemoContext

Seeder = Callable[["DemoContext"], None]

_seeders: dict[str, Seeder] = {}


def add_seeder(app_label: str, seed: Seeder) -> None:
    """Say how ``app_label`` fills in its demo data. Keyed by app, so registering again changes nothing."""
    _seeders[app_label] = seed


def remove_seeder(app_label: str) -> None:
    _seeders.pop(app_label, None)


def seeder_for(app_label: str) -> Seeder | None:
    return _seeders.get(app_label)


def registered() -> dict[str, Seeder]:
    return dict(_seeders)
