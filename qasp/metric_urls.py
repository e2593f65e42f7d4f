from django.urls import URLPattern, path

from . import metric_views as views

app_name = "metrics"

# Mounted at /programs/<slug:code>/qasp/metrics/.
urlpatterns: list[URLPattern] = [
    path("", views.submission_list, name="list"),
    path("new/", views.submission_new, name="new"),
    path("upload/", views.submission_upload, name="upload"),
    path("template/", views.template, name="template"),
    path("<int:pk>/", views.submission_page, name="submission"),
    path("<int:pk>/validate/", views.submission_validate, name="validate"),
    path("<int:pk>/reject/", views.submission_reject, name="reject"),
    path("<int:pk>/withdraw/", views.submission_withdraw, name="withdraw"),
]
