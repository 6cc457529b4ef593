"""Changing a host's taxonomy: add, rename, merge and retire themes and sub-themes, load the default list, and
keep the keyword rules that suggest tags. Nothing is deleted (a merged or retired (sub-)theme stays, with its
history); every change leaves a ``ThemeChange`` row. Tagging is in engagement/services/tagging.py."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from engagement.access_themes import may_edit_taxonomy
from engagement.models import FeedbackTag, KeywordRule, SubTheme, Suggestion, Theme, ThemeChange
from engagement.taxonomy import load_default_taxonomy
from grants.access import require
from grassroots.accounts.models import Organisation


def _log(*, actor: Any, owner_id: int, kind: str, note: str, theme: Theme | None = None,
         sub_theme: SubTheme | None = None) -> None:
    ThemeChange.objects.create(owner_id=owner_id, theme=theme, sub_theme=sub_theme, kind=kind, note=note, actor=actor)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Enter a name")
    return name


def theme_name_taken(owner_id: int, name: str, *, exclude: int | None = None) -> bool:
    themes = Theme.objects.filter(owner_id=owner_id, retired=False, name__iexact=name)
    return (themes if exclude is None else themes.exclude(pk=exclude)).exists()


def sub_theme_name_taken(theme_id: int, name: str, *, exclude: int | None = None) -> bool:
    subs = SubTheme.objects.filter(theme_id=theme_id, retired=False, name__iexact=name)
    return (subs if exclude is None else subs.exclude(pk=exclude)).exists()


def taxonomy_load_default(*, actor: Any, owner: Organisation) -> int:
    """Add the default themes the host does not have (idempotent); returns how many sub-themes were added."""
    require(may_edit_taxonomy(actor, owner.pk))
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=owner.pk).first()  # two clicks load once
        added = load_default_taxonomy(owner.pk)
        if added:
            _log(actor=actor, owner_id=owner.pk, kind=ThemeChange.Kind.LOADED, note=f"{added} sub-themes added")
    return added


def theme_add(*, actor: Any, owner: Organisation, name: str, description: str = "") -> Theme:
    require(may_edit_taxonomy(actor, owner.pk))
    name = _clean_name(name)
    with transaction.atomic():
        if theme_name_taken(owner.pk, name):
            raise ValidationError(f"There is already a theme called “{name}”")
        theme = Theme.objects.create(owner=owner, name=name, description=description.strip())
        _log(actor=actor, owner_id=owner.pk, kind=ThemeChange.Kind.ADDED, note=f"Theme “{name}” added", theme=theme)
    return theme


def theme_change(*, actor: Any, theme: Theme, name: str, description: str) -> Theme:
    """Rename or re-describe a theme; its tags and history stay with it."""
    require(may_edit_taxonomy(actor, theme.owner_id))
    name = _clean_name(name)
    with transaction.atomic():
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        if name == theme.name and description.strip() == theme.description:
            return theme
        if theme_name_taken(theme.owner_id, name, exclude=theme.pk):
            raise ValidationError(f"There is already a theme called “{name}”")
        note = f"Renamed from “{theme.name}” to “{name}”" if name != theme.name else "Description changed"
        theme.name, theme.description = name, description.strip()
        theme.save(update_fields=["name", "description"])
        _log(actor=actor, owner_id=theme.owner_id, kind=ThemeChange.Kind.CHANGED, note=note, theme=theme)
    return theme


def sub_theme_add(*, actor: Any, theme: Theme, name: str, description: str = "") -> SubTheme:
    require(may_edit_taxonomy(actor, theme.owner_id))
    name = _clean_name(name)
    with transaction.atomic():
        if theme.retired:
            raise ValidationError("This theme has been retired, so nothing can be added to it")
        if sub_theme_name_taken(theme.pk, name):
            raise ValidationError(f"“{theme.name}” already has a sub-theme called “{name}”")
        sub = SubTheme.objects.create(theme=theme, name=name, description=description.strip())
        _log(actor=actor, owner_id=theme.owner_id, kind=ThemeChange.Kind.ADDED, note=f"Sub-theme “{name}” added",
             theme=theme, sub_theme=sub)
    return sub


def sub_theme_change(*, actor: Any, sub_theme: SubTheme, name: str, description: str) -> SubTheme:
    require(may_edit_taxonomy(actor, sub_theme.theme.owner_id))
    name = _clean_name(name)
    with transaction.atomic():
        sub = SubTheme.objects.select_for_update().select_related("theme").get(pk=sub_theme.pk)
        if name == sub.name and description.strip() == sub.description:
            return sub
        if sub_theme_name_taken(sub.theme_id, name, exclude=sub.pk):
            raise ValidationError(f"“{sub.theme.name}” already has a sub-theme called “{name}”")
        note = f"Renamed from “{sub.name}” to “{name}”" if name != sub.name else "Description changed"
        sub.name, sub.description = name, description.strip()
        sub.save(update_fields=["name", "description"])
        _log(actor=actor, owner_id=sub.theme.owner_id, kind=ThemeChange.Kind.CHANGED, note=note, theme=sub.theme,
             sub_theme=sub)
    return sub


def _merge_sub_theme_rows(source: SubTheme, target: SubTheme) -> int:
    """Move every tag, rule and open suggestion of ``source`` to ``target``; an item tagged with both keeps one
    tag (the older, with who made it). Returns how many items ``target`` gained."""
    both = FeedbackTag.objects.filter(sub_theme=target).values("item_id")
    FeedbackTag.objects.filter(sub_theme=source, item_id__in=both).delete()
    moved = FeedbackTag.objects.filter(sub_theme=source).update(sub_theme=target)
    KeywordRule.objects.filter(sub_theme=source).update(sub_theme=target, updated_at=timezone.now())
    suggested = Suggestion.objects.filter(sub_theme=target).values("item_id")
    Suggestion.objects.filter(sub_theme=source, status=Suggestion.Status.SHOWN).exclude(item_id__in=suggested) \
        .update(sub_theme=target)
    return moved


def _retire(obj: Theme | SubTheme, merged_into: Theme | SubTheme | None = None) -> None:
    obj.retired, obj.retired_at = True, timezone.now()
    obj.merged_into = merged_into
    obj.save(update_fields=["retired", "retired_at", "merged_into"])


def sub_theme_merge(*, actor: Any, source: SubTheme, target: SubTheme) -> SubTheme:
    """Fold ``source`` into ``target``: every item tagged with either is tagged with ``target`` once, and
    ``source`` is retired (kept, pointing at ``target``), so reports of the past still name it."""
    require(may_edit_taxonomy(actor, source.theme.owner_id))
    with transaction.atomic():
        pair = {s.pk: s for s in SubTheme.objects.select_for_update(of=("self",)).select_related("theme")
                .filter(pk__in=(source.pk, target.pk)).order_by("pk")}
        source, target = pair[source.pk], pair[target.pk]
        if source.pk == target.pk:
            raise ValidationError("Choose a different sub-theme to merge into")
        if source.theme.owner_id != target.theme.owner_id:
            raise ValidationError("Sub-themes of two organisations cannot be merged")
        if source.retired or target.retired or target.theme.retired:
            raise ValidationError("Only sub-themes still in use can be merged")
        moved = _merge_sub_theme_rows(source, target)
        _retire(source, merged_into=target)
        _log(actor=actor, owner_id=target.theme.owner_id, kind=ThemeChange.Kind.MERGED, theme=target.theme,
             sub_theme=source, note=f"“{source}” merged into “{target}” ({moved} tags moved)")
    return target


def theme_merge(*, actor: Any, source: Theme, target: Theme) -> Theme:
    """Fold ``source`` into ``target``: its sub-themes move under ``target`` (one of the same name is merged into
    ``target``'s), so every tag is kept, and ``source`` is retired pointing at ``target``."""
    require(may_edit_taxonomy(actor, source.owner_id))
    with transaction.atomic():
        pair = {t.pk: t for t in Theme.objects.select_for_update().filter(pk__in=(source.pk, target.pk)).order_by("pk")}
        source, target = pair[source.pk], pair[target.pk]
        if source.pk == target.pk:
            raise ValidationError("Choose a different theme to merge into")
        if source.owner_id != target.owner_id:
            raise ValidationError("Themes of two organisations cannot be merged")
        if source.retired or target.retired:
            raise ValidationError("Only themes still in use can be merged")
        existing = {s.name.lower(): s for s in target.sub_themes.filter(retired=False)}
        moved = 0
        for sub in source.sub_themes.select_for_update().order_by("pk"):
            twin = existing.get(sub.name.lower())
            if twin is not None and not sub.retired:
                moved += _merge_sub_theme_rows(sub, twin)
                _retire(sub, merged_into=twin)
            sub.theme = target
            sub.save(update_fields=["theme"])
        _retire(source, merged_into=target)
        _log(actor=actor, owner_id=target.owner_id, kind=ThemeChange.Kind.MERGED, theme=source,
             note=f"“{source.name}” merged into “{target.name}”")
        _log(actor=actor, owner_id=target.owner_id, kind=ThemeChange.Kind.MERGED, theme=target,
             note=f"“{source.name}” merged in")
    return target


def theme_retire(*, actor: Any, theme: Theme, retired: bool = True) -> Theme:
    """Stop offering a theme (and its sub-themes) for tagging, or bring it back; its tags stay either way."""
    require(may_edit_taxonomy(actor, theme.owner_id))
    with transaction.atomic():
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        if theme.retired == retired:
            return theme
        if not retired:
            if theme.merged_into_id:
                raise ValidationError("A merged theme cannot be brought back; its sub-themes are in the theme it "
                                      "was merged into")
            if theme_name_taken(theme.owner_id, theme.name, exclude=theme.pk):
                raise ValidationError(f"Another theme in use is called “{theme.name}”. Rename that one first")
        theme.retired, theme.retired_at = retired, timezone.now() if retired else None
        theme.save(update_fields=["retired", "retired_at"])
        _log(actor=actor, owner_id=theme.owner_id, theme=theme, note=f"Theme “{theme.name}”",
             kind=ThemeChange.Kind.RETIRED if retired else ThemeChange.Kind.RESTORED)
    return theme


def sub_theme_retire(*, actor: Any, sub_theme: SubTheme, retired: bool = True) -> SubTheme:
    require(may_edit_taxonomy(actor, sub_theme.theme.owner_id))
    with transaction.atomic():
        sub = SubTheme.objects.select_for_update(of=("self",)).select_related("theme").get(pk=sub_theme.pk)
        if sub.retired == retired:
            return sub
        if not retired:
            if sub.merged_into_id:
                raise ValidationError("A merged sub-theme cannot be brought back; its tags are on the one it was "
                                      "merged into")
            if sub_theme_name_taken(sub.theme_id, sub.name, exclude=sub.pk):
                raise ValidationError(f"Another sub-theme in use is called “{sub.name}”. Rename that one first")
        sub.retired, sub.retired_at = retired, timezone.now() if retired else None
        sub.save(update_fields=["retired", "retired_at"])
        _log(actor=actor, owner_id=sub.theme.owner_id, theme=sub.theme, sub_theme=sub, note=f"Sub-theme “{sub.name}”",
             kind=ThemeChange.Kind.RETIRED if retired else ThemeChange.Kind.RESTORED)
    return sub


def _clean_phrases(phrases: str) -> str:
    lines = list(dict.fromkeys(" ".join(p.split()) for p in phrases.splitlines() if p.strip()))
    if not lines:
        raise ValidationError("Enter at least one word or phrase")
    if any(len(p) < 2 for p in lines):
        raise ValidationError("Each word or phrase must be 2 characters or more")
    return "\n".join(lines)


def rule_save(*, actor: Any, sub_theme: SubTheme, phrases: str, rule: KeywordRule | None = None) -> KeywordRule:
    """Add a keyword rule, or change one's words or sub-theme (within the same host's taxonomy)."""
    require(may_edit_taxonomy(actor, sub_theme.theme.owner_id))
    if rule is not None:
        require(may_edit_taxonomy(actor, rule.sub_theme.theme.owner_id))
        if rule.sub_theme.theme.owner_id != sub_theme.theme.owner_id:
            raise ValidationError("Choose a sub-theme of the same organisation's themes")
    if sub_theme.retired or sub_theme.theme.retired:
        raise ValidationError(f"“{sub_theme.name}” has been retired. Choose a sub-theme still in use")
    cleaned = _clean_phrases(phrases)
    with transaction.atomic():
        if rule is None:
            rule = KeywordRule.objects.create(sub_theme=sub_theme, phrases=cleaned, created_by=actor)
            note = "Rule added"
        else:
            rule.sub_theme, rule.phrases, rule.updated_at = sub_theme, cleaned, timezone.now()
            rule.save(update_fields=["sub_theme", "phrases", "updated_at"])
            note = "Rule changed"
        _log(actor=actor, owner_id=sub_theme.theme.owner_id, kind=ThemeChange.Kind.RULE, theme=sub_theme.theme,
             sub_theme=sub_theme, note=f"{note}: {', '.join(rule.phrase_list)}")
    return rule


def rule_delete(*, actor: Any, rule: KeywordRule) -> None:
    """Remove a rule; the suggestions it made stay, with what people decided (they no longer name the rule)."""
    sub = rule.sub_theme
    require(may_edit_taxonomy(actor, sub.theme.owner_id))
    with transaction.atomic():
        deleted, _ = KeywordRule.objects.filter(Q(pk=rule.pk)).delete()
        if deleted:
            _log(actor=actor, owner_id=sub.theme.owner_id, kind=ThemeChange.Kind.RULE, theme=sub.theme, sub_theme=sub,
                 note=f"Rule removed: {', '.join(rule.phrase_list)}")
