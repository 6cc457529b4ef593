"""Engagement URLs: question sets, a session's answers and tallies, and results (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import answers, question_sets

urlpatterns: list[URLPattern] = [
    path("question-sets/", question_sets.question_set_list, name="question_sets"),
    path("question-sets/new/", question_sets.question_set_create, name="question_set_create"),
    path("question-sets/<int:pk>/", question_sets.question_set_detail, name="question_set_detail"),
    path("question-sets/<int:pk>/edit/", question_sets.question_set_edit, name="question_set_edit"),
    path("question-sets/<int:pk>/retire/", question_sets.question_set_retire, name="question_set_retire"),
    path("question-sets/<int:pk>/results/", question_sets.question_set_results, name="question_set_results"),
    path("question-sets/<int:pk>/questions/new/", question_sets.question_add, name="question_add"),
    path("question-sets/<int:pk>/questions/<int:question_pk>/", question_sets.question_edit, name="question_edit"),
    path("question-sets/<int:pk>/questions/<int:question_pk>/move/", question_sets.question_move,
         name="question_move"),
    path("question-sets/<int:pk>/questions/<int:question_pk>/remove/", question_sets.question_remove,
         name="question_remove"),
    path("question-sets/<int:pk>/options/<int:option_pk>/remove/", question_sets.option_remove,
         name="option_remove"),
    path("sessions/<int:pk>/question-set/", answers.session_question_set, name="session_question_set"),
    path("sessions/<int:pk>/answers/", answers.session_answers, name="session_answers"),
    path("sessions/<int:pk>/answers/new/", answers.response_add, name="response_add"),
    path("sessions/<int:pk>/answers/<int:response_pk>/", answers.response_edit, name="response_edit"),
    path("sessions/<int:pk>/answers/<int:response_pk>/delete/", answers.response_delete, name="response_delete"),
    path("sessions/<int:pk>/tallies/", answers.session_tallies, name="session_tallies"),
    path("sessions/<int:pk>/results/", answers.session_results_page, name="session_results"),
]
