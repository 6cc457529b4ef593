"""Engagement URLs: themes, tagging and moderation (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import moderation, tagging, themes

urlpatterns: list[URLPattern] = [
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/add/", themes.theme_add, name="theme_add"),
    path("themes/load-default/", themes.taxonomy_load, name="taxonomy_load"),
    path("themes/<int:pk>/", themes.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/add/", themes.sub_theme_add, name="sub_theme_add"),
    path("themes/<int:pk>/merge/", themes.theme_merge, name="theme_merge"),
    path("themes/<int:pk>/retire/", themes.theme_retire, name="theme_retire"),
    path("themes/sub/<int:pk>/", themes.sub_theme_detail, name="sub_theme_detail"),
    path("themes/sub/<int:pk>/merge/", themes.sub_theme_merge, name="sub_theme_merge"),
    path("themes/sub/<int:pk>/retire/", themes.sub_theme_retire, name="sub_theme_retire"),
    path("themes/rules/", themes.rule_list, name="rule_list"),
    path("themes/rules/<int:pk>/", themes.rule_edit, name="rule_edit"),
    path("themes/rules/<int:pk>/delete/", themes.rule_delete, name="rule_delete"),
    path("themes/tag/", tagging.bulk_tag, name="bulk_tag"),
    path("feedback/<int:pk>/themes/", tagging.item_themes, name="item_themes"),
    path("feedback/<int:pk>/themes/remove/", tagging.item_untag, name="item_untag"),
    path("feedback/<int:pk>/suggestions/<int:suggestion_pk>/", tagging.suggestion_decide, name="suggestion_decide"),
    path("moderation/", moderation.queue, name="moderation_queue"),
    path("moderation/<int:pk>/", moderation.moderate, name="moderate"),
]
