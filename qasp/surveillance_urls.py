from django.urls import URLPattern, path

from . import surveillance_views as views

app_name = "surveillance"

# Mounted at /programs/<slug:code>/qasp/surveillance/.
urlpatterns: list[URLPattern] = [
    path("", views.schedule, name="schedule"),
    path("log/", views.log, name="log"),
    path("log/export.xlsx", views.log_xlsx, name="log-xlsx"),
    path("log/export.pdf", views.log_pdf, name="log-pdf"),
    path("new/", views.record_new, name="record-new"),
    path("<int:pk>/", views.record_page, name="record"),
    path("<int:pk>/edit/", views.record_edit, name="record-edit"),
    path("<int:pk>/rebut/", views.record_rebut, name="record-rebut"),
]
