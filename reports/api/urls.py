"""The status report API under /api/programs/<code>/reports/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .settings import ReportSettingsView
from .views import StatusReportViewSet

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/reports/status-reports",
    StatusReportViewSet,
    basename="api-status-report",
)
urlpatterns = [
    *router.urls,
    path(
        "programs/<str:code>/reports/settings/",
        ReportSettingsView.as_view(),
        name="api-report-settings",
    ),
]
