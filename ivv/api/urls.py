"""The IV&V API under /api/programs/<code>/ivv/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from .views import FindingViewSet

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/ivv/findings", FindingViewSet, basename="api-ivv-finding"
)
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
