"""Grants URLs, all in the "grants" namespace: the group's journey, host staff, reviews, awarded grants."""
from django.urls import path

from grants.views import apply, grant, programmes, review, staff

app_name = "grants"

urlpatterns = [
    # The group's side of applying for a grant
    path("funding/", apply.funding, name="funding"),
    path("funding/rounds/<int:round_pk>/eligibility/", apply.eligibility, name="eligibility"),
    path("funding/applications/<int:pk>/", apply.application_tasks, name="application_tasks"),
    path("funding/applications/<int:pk>/section/<slug:section>/", apply.application_section,
         name="application_section"),
    path("funding/applications/<int:pk>/budget/", apply.application_budget, name="application_budget"),
    path("funding/applications/<int:pk>/documents/", apply.application_documents, name="application_documents"),
    path("funding/applications/<int:pk>/documents/<int:document_pk>/remove/", apply.document_remove,
         name="document_remove"),
    path("funding/documents/<int:pk>/download/", apply.document_download, name="document_download"),
    path("funding/applications/<int:pk>/check/", apply.application_check, name="application_check"),
    path("funding/applications/<int:pk>/submit/", apply.application_submit, name="application_submit"),
    path("funding/applications/<int:pk>/submitted/", apply.application_submitted, name="application_submitted"),
    path("funding/applications/<int:pk>/status/", apply.application_detail, name="application_detail"),
    path("funding/applications/<int:pk>/withdraw/", apply.application_withdraw, name="application_withdraw"),
    path("funding/applications/<int:pk>/versions/", apply.application_versions, name="application_versions"),
    # Host staff: programmes, rounds and their set-up, the applications list and one application
    path("programmes/", staff.programme_list, name="programme_list"),
    path("programmes/new/", staff.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_overview, name="programme_overview"),
    path("programmes/<int:pk>/edit/", staff.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/shares/new/", programmes.share_create, name="share_create"),
    path("programmes/<int:pk>/shares/<int:share_pk>/edit/", programmes.share_edit, name="share_edit"),
    path("programmes/<int:programme_pk>/rounds/new/", staff.round_create, name="round_create"),
    path("rounds/<int:pk>/", staff.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", staff.round_edit, name="round_edit"),
    path("rounds/<int:pk>/<slug:kind>/add/", staff.round_item_add, name="round_item_add"),
    path("rounds/<int:pk>/<slug:kind>/<int:item_pk>/remove/", staff.round_item_remove, name="round_item_remove"),
    path("staff/applications/", staff.application_list, name="staff_applications"),
    path("staff/applications/<int:pk>/", staff.application_detail, name="staff_application"),
    path("staff/applications/<int:pk>/checks/", staff.application_check, name="staff_application_check"),
    path("staff/applications/<int:pk>/return/", staff.application_return_view, name="staff_application_return"),
    path("staff/applications/<int:pk>/reviewers/", staff.review_assign_view, name="staff_review_assign"),
    path("staff/applications/<int:pk>/reviewers/<int:review_pk>/remove/", staff.review_unassign_view,
         name="staff_review_unassign"),
    # Commissioners: reviews, the panel and decisions
    path("reviews/", review.review_queue, name="review_queue"),
    path("reviews/<int:pk>/conflict/", review.review_conflict, name="review_conflict"),
    path("reviews/<int:pk>/", review.review_score, name="review_score"),
    path("applications/<int:pk>/panel/", review.review_panel, name="review_panel"),
    path("applications/<int:pk>/decide/", review.application_decide, name="application_decide"),
    path("rounds/<int:pk>/decisions/", review.round_decisions, name="round_decisions"),
    # Awarded grants: the group's pages, host staff's management pages and the exports
    path("my-grants/", grant.my_grants, name="my_grants"),
    path("my-grants/<int:pk>/", grant.grant_detail, name="grant_detail"),
    path("my-grants/<int:pk>/accept/", grant.grant_accept, name="grant_accept"),
    path("my-grants/<int:pk>/report/", grant.grant_report, name="grant_report"),
    path("my-grants/<int:pk>/report/check/", grant.grant_report_check, name="grant_report_check"),
    path("staff/grants/", grant.staff_grants, name="staff_grants"),
    path("staff/grants/<int:pk>/", grant.grant_manage, name="grant_manage"),
    path("staff/grants/<int:pk>/schedule/", grant.grant_schedule, name="grant_schedule"),
    path("staff/grants/<int:pk>/payments/<int:payment_pk>/paid/", grant.payment_paid, name="payment_paid"),
    path("staff/grants/<int:pk>/evidence/", grant.grant_evidence, name="grant_evidence"),
    path("staff/grants/<int:pk>/report/", grant.grant_report_review, name="grant_report_review"),
    path("staff/grants/<int:pk>/report/open/", grant.grant_report_open, name="grant_report_open"),
    path("staff/exports/applications.csv", staff.application_export, name="export_applications_csv"),
    path("staff/exports/grants.csv", grant.export_grants_csv, name="export_grants_csv"),
    path("staff/exports/360giving/", grant.export_360giving, name="export_360giving"),
]
