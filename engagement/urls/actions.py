"""Engagement URLs: "we did" actions, a programme's priorities, and what happened for a group."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import actions

urlpatterns: list[URLPattern] = [
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", actions.action_move, name="action_move"),
    path("actions/<int:pk>/progress/", actions.action_progress, name="action_progress"),
    path("actions/<int:pk>/rank/", actions.action_rank, name="action_rank"),
    path("actions/<int:pk>/evidence/", actions.action_evidence, name="action_evidence"),
    path("programmes/<int:pk>/priorities/", actions.programme_actions, name="programme_actions"),
    path("what-happened/", actions.group_outcomes, name="group_outcomes"),
    path("our-actions/", actions.owned_actions, name="owned_actions"),
    path("our-actions/<int:pk>/", actions.owned_action, name="owned_action"),
]
