"""Status reports, mounted at /programs/<code>/reports/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("build/", views.report_build, name="build"),
    path("<int:pk>/", views.report_detail, name="report"),
]
