"""The funding and earned value settings API under /api/programs/<code>/pmp/."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .funding import (
    ControlAccountsSyncView,
    ControlAccountsView,
    EarnedValueSettingsView,
    FundingDocumentViewSet,
    FundingModificationViewSet,
    FundingSummaryView,
)

PROGRAM = r"programs/(?P<code>[-a-zA-Z0-9_]+)/pmp"
router = SimpleRouter()
router.register(
    rf"{PROGRAM}/funding/documents/(?P<document>[0-9]+)/modifications",
    FundingModificationViewSet,
    basename="api-funding-modification",
)
router.register(
    rf"{PROGRAM}/funding/documents", FundingDocumentViewSet, basename="api-funding-document"
)
urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path(
        "programs/<slug:code>/pmp/funding/summary/",
        FundingSummaryView.as_view(),
        name="api-funding-summary",
    ),
    path(
        "programs/<slug:code>/pmp/cost/settings/",
        EarnedValueSettingsView.as_view(),
        name="api-cost-settings",
    ),
    path(
        "programs/<slug:code>/pmp/cost/control-accounts/",
        ControlAccountsView.as_view(),
        name="api-cost-control-accounts",
    ),
    path(
        "programs/<slug:code>/pmp/cost/control-accounts/sync/",
        ControlAccountsSyncView.as_view(),
        name="api-cost-control-accounts-sync",
    ),
]
