"""The responsibilities API under /api/programs/<code>/ (the RACI matrix, ...)."""

from django.urls import URLPattern, path

from . import matrix

RACI = "programs/<slug:code>/raci/"

urlpatterns: list[URLPattern] = [
    path(RACI, matrix.MatrixView.as_view(), name="api-raci-matrix"),
    path(f"{RACI}rows/", matrix.RowsView.as_view(), name="api-raci-rows"),
    path(f"{RACI}rows/<int:pk>/", matrix.RowView.as_view(), name="api-raci-row"),
    path(f"{RACI}columns/", matrix.ColumnsView.as_view(), name="api-raci-columns"),
    path(f"{RACI}columns/<int:pk>/", matrix.ColumnView.as_view(), name="api-raci-column"),
    path(f"{RACI}cells/", matrix.CellsView.as_view(), name="api-raci-cells"),
    path(f"{RACI}rules/", matrix.RulesView.as_view(), name="api-raci-rules"),
    path(f"{RACI}import/", matrix.ImportView.as_view(), name="api-raci-import"),
]
