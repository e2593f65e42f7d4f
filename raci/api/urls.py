"""The responsibilities API under /api/programs/<code>/raci/: the RACI matrix, its rows,
columns, cells and rule results; SME MOUs, sessions and attendance."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from . import documents, matrix, mou

RACI = "programs/<slug:code>/raci/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(RACI, matrix.MatrixView.as_view(), name="api-raci-matrix"),
    path(f"{RACI}rows/", matrix.RowsView.as_view(), name="api-raci-rows"),
    path(f"{RACI}rows/<int:pk>/", matrix.RowView.as_view(), name="api-raci-row"),
    path(f"{RACI}columns/", matrix.ColumnsView.as_view(), name="api-raci-columns"),
    path(f"{RACI}columns/<int:pk>/", matrix.ColumnView.as_view(), name="api-raci-column"),
    path(f"{RACI}cells/", matrix.CellsView.as_view(), name="api-raci-cells"),
    path(f"{RACI}rules/", matrix.RulesView.as_view(), name="api-raci-rules"),
    path(f"{RACI}import/", matrix.ImportView.as_view(), name="api-raci-import"),
    path(
        f"{RACI}sme-attendance/",
        mou.SmeAttendanceView.as_view(),
        name="api-raci-sme-attendance",
    ),
]

router = SimpleRouter()
MOU_ROOT = r"programs/(?P<code>[-a-zA-Z0-9_]+)/raci"
router.register(f"{MOU_ROOT}/mous", mou.MouViewSet, basename="api-raci-mou")
router.register(f"{MOU_ROOT}/sessions", mou.SessionViewSet, basename="api-raci-session")
urlpatterns += router.urls
urlpatterns += documents.urlpatterns
