"""Host staff's taxonomy pages: the themes, one theme or sub-theme (rename, describe, merge, retire, history) and
the keyword rules with how often people accepted what they suggested."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from engagement.access_themes import (
    rule_for_staff_or_404,
    sub_theme_for_staff_or_404,
    taxonomy_owners,
    theme_for_staff_or_404,
)
from engagement.forms.themes import MergeForm, RuleForm, ThemeForm
from engagement.models import FeedbackTag, SubTheme, Theme
from engagement.selectors import themes as sel
from engagement.services import themes as services
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest

host_only = capacity_required(Capacity.HOST)


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


@host_only
def theme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "engagement/themes/list.html", {"taxonomies": sel.taxonomies(request.user)})


@require_POST
@host_only
def taxonomy_load(request: AuthenticatedHttpRequest) -> HttpResponse:
    owner = get_object_or_404(taxonomy_owners(request.user), pk=request.POST.get("owner") or 0)
    added = services.taxonomy_load_default(actor=request.user, owner=owner)
    messages.success(request, f"{added} sub-themes added to {owner.name}'s themes." if added
                     else f"{owner.name} already has every default theme.")
    return redirect("engagement:theme_list")


@host_only
def theme_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = taxonomy_owners(request.user)
    form = ThemeForm(request.POST or None, owners=owners, submit_label="Add theme")
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data.get("owner") or form.single_owner
        try:
            if owner is None:
                raise ValidationError("Your organisation does not host a programme, so it has no themes")
            theme = services.theme_add(actor=request.user, owner=owner, name=form.cleaned_data["name"],
                                       description=form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error("name", exc.messages)
        else:
            messages.success(request, f"Theme “{theme.name}” added. Now add its sub-themes.")
            return redirect("engagement:theme_detail", pk=theme.pk)
    return render(request, "engagement/themes/form.html", {
        "form": form, "title": "Add a theme", "back": reverse("engagement:theme_list")}, status=_status(form))


def _edit_form(request: AuthenticatedHttpRequest, obj: Theme | SubTheme) -> ThemeForm:
    return ThemeForm(request.POST or None, initial={"name": obj.name, "description": obj.description},
                     submit_label="Save changes")


@host_only
def theme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme = theme_for_staff_or_404(request.user, pk)
    form = _edit_form(request, theme)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_change(actor=request.user, theme=theme, name=form.cleaned_data["name"],
                                  description=form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error("name", exc.messages)
        else:
            messages.success(request, "Theme saved.")
            return redirect("engagement:theme_detail", pk=theme.pk)
    return render(request, "engagement/themes/theme_detail.html", {
        "theme": theme, "form": form, "sub_themes": sel.theme_with_sub_themes(theme),
        "history": sel.history(theme=theme)}, status=_status(form))


@host_only
def sub_theme_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme = theme_for_staff_or_404(request.user, pk)
    form = ThemeForm(request.POST or None, submit_label="Add sub-theme")
    if request.method == "POST" and form.is_valid():
        try:
            sub = services.sub_theme_add(actor=request.user, theme=theme, name=form.cleaned_data["name"],
                                         description=form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error("name", exc.messages)
        else:
            messages.success(request, f"Sub-theme “{sub.name}” added.")
            return redirect("engagement:theme_detail", pk=theme.pk)
    return render(request, "engagement/themes/form.html", {
        "form": form, "title": "Add a sub-theme", "caption": theme.name,
        "back": reverse("engagement:theme_detail", args=[theme.pk])}, status=_status(form))


@host_only
def sub_theme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sub = sub_theme_for_staff_or_404(request.user, pk)
    form = _edit_form(request, sub)
    if request.method == "POST" and form.is_valid():
        try:
            services.sub_theme_change(actor=request.user, sub_theme=sub, name=form.cleaned_data["name"],
                                      description=form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error("name", exc.messages)
        else:
            messages.success(request, "Sub-theme saved.")
            return redirect("engagement:sub_theme_detail", pk=sub.pk)
    return render(request, "engagement/themes/sub_theme_detail.html", {
        "sub": sub, "form": form, "tag_count": sub.tags.count(), "history": sel.history(sub_theme=sub)},
        status=_status(form))


def _merge(request: AuthenticatedHttpRequest, obj: Theme | SubTheme, *, targets: Any, noun: str,
           back: str, merge: Any) -> HttpResponse:
    """Choose what to merge into, then confirm (the check-answers step says what will move), then merge."""
    form = MergeForm(request.POST or None, targets=targets, label=f"The {noun} to merge “{obj.name}” into")
    confirming = False
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        if request.POST.get("confirm") == "yes":
            try:
                merge(target)
            except ValidationError as exc:
                form.add_error("target", exc.messages)
            else:
                messages.success(request, f"“{obj.name}” merged into “{target.name}”. Its tags are now under "
                                          f"“{target.name}”.")
                return redirect(*(("engagement:theme_detail", target.pk) if noun == "theme"
                                  else ("engagement:sub_theme_detail", target.pk)))
        else:
            confirming = True
    tag_count = FeedbackTag.objects.filter(sub_theme=obj).count() if isinstance(obj, SubTheme) \
        else FeedbackTag.objects.filter(sub_theme__theme=obj).count()
    return render(request, "engagement/themes/merge.html", {
        "obj": obj, "form": form, "noun": noun, "back": back, "confirming": confirming, "tag_count": tag_count,
        "target": form.cleaned_data.get("target") if confirming else None},
        status=400 if form.is_bound and form.errors else 200)


@host_only
def theme_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme = theme_for_staff_or_404(request.user, pk)
    return _merge(request, theme, targets=sel.merge_targets_for_theme(theme), noun="theme",
                  back=reverse("engagement:theme_detail", args=[theme.pk]),
                  merge=lambda target: services.theme_merge(actor=request.user, source=theme, target=target))


@host_only
def sub_theme_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sub = sub_theme_for_staff_or_404(request.user, pk)
    return _merge(request, sub, targets=sel.merge_targets_for_sub_theme(sub), noun="sub-theme",
                  back=reverse("engagement:sub_theme_detail", args=[sub.pk]),
                  merge=lambda target: services.sub_theme_merge(actor=request.user, source=sub, target=target))


def _retire(request: AuthenticatedHttpRequest, obj: Theme | SubTheme, change: Any, url: str) -> HttpResponse:
    retired = request.POST.get("retired") != "no"
    try:
        change(retired)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{obj.name}” " + ("retired. Its tags are kept; it is no longer offered for "
                                                     "tagging." if retired else "is back in use."))
    return redirect(url, pk=obj.pk)


@require_POST
@host_only
def theme_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme = theme_for_staff_or_404(request.user, pk)
    return _retire(request, theme, lambda retired: services.theme_retire(actor=request.user, theme=theme,
                                                                          retired=retired), "engagement:theme_detail")


@require_POST
@host_only
def sub_theme_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sub = sub_theme_for_staff_or_404(request.user, pk)
    return _retire(request, sub, lambda retired: services.sub_theme_retire(actor=request.user, sub_theme=sub,
                                                                            retired=retired),
                   "engagement:sub_theme_detail")


def _rule_choices(request: AuthenticatedHttpRequest) -> Any:
    return sel.sub_themes_for_staff(request.user)


@host_only
def rule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RuleForm(request.POST or None, sub_themes=_rule_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(actor=request.user, sub_theme=form.cleaned_data["sub_theme"],
                               phrases=form.cleaned_data["phrases"])
        except ValidationError as exc:
            form.add_error("phrases", exc.messages)
        else:
            messages.success(request, "Rule added. It suggests its sub-theme for untagged items; people decide.")
            return redirect("engagement:rule_list")
    rules = list(sel.rules_for_staff(request.user))
    for rule in rules:
        rule.rate = sel.acceptance_rate(rule.accepted, rule.rejected)  # type: ignore[attr-defined]
    accepted = sum(r.accepted for r in rules)  # type: ignore[attr-defined]
    rejected = sum(r.rejected for r in rules)  # type: ignore[attr-defined]
    return render(request, "engagement/themes/rules.html", {
        "form": form, "rules": rules, "overall_rate": sel.acceptance_rate(accepted, rejected),
        "accepted": accepted, "rejected": rejected}, status=_status(form))


@host_only
def rule_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule = rule_for_staff_or_404(request.user, pk)
    form = RuleForm(request.POST or None, sub_themes=_rule_choices(request).filter(
        theme__owner_id=rule.sub_theme.theme.owner_id), initial={"sub_theme": rule.sub_theme, "phrases": rule.phrases})
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(actor=request.user, rule=rule, sub_theme=form.cleaned_data["sub_theme"],
                               phrases=form.cleaned_data["phrases"])
        except ValidationError as exc:
            form.add_error("phrases", exc.messages)
        else:
            messages.success(request, "Rule saved.")
            return redirect("engagement:rule_list")
    return render(request, "engagement/themes/form.html", {
        "form": form, "title": "Change a keyword rule", "back": reverse("engagement:rule_list"), "rule": rule},
        status=_status(form))


@require_POST
@host_only
def rule_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule = rule_for_staff_or_404(request.user, pk)
    services.rule_delete(actor=request.user, rule=rule)
    messages.success(request, "Rule removed. What people decided about its suggestions is kept.")
    return redirect("engagement:rule_list")
