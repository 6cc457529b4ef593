"""URLs for awarded grants: the group's pages, host staff's management pages and the exports."""
from django.urls import path

from grants.views import grant as views

urlpatterns = [
    path("my-grants/", views.my_grants, name="my_grants"),
    path("my-grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("my-grants/<int:pk>/accept/", views.grant_accept, name="grant_accept"),
    path("my-grants/<int:pk>/report/", views.grant_report, name="grant_report"),
    path("staff/grants/", views.staff_grants, name="staff_grants"),
    path("staff/grants/<int:pk>/", views.grant_manage, name="grant_manage"),
    path("staff/grants/<int:pk>/schedule/", views.grant_schedule, name="grant_schedule"),
    path("staff/grants/<int:pk>/payments/<int:payment_pk>/paid/", views.payment_paid, name="payment_paid"),
    path("staff/grants/<int:pk>/evidence/", views.grant_evidence, name="grant_evidence"),
    path("staff/grants/<int:pk>/report/", views.grant_report_review, name="grant_report_review"),
    path("staff/exports/applications.csv", views.export_applications_csv, name="export_applications_csv"),
    path("staff/exports/grants.csv", views.export_grants_csv, name="export_grants_csv"),
    path("staff/exports/360giving/", views.export_360giving, name="export_360giving"),
]
