"""The IV&V API under /api/programs/<code>/ivv/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from ..plan_pages import PLAN_API
from ..report_pages import REPORT_API
from .reports import ReportViewSet
from .views import FindingViewSet

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/ivv/findings", FindingViewSet, basename="api-ivv-finding"
)
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/ivv/reports", ReportViewSet, basename="api-ivv-report"
)
urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    *PLAN_API.urlpatterns(),
    *REPORT_API.urlpatterns(),
]
