from django.urls import path

from . import views

app_name = "charter"

# Mounted at /programs/<slug:code>/charter/: every view receives the program's ``code``.
urlpatterns = [
    path("", views.charter_home, name="charter"),
    path("start/", views.charter_start, name="start"),
    path("new-version/", views.version_new, name="new-version"),
    path("compare/", views.compare, name="compare"),
    path("v<int:number>/", views.version_detail, name="version"),
    path("v<int:number>/edit/", views.version_edit, name="edit"),
    path("v<int:number>/submit/", views.version_submit, name="submit"),
    path("v<int:number>/return-to-draft/", views.version_return_to_draft, name="return-to-draft"),
    path("v<int:number>/sign/", views.version_sign, name="sign"),
    path("v<int:number>/export.pdf", views.export_pdf, name="export-pdf"),
    path("v<int:number>/export.xlsx", views.export_xlsx, name="export-xlsx"),
]
