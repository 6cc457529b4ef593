"""An application's answers as a person reads them, shared by the group's, staff's and reviewers' pages."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from grassroots.dates import govuk_date


def answer_display(name: str, value: Any) -> str:
    """An answer as a person reads it: dates in words, money with £ and commas, blanks said plainly."""
    if value in (None, "", []):
        return "Not answered"
    if name in ("start_date", "end_date"):
        value = date.fromisoformat(value) if isinstance(value, str) else value
        return govuk_date(value)
    if name == "amount_requested":
        return f"£{Decimal(value):,.2f}"
    if name == "budget_lines":
        return "\n".join(f"{line['description']}: £{Decimal(line['amount']):,.2f}" for line in value)
    if name == "documents":
        return "\n".join(value)
    return str(value)
