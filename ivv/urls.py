from django.urls import URLPattern, URLResolver, include, path

from . import report_views, views
from .plan_pages import PLAN_PAGES
from .report_pages import REPORT_PAGES

app_name = "ivv"

# Mounted at /programs/<slug:code>/ivv/: every view receives the program's code.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.register, name="register"),
    path("plan/", include((PLAN_PAGES.urlpatterns(), "plan"))),
    path("reports/", report_views.report_list, name="reports"),
    path("reports/", include((REPORT_PAGES.urlpatterns(), "report"))),
    path("new/", views.finding_new, name="finding-new"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("export.pdf", views.export_pdf, name="export-pdf"),
    path("<int:number>/", views.finding_page, name="finding"),
    path("<int:number>/edit/", views.finding_edit, name="finding-edit"),
    path("<int:number>/<str:action>/", views.finding_action, name="finding-action"),
]
