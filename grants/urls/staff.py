"""Host staff: programmes, rounds and their set-up, the applications list and one application."""
from django.urls import path

from grants.views import staff as views

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_pk>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/<slug:kind>/add/", views.round_item_add, name="round_item_add"),
    path("rounds/<int:pk>/<slug:kind>/<int:item_pk>/remove/", views.round_item_remove, name="round_item_remove"),
    path("staff/applications/", views.application_list, name="staff_applications"),
    path("staff/applications/<int:pk>/", views.application_detail, name="staff_application"),
    path("staff/applications/<int:pk>/checks/", views.application_check, name="staff_application_check"),
    path("staff/applications/<int:pk>/return/", views.application_return_view, name="staff_application_return"),
    path("staff/applications/<int:pk>/reviewers/", views.review_assign_view, name="staff_review_assign"),
    path("staff/applications/<int:pk>/reviewers/<int:review_pk>/remove/", views.review_unassign_view,
         name="staff_review_unassign"),
]
