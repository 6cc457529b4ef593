from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("new/<slug:kind>/", views.report_ask, name="ask"),
    path("<int:pk>/rebuild/", views.report_rebuild, name="rebuild"),
    path("<int:pk>/file/", views.report_download, name="download"),
]
