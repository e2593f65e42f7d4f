"""The status report API under /api/programs/<code>/reports/, and the portfolio's IT
Dashboard export under /api/reports/it-dashboard/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from ..dashboards.api import PortfolioApiView, ProgramDashboardView
from ..readiness import api as readiness_api
from .it_dashboard import ITDashboardPortfolioCsvView, ITDashboardPortfolioView, ITDashboardView
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
    path(
        "reports/it-dashboard/portfolio/",
        ITDashboardPortfolioView.as_view(),
        name="api-reports-it-dashboard-portfolio",
    ),
    path(
        "reports/it-dashboard/portfolio/csv/",
        ITDashboardPortfolioCsvView.as_view(),
        name="api-reports-it-dashboard-portfolio-csv",
    ),
    # The Phase 3 progress review's readiness and its package.
    path(
        "programs/<str:code>/reports/readiness/",
        readiness_api.ReadinessView.as_view(),
        name="api-readiness",
    ),
    path(
        "programs/<str:code>/reports/readiness/packages/",
        readiness_api.PackageListView.as_view(),
        name="api-readiness-packages",
    ),
    path(
        "programs/<str:code>/reports/readiness/packages/<int:job_id>/",
        readiness_api.PackageView.as_view(),
        name="api-readiness-package",
    ),
    path(
        "programs/<str:code>/reports/readiness/packages/<int:job_id>/download/",
        readiness_api.PackageDownloadView.as_view(),
        name="api-readiness-package-download",
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
