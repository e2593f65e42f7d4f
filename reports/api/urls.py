"""The status report API under /api/programs/<code>/reports/."""

from rest_framework.routers import SimpleRouter

from .views import StatusReportViewSet

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/reports/status-reports",
    StatusReportViewSet,
    basename="api-status-report",
)
urlpatterns = router.urls
