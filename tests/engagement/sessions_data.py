"""Answers for the session form and the services, shared by the session tests."""
from __future__ import annotations

import datetime as dt
from typing import Any

from engagement.choices import SessionKind

HELD_ON = dt.date(2026, 9, 15)  # inside the test grants' activity (1 June to 30 October 2026), in the past


def session_values(world, **overrides: Any) -> dict[str, Any]:
    """What the form's cleaned data holds, for calling the services directly."""
    values = {"kind": SessionKind.LISTENING, "title": "Coffee morning at St Mark's", "held_on": HELD_ON,
              "starts_at": dt.time(10, 0), "ends_at": dt.time(12, 0), "venue": "St Mark's hall", "area": world.area,
              "facilitators": "Grace", "attendance": 20, "conversations": 6, "notes": "", "trained_count": None,
              "organisations_present": [world.icb], "trained_organisations": []}
    values.update(overrides)
    return values


def session_post(world, **overrides: Any) -> dict[str, Any]:
    """What the session form posts."""
    held_on = overrides.pop("held_on", HELD_ON)
    data = {"kind": SessionKind.LISTENING, "title": "Coffee morning at St Mark's",
            "held_on_0": str(held_on.day), "held_on_1": str(held_on.month), "held_on_2": str(held_on.year),
            "starts_at": "10:00", "ends_at": "12:00", "venue": "St Mark's hall", "area": str(world.area.pk),
            "facilitators": "Grace", "attendance": "20", "conversations": "6", "notes": "",
            "organisations_present": [str(world.icb.pk)]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
