"""The program dashboard, mounted at /programs/<code>/dashboard/."""

from django.urls import path

from . import views

app_name = "reports_dashboard"

urlpatterns = [
    path("", views.program_dashboard, name="program"),
    path("pdf/", views.program_dashboard_pdf, name="pdf"),
]
