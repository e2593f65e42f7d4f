"""The status report API under /api/programs/<code>/reports/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from ..dashboards.api import PortfolioApiView, ProgramDashboardView
from .it_dashboard import ITDashboardView
from .settings import ReportSettingsView
from .views import StatusReportViewSet

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/reports/status-reports",
    StatusReportViewSet,
    basename="api-status-report",
)
urlpatterns = [
    path(
        "programs/<str:code>/reports/settings/",
        ReportSettingsView.as_view(),
        name="api-report-settings",
    ),
    path(
        "programs/<str:code>/reports/it-dashboard/",
        ITDashboardView.as_view(),
        name="api-reports-it-dashboard",
    ),
    # Dashboards: a program's, and the portfolio's rows.
    path(
        "programs/<str:code>/reports/dashboard/",
        ProgramDashboardView.as_view(),
        name="api-reports-dashboard",
    ),
    path("reports/portfolio/", PortfolioApiView.as_view(), name="api-reports-portfolio"),
    *router.urls,
]
