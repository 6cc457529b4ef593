"""The group's side of applying for a grant."""
from django.urls import path

from grants.views import apply as views

urlpatterns = [
    path("funding/", views.funding, name="funding"),
    path("funding/rounds/<int:round_pk>/eligibility/", views.eligibility, name="eligibility"),
    path("funding/applications/<int:pk>/", views.application_tasks, name="application_tasks"),
    path("funding/applications/<int:pk>/section/<slug:section>/", views.application_section,
         name="application_section"),
    path("funding/applications/<int:pk>/budget/", views.application_budget, name="application_budget"),
    path("funding/applications/<int:pk>/documents/", views.application_documents, name="application_documents"),
    path("funding/applications/<int:pk>/documents/<int:document_pk>/remove/", views.document_remove,
         name="document_remove"),
    path("funding/documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("funding/applications/<int:pk>/check/", views.application_check, name="application_check"),
    path("funding/applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("funding/applications/<int:pk>/submitted/", views.application_submitted, name="application_submitted"),
    path("funding/applications/<int:pk>/status/", views.application_detail, name="application_detail"),
    path("funding/applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("funding/applications/<int:pk>/versions/", views.application_versions, name="application_versions"),
]
