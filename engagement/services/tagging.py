"""Putting feedback under sub-themes: one item at a time, by accepting a suggestion a keyword rule made, or every
item a filter matches at once. A suggestion is only ever shown; a tag exists only because a person added it."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from engagement.access_themes import item_taxonomy_owner_id, may_edit_taxonomy, may_tag, may_theme_item
from engagement.models import FeedbackItem, FeedbackTag, SubTheme, Suggestion, ThemeChange
from engagement.selectors.themes import matching_rules, rules_for_owner
from grants.access import require
from grassroots.timeline.services import record


def _note_on_session(item: FeedbackItem, *, actor: Any, note: str) -> None:
    # Staff-only: themes and suggestions are the host's analysis, not the group's record.
    record(item.session, actor=actor, kind="feedback", note=note)


def item_tag(*, actor: Any, item: FeedbackItem, sub_theme: SubTheme, from_suggestion: bool = False) -> FeedbackTag:
    """Tag an item with a sub-theme (once: tagging it again changes nothing)."""
    sub_theme = SubTheme.objects.select_related("theme").get(pk=sub_theme.pk)  # retired since the page was drawn?
    require(may_tag(actor, item, sub_theme))
    with transaction.atomic():
        tag, created = FeedbackTag.objects.get_or_create(
            item=item, sub_theme=sub_theme, defaults={"tagged_by": actor, "from_suggestion": from_suggestion})
        if created:
            _note_on_session(item, actor=actor, note=f"Item {item.pk} tagged “{sub_theme}”"
                             + (" (a suggestion accepted)" if from_suggestion else ""))
    return tag


def item_untag(*, actor: Any, item: FeedbackItem, sub_theme: SubTheme) -> None:
    """Take a tag off (a retired sub-theme's tag too: a mistake is a mistake)."""
    require(may_theme_item(actor, item))
    with transaction.atomic():
        deleted, _ = FeedbackTag.objects.filter(item=item, sub_theme=sub_theme).delete()
        if deleted:
            _note_on_session(item, actor=actor, note=f"Item {item.pk}: tag “{sub_theme}” removed")


def suggestions_show(*, actor: Any, item: FeedbackItem) -> list[Suggestion]:
    """The sub-themes the owner's keyword rules suggest for an untagged item, recorded as shown (once per item and
    sub-theme, however often the page is opened) so the rules' acceptance can be measured. Tags nothing."""
    require(may_theme_item(actor, item))
    if item.tags.exists():
        return []
    matched = matching_rules(item.text, rules_for_owner(item_taxonomy_owner_id(item)))
    if matched:
        Suggestion.objects.bulk_create([Suggestion(item=item, sub_theme_id=r.sub_theme_id, rule=r) for r in matched],
                                       ignore_conflicts=True)
    return list(item.suggestions.filter(status=Suggestion.Status.SHOWN).select_related("sub_theme__theme"))


def suggestion_decide(*, actor: Any, suggestion: Suggestion, accept: bool) -> Suggestion:
    """Accept (the item is tagged, marked as from a suggestion) or reject a suggestion; either way who and when
    is kept. Deciding twice changes nothing."""
    item = suggestion.item
    require(may_theme_item(actor, item))
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update(of=("self",)).select_related("sub_theme__theme") \
            .get(pk=suggestion.pk)
        if not suggestion.is_open:
            return suggestion
        if accept:
            item_tag(actor=actor, item=item, sub_theme=suggestion.sub_theme, from_suggestion=True)
        suggestion.status = Suggestion.Status.ACCEPTED if accept else Suggestion.Status.REJECTED
        suggestion.decided_by, suggestion.decided_at = actor, timezone.now()
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])
        if not accept:
            _note_on_session(item, actor=actor, note=f"Item {item.pk}: suggestion “{suggestion.sub_theme}” rejected")
    return suggestion


def items_to_tag(items: QuerySet[FeedbackItem], sub_theme: SubTheme) -> QuerySet[FeedbackItem]:
    """Of ``items``, those ``sub_theme``'s taxonomy applies to (its host runs their share of the programme)."""
    return items.filter(round__share__host_id=sub_theme.theme.owner_id)


def items_tag_bulk(*, actor: Any, sub_theme: SubTheme, items: QuerySet[FeedbackItem], description: str = "",
                   at: datetime | None = None) -> int:
    """Tag every item of ``items`` (all that match, not a page of them) with ``sub_theme`` in one statement:
    INSERT ... SELECT ... ON CONFLICT DO NOTHING, so items already tagged are left as they were and tens of
    thousands take one round trip (and running it twice adds nothing). ``items`` must come from the caller's
    access-checked queryset. Every new tag gets ``at`` as its time (now by default), so a caller can find exactly
    the tags this call added. Returns how many items were newly tagged."""
    require(may_edit_taxonomy(actor, sub_theme.theme.owner_id))
    if sub_theme.retired or sub_theme.theme.retired:
        raise ValidationError(f"“{sub_theme.name}” has been retired. Choose a sub-theme still in use")
    matching = items_to_tag(items, sub_theme).order_by().values("pk")
    select_sql, params = matching.query.sql_with_params()
    tags = FeedbackTag._meta.db_table
    # The SELECT is Django's own compiled SQL with its parameters; nothing typed reaches this string.
    sql = (f"INSERT INTO {tags} (item_id, sub_theme_id, tagged_by_id, tagged_at, from_suggestion) "  # noqa: S608
           f"SELECT matching.pk, %s, %s, %s, %s FROM ({select_sql}) AS matching WHERE true "
           "ON CONFLICT (item_id, sub_theme_id) DO NOTHING")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [sub_theme.pk, actor.pk, at or timezone.now(), False, *params])
        added = max(cursor.rowcount, 0)
        note = f"{added} items tagged “{sub_theme.name}”" + (f" ({description})" if description else "")
        ThemeChange.objects.create(owner_id=sub_theme.theme.owner_id, theme=sub_theme.theme, sub_theme=sub_theme,
                                   kind=ThemeChange.Kind.BULK_TAGGED, actor=actor, note=note)
    return added
