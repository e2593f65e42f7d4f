"""The Program Management Plan's API under /api/programs/<code>/pmp/: the RAID log, funding
with the earned value settings (``funding_urls``), the provider's expenditure reports, earned
value and variance explanations."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from .earned_value import EarnedValueView, PeriodsView, VarianceExplanationViewSet
from .expenditure import ExpenditureReportViewSet
from .raid_import import RaidImportView
from .raid_scheme import RiskSchemeView
from .raid_views import RaidItemViewSet

router = SimpleRouter()
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/pmp/raid/items", RaidItemViewSet, basename="api-raid-item"
)
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/pmp/variance-explanations",
    VarianceExplanationViewSet,
    basename="api-variance-explanation",
)
router.register(
    r"programs/(?P<code>[-a-zA-Z0-9_]+)/pmp/expenditure-reports",
    ExpenditureReportViewSet,
    basename="api-expenditure-report",
)
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "programs/<slug:code>/pmp/earned-value/",
        EarnedValueView.as_view(),
        name="api-earned-value",
    ),
    path(
        "programs/<slug:code>/pmp/earned-value/periods/",
        PeriodsView.as_view(),
        name="api-earned-value-periods",
    ),
    path(
        "programs/<slug:code>/pmp/raid/items/import/",
        RaidImportView.as_view(),
        name="api-raid-import",
    ),
    *router.urls,
    path(
        "programs/<slug:code>/pmp/raid/risk-scheme/",
        RiskSchemeView.as_view(),
        name="api-raid-risk-scheme",
    ),
    path("", include("pmp.api.funding_urls")),
]
