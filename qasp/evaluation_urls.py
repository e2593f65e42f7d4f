from django.urls import URLPattern, path

from . import evaluation_views as views

app_name = "evaluations"

# Mounted at /programs/<slug:code>/qasp/evaluations/.
urlpatterns: list[URLPattern] = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_new, name="new"),
    path("<int:pk>/", views.evaluation_page, name="evaluation"),
    path("<int:pk>/rate/", views.evaluation_rate, name="rate"),
    path("<int:pk>/refresh/", views.evaluation_refresh, name="refresh"),
    path("<int:pk>/open/", views.evaluation_open, name="open"),
    path("<int:pk>/comment/", views.evaluation_comment, name="comment"),
    path("<int:pk>/sign/", views.evaluation_sign, name="sign"),
    path("<int:pk>/export.pdf", views.export_pdf, name="export-pdf"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export-xlsx"),
]
