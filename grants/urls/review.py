from django.urls import path

from grants.views import review as views

urlpatterns = [
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<int:pk>/conflict/", views.review_conflict, name="review_conflict"),
    path("reviews/<int:pk>/", views.review_score, name="review_score"),
    path("applications/<int:pk>/panel/", views.review_panel, name="review_panel"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("rounds/<int:pk>/decisions/", views.round_decisions, name="round_decisions"),
]
