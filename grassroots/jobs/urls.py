from django.urls import path

from grassroots.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("status.json", views.job_status, name="status"),
    path("<int:pk>/file/", views.job_download, name="download"),
]
