"""The REST API: every app's routes under /api/."""

from django.urls import include, path

from accounts.api import ObtainTokenView

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include("programs.api.urls")),
    path("", include("charter.api.urls")),
    path("", include("raci.api.urls")),
    path("", include("ivv.api.urls")),
    path("", include("pmp.api.urls")),
    path("", include("pmp.plan.api")),
    path("", include("qasp.api.urls")),
    path("", include("schedule.api.urls")),
    path("", include("pmp.api.governance_urls")),
    path("", include("reports.api.urls")),
    path("", include("lessons.api.urls")),
    # My work and the person's notifications.
    path("", include("reports.my_work.api")),
    path("", include("programs.notifications.api")),
]
