"""The QASP API under /api/programs/<code>/qasp/: the plan document through the shared
versioned document API of ``programs.api.documents``, surveillance, corrective action
requests, the provider's reported metrics, performance evaluations, and the scorecard, trends
and requests by age."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from ..plan_pages import PLAN_API
from .cars import CarViewSet
from .evaluations import PerformanceEvaluationViewSet
from .metrics import MetricSubmissionViewSet
from .performance import CarsByAgeView, ScorecardView, TrendView
from .views import SurveillanceRecordViewSet, SurveillanceScheduleView

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/qasp/surveillance/records",
    SurveillanceRecordViewSet,
    basename="api-qasp-surveillance-record",
)
router.register(r"programs/(?P<code>[-a-zA-Z0-9_]+)/qasp/cars", CarViewSet, basename="api-qasp-car")
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/qasp/metrics/submissions",
    MetricSubmissionViewSet,
    basename="api-qasp-metric-submission",
)
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/qasp/evaluations",
    PerformanceEvaluationViewSet,
    basename="api-qasp-evaluation",
)
urlpatterns: list[URLPattern | URLResolver] = [
    *PLAN_API.urlpatterns(),
    path(
        "programs/<slug:code>/qasp/surveillance/schedule/",
        SurveillanceScheduleView.as_view(),
        name="api-qasp-surveillance-schedule",
    ),
    path(
        "programs/<slug:code>/qasp/performance/scorecard/",
        ScorecardView.as_view(),
        name="api-qasp-scorecard",
    ),
    path(
        "programs/<slug:code>/qasp/performance/standards/<str:standard>/trend/",
        TrendView.as_view(),
        name="api-qasp-trend",
    ),
    path(
        "programs/<slug:code>/qasp/performance/corrective-action-requests/",
        CarsByAgeView.as_view(),
        name="api-qasp-cars-by-age",
    ),
    *router.urls,
]
