"""Job kinds and their renderers. Apps add theirs from ``AppConfig.ready`` (through their ``register()``),
so the core imports no domain app."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grassroots.jobs.models import Job


class JobError(Exception):
    """An expected failure (e.g. no data for the period): shown to the person, not a traceback."""


@dataclass(frozen=True)
class Output:
    filename: str
    content_type: str
    content: bytes


Progress = Callable[[int, str], None]
Renderer = Callable[["Job", Progress], Output]

_renderers: dict[str, Renderer] = {}


def add_renderer(kind: str, renderer: Renderer) -> None:
    """Say which function makes jobs of ``kind``. Keyed by kind, so registering again changes nothing."""
    _renderers[kind] = renderer


def remove_renderer(kind: str) -> None:
    """Forget a kind (tests add throwaway kinds and take them away again)."""
    _renderers.pop(kind, None)


def renderer_for(kind: str) -> Renderer:
    try:
        return _renderers[kind]
    except KeyError as exc:
        raise JobError(f"Unknown kind of download: {kind}") from exc


def kinds() -> list[str]:
    return sorted(_renderers)


def registered() -> dict[str, Renderer]:
    return dict(_renderers)
