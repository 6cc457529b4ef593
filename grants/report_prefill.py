"""Figures another app can offer for a grant's end-of-grant report (engagement: the sessions logged), so a group
checks them instead of retyping them. Grants imports no such app; each registers its function here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from grants.models import Grant, MonitoringReport

# Given a grant: (report field -> value, where the values came from, e.g. "from the 6 sessions you logged").
ReportPrefill = Callable[[Grant], tuple[dict[str, Any], str] | None]
_prefills: list[ReportPrefill] = []


def register_report_prefill(fn: ReportPrefill) -> None:
    """Add a source of report figures (idempotent: registering twice adds it once)."""
    if fn not in _prefills:
        _prefills.append(fn)


@dataclass(frozen=True)
class Prefill:
    values: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


def report_prefill(report: MonitoringReport) -> Prefill:
    """Initial values for the report's answers the group has not given yet, and where they came from."""
    values: dict[str, Any] = {}
    sources: list[str] = []
    for fn in _prefills:
        found = fn(report.grant)
        if not found:
            continue
        offered, source = found
        empty = {f: v for f, v in offered.items() if getattr(report, f, "") in (None, "") and f not in values}
        if empty:
            values.update(empty)
            sources.append(source)
    return Prefill(values, tuple(sources))
