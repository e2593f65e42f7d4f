"""Pages of earned value, under /programs/<code>/pmp/cost/ (url names in the ``pmp``
namespace: ``pmp:earned-value``, ``pmp:variance-explanations``, ...)."""

from django.urls import URLPattern, URLResolver, path

from . import earned_value as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("earned-value/", views.earned_value, name="earned-value"),
    path("earned-value/close/", views.close_month, name="earned-value-close"),
    path("earned-value/report.pdf", views.export_pdf, name="earned-value-pdf"),
    path("earned-value/report.xlsx", views.export_xlsx, name="earned-value-xlsx"),
    path("variance/", views.variance_explanations, name="variance-explanations"),
    path("variance/<str:reference>/", views.variance_explanation, name="variance-explanation"),
    path(
        "variance/<str:reference>/<str:action>/",
        views.variance_explanation_action,
        name="variance-explanation-action",
    ),
]
