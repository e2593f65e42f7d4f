"""The governance and communications plan API, under /api/programs/<code>/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from .communications import CommunicationItemViewSet
from .governance import GovernanceBodyViewSet, MeetingViewSet

PROGRAM = r"programs/(?P<code>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register(
    rf"{PROGRAM}/governance/bodies", GovernanceBodyViewSet, basename="api-governance-body"
)
router.register(
    rf"{PROGRAM}/governance/meetings", MeetingViewSet, basename="api-governance-meeting"
)
router.register(
    rf"{PROGRAM}/communications", CommunicationItemViewSet, basename="api-communication"
)
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
