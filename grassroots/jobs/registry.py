"""Job kinds register a renderer here (from their app's ``ready``), so the core imports no domain app."""
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


def register(kind: str) -> Callable[[Renderer], Renderer]:
    def decorator(func: Renderer) -> Renderer:
        _renderers[kind] = func
        return func

    return decorator


def renderer_for(kind: str) -> Renderer:
    try:
        return _renderers[kind]
    except KeyError as exc:
        raise JobError(f"Unknown kind of download: {kind}") from exc


def kinds() -> list[str]:
    return sorted(_renderers)
