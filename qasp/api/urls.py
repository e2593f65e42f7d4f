"""The QASP API under /api/programs/<code>/qasp/."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .views import SurveillanceRecordViewSet, SurveillanceScheduleView

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/qasp/surveillance/records",
    SurveillanceRecordViewSet,
    basename="api-qasp-surveillance-record",
)
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "programs/<slug:code>/qasp/surveillance/schedule/",
        SurveillanceScheduleView.as_view(),
        name="api-qasp-surveillance-schedule",
    ),
    *router.urls,
]
