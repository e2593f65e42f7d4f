"""Status reports, mounted at /programs/<code>/reports/."""

from django.urls import path

from . import (
    correction_views,
    export_views,
    it_dashboard_views,
    lifecycle_views,
    settings_views,
    views,
)
from .readiness import views as readiness_views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("build/", views.report_build, name="build"),
    path("settings/", settings_views.report_settings, name="settings"),
    path("it-dashboard.json", it_dashboard_views.it_dashboard_json, name="it_dashboard_json"),
    path("it-dashboard.csv", it_dashboard_views.it_dashboard_csv, name="it_dashboard_csv"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/narratives/", lifecycle_views.report_narratives, name="narratives"),
    path("<int:pk>/approve/", lifecycle_views.report_approve, name="approve"),
    path("<int:pk>/rating/", lifecycle_views.report_rate, name="rating"),
    path("<int:pk>/release/", lifecycle_views.report_release, name="release"),
    path("<int:pk>/correct/", correction_views.report_correct, name="correct"),
    path("<int:pk>/pdf/", export_views.report_pdf, name="pdf"),
    path("<int:pk>/xlsx/", export_views.report_xlsx, name="xlsx"),
    # The Phase 3 progress review's readiness and its package.
    path("readiness/", readiness_views.readiness, name="readiness"),
    path("readiness/package/", readiness_views.package_build, name="readiness_build"),
    path(
        "readiness/package/<int:pk>/download/",
        readiness_views.package_download,
        name="readiness_download",
    ),
]
