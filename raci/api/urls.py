"""The responsibilities API under /api/programs/<code>/ (the RACI matrix, ...)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

# SME MOUs and sessions
from . import mou

urlpatterns: list[URLPattern | URLResolver] = []

# SME MOUs and sessions
RACI = r"programs/(?P<code>[-a-zA-Z0-9_]+)/raci"
mou_router = SimpleRouter()
mou_router.register(f"{RACI}/mous", mou.MouViewSet, basename="api-raci-mou")
mou_router.register(f"{RACI}/sessions", mou.SessionViewSet, basename="api-raci-session")
urlpatterns += [
    path(
        "programs/<slug:code>/raci/sme-attendance/",
        mou.SmeAttendanceView.as_view(),
        name="api-raci-sme-attendance",
    ),
    *mou_router.urls,
]
