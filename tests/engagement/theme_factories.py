"""Themes test data made straight in the database (services have their own tests)."""
from __future__ import annotations

from typing import Any

from engagement.models import (
    FeedbackItem,
    KeywordRule,
    ModerationDecision,
    SubTheme,
    Suggestion,
    Theme,
    ThemeChange,
)
from grassroots.accounts.models import Organisation, User


def make_theme(owner: Organisation, name: str = "Access to medical care & support", *,
               subs: tuple[str, ...] = ("Appointment arrangements", "Contacting services")) -> Theme:
    theme = Theme.objects.create(owner=owner, name=name, description="Getting care when it is needed")
    for sub in subs:
        SubTheme.objects.create(theme=theme, name=sub)
    return theme


def make_rule(sub_theme: SubTheme, phrases: str, *, created_by: User) -> KeywordRule:
    return KeywordRule.objects.create(sub_theme=sub_theme, phrases=phrases, created_by=created_by)


def themes_walk_rows(world: Any, item: FeedbackItem) -> dict[str, Any]:
    """A theme with sub-themes of the walk's host, a rule and a suggestion it made for the walk's item."""
    theme = make_theme(world.host)
    sub_theme = theme.sub_themes.order_by("pk").first()
    rule = make_rule(sub_theme, "phone\nappointment", created_by=world.host_staff)
    suggestion = Suggestion.objects.create(item=item, sub_theme=sub_theme, rule=rule)
    ThemeChange.objects.create(owner=world.host, theme=theme, kind=ThemeChange.Kind.ADDED, note="Theme added",
                               actor=world.host_staff)
    ModerationDecision.objects.create(item=item, decision="rejected", original_text=item.text,
                                      reason="Names a neighbour", decided_by=world.host_staff)
    return {"theme": theme, "sub_theme": sub_theme, "rule": rule, "suggestion": suggestion}
