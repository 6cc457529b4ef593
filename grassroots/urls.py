from django.contrib import admin
from django.urls import include, path

from grassroots import health, views

admin.site.site_header = "Grassroots administration"
admin.site.site_title = "Grassroots admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("grassroots.accounts.urls")),
    path("downloads/", include("grassroots.jobs.urls")),
    path("grants/", include("grants.urls")),
    path("engagement/", include("engagement.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "grassroots.views.error_400"
handler403 = "grassroots.views.error_403"
handler404 = "grassroots.views.error_404"
handler500 = "grassroots.views.error_500"
