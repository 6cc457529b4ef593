"""The parts of an application form, named once: their order, titles, fields and which answers each needs.

The task list, the section pages, check-your-answers, the version comparison, staff's and reviewers'
pages and the completeness rules all read this table, so a title or a field list cannot drift.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[str, ...]  # the answers the section's page saves
    needs: tuple[str, ...] = ()  # the answers it must have to count as completed (optional ones left out)


SECTIONS: tuple[Section, ...] = (
    Section("group", "Your group", ("contact_name", "contact_email", "contact_phone", "group_description"),
            needs=("contact_name", "contact_email", "group_description")),
    Section("activity", "The activity", ("title", "summary", "activity_description", "start_date", "end_date"),
            needs=("title", "summary", "activity_description", "start_date", "end_date")),
    Section("communities", "Communities you reach", ("communities",), needs=("communities",)),
    Section("sessions", "Sessions and reach", ("planned_sessions", "expected_reach", "expected_conversations"),
            needs=("planned_sessions", "expected_reach")),
    Section("budget", "Budget", ("amount_requested", "budget_lines")),
    Section("documents", "Supporting documents", ("documents",)),
)
BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}
ORDER: tuple[str, ...] = tuple(s.key for s in SECTIONS)
# The sections filled in on a plain form page (budget and documents have pages of their own).
FORM_SECTIONS: tuple[Section, ...] = tuple(s for s in SECTIONS if s.key not in ("budget", "documents"))
FORM_FIELDS: tuple[str, ...] = tuple(f for s in FORM_SECTIONS for f in s.fields)
ALL_FIELDS: tuple[str, ...] = tuple(f for s in SECTIONS for f in s.fields)

# How each answer is labelled wherever it is shown: the form, check your answers, versions, staff's page.
LABELS: dict[str, str] = {
    "contact_name": "Contact name",
    "contact_email": "Contact email address",
    "contact_phone": "Contact phone number",
    "group_description": "About your group",
    "title": "Project title",
    "summary": "Summary",
    "activity_description": "What you will do",
    "start_date": "Start date",
    "end_date": "End date",
    "communities": "Communities the activity reaches",
    "planned_sessions": "Number of sessions",
    "expected_reach": "People you expect to reach",
    "expected_conversations": "In-depth conversations you expect",
    "amount_requested": "Amount requested",
    "budget_lines": "Budget lines",
    "documents": "Supporting documents",
}


def next_section(key: str) -> str | None:
    """The section after ``key`` in the form's order, or None after the last."""
    following = ORDER[ORDER.index(key) + 1:]
    return following[0] if following else None
