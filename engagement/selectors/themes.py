"""Reads for themes, tagging, keyword-rule suggestions and moderation; each page's queries are fixed in number."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from engagement.access import feedback_for_staff
from engagement.access_themes import taxonomy_owners, themes_for_staff
from engagement.choices import Consent
from engagement.models import (
    FeedbackItem,
    FeedbackTag,
    KeywordRule,
    ModerationDecision,
    Session,
    SubTheme,
    Suggestion,
    Theme,
    ThemeChange,
)
from grassroots.accounts.models import Organisation


@dataclass
class Taxonomy:
    owner: Organisation
    themes: list[Theme]


def taxonomies(user: object) -> list[Taxonomy]:
    """Each host's themes (in use first, then retired) with their sub-themes and how many items each tags: three
    queries however many themes there are."""
    owners = list(taxonomy_owners(user).order_by("name"))
    subs = SubTheme.objects.annotate(tag_count=Count("tags")).order_by("retired", "name")
    themes = list(themes_for_staff(user).order_by("retired", "name").prefetch_related(
        Prefetch("sub_themes", queryset=subs)))
    return [Taxonomy(owner, [t for t in themes if t.owner_id == owner.pk]) for owner in owners]


def theme_with_sub_themes(theme: Theme) -> list[SubTheme]:
    return list(theme.sub_themes.annotate(tag_count=Count("tags")).order_by("retired", "name"))


def history(*, theme: Theme | None = None, sub_theme: SubTheme | None = None) -> QuerySet[ThemeChange]:
    changes = ThemeChange.objects.select_related("actor", "theme", "sub_theme")
    if theme is not None:
        changes = changes.filter(Q(theme=theme) | Q(sub_theme__theme=theme))
    if sub_theme is not None:
        changes = changes.filter(sub_theme=sub_theme)
    return changes[:50]


def sub_themes_in_use(owner_id: int) -> QuerySet[SubTheme]:
    """What may be chosen for a new tag or rule in this owner's taxonomy."""
    return SubTheme.objects.filter(theme__owner_id=owner_id, retired=False, theme__retired=False) \
        .select_related("theme").order_by("theme__name", "name")


def sub_themes_for_staff(user: object) -> QuerySet[SubTheme]:
    """Every sub-theme in use in the user's taxonomies: what a rule or a bulk tag may name."""
    return SubTheme.objects.filter(theme__owner__in=taxonomy_owners(user).values("pk"), retired=False,
                                   theme__retired=False).select_related("theme").order_by("theme__name", "name")


def merge_targets_for_theme(theme: Theme) -> QuerySet[Theme]:
    return Theme.objects.filter(owner_id=theme.owner_id, retired=False).exclude(pk=theme.pk).order_by("name")


def merge_targets_for_sub_theme(sub_theme: SubTheme) -> QuerySet[SubTheme]:
    return sub_themes_in_use(sub_theme.theme.owner_id).exclude(pk=sub_theme.pk)


# --- Keyword rules and suggestions ----------------------------------------------------------------------------

def rules_for_staff(user: object) -> QuerySet[KeywordRule]:
    """Every rule of the user's taxonomies, with how its suggestions fared (one query)."""
    return (KeywordRule.objects.filter(sub_theme__theme__owner__in=taxonomy_owners(user).values("pk"))
            .select_related("sub_theme__theme__owner", "created_by")
            .annotate(shown=Count("suggestions"),
                      accepted=Count("suggestions", filter=Q(suggestions__status=Suggestion.Status.ACCEPTED)),
                      rejected=Count("suggestions", filter=Q(suggestions__status=Suggestion.Status.REJECTED)))
            .order_by("sub_theme__theme__owner__name", "sub_theme__theme__name", "sub_theme__name", "pk"))


def acceptance_rate(accepted: int, rejected: int) -> int | None:
    """Accepted as a whole percentage of the suggestions a person decided on; None before any was decided."""
    decided = accepted + rejected
    return None if decided == 0 else round(100 * accepted / decided)


def _pattern(phrase: str) -> re.Pattern[str]:
    # Whole words only, so "GP" does not match "GPS" and "wait" does not match "waitrose".
    return re.compile(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)")


def matching_rules(text: str, rules: list[KeywordRule]) -> list[KeywordRule]:
    """The rules whose words or phrases appear in ``text``, one rule per sub-theme (the first that matches)."""
    lowered, seen, matched = text.lower(), set(), []
    for rule in rules:
        if rule.sub_theme_id in seen:
            continue
        if any(_pattern(p).search(lowered) for p in rule.phrase_list):
            matched.append(rule)
            seen.add(rule.sub_theme_id)
    return matched


def rules_for_owner(owner_id: int) -> list[KeywordRule]:
    return list(KeywordRule.objects.filter(sub_theme__theme__owner_id=owner_id, sub_theme__retired=False,
                                           sub_theme__theme__retired=False).order_by("pk"))


def item_tags(item: FeedbackItem) -> list[FeedbackTag]:
    return list(item.tags.select_related("sub_theme__theme", "tagged_by"))


def open_suggestions(item: FeedbackItem) -> list[Suggestion]:
    return list(item.suggestions.filter(status=Suggestion.Status.SHOWN, sub_theme__retired=False,
                                        sub_theme__theme__retired=False)
                .exclude(sub_theme__in=item.tags.values("sub_theme")).select_related("sub_theme__theme"))


# --- Moderation -------------------------------------------------------------------------------------------------

MAY_BE_MODERATED = (Q(consent__in=(Consent.QUOTE, Consent.ANONYMISED)) & Q(safeguarding=False)
                    & Q(session__status=Session.Status.SUBMITTED))


def moderation_queue(user: object) -> QuerySet[FeedbackItem]:
    """Items waiting for a decision, oldest first: of submitted sessions, consented to leave, not safeguarding."""
    return (feedback_for_staff(user).filter(MAY_BE_MODERATED, moderation=FeedbackItem.Moderation.PENDING)
            .select_related("organisation", "session").order_by("held_on", "pk"))


def moderation_history(item: FeedbackItem) -> list[ModerationDecision]:
    return list(item.moderation_history.select_related("decided_by"))
