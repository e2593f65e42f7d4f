"""Pages of the provider's expenditure reports, under /programs/<code>/pmp/cost/expenditure/
(url names ``pmp:expenditure-*``; the month is ``YYYY-MM``)."""

from django.urls import URLPattern, URLResolver, path

from . import expenditure as views
from . import expenditure_forms as forms

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.reports, name="expenditure-reports"),
    path("new/", forms.report_new, name="expenditure-new"),
    path("import/", forms.report_import_page, name="expenditure-import"),
    path("workbook/", forms.workbook, name="expenditure-workbook"),
    path("<str:period>/", views.report, name="expenditure-report"),
    path("<str:period>/acknowledge/", views.acknowledge, name="expenditure-acknowledge"),
    path("<str:period>/correct/", forms.report_correct, name="expenditure-correct"),
    path(
        "<str:period>/lines/<int:line>/dispute/",
        views.line_dispute,
        name="expenditure-line-dispute",
    ),
    path(
        "<str:period>/lines/<int:line>/withdraw/",
        views.line_withdraw,
        name="expenditure-line-withdraw",
    ),
]
