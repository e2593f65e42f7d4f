"""Routes of the charter API, under each program by its code."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

PROGRAM = r"programs/(?P<code>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register(
    f"{PROGRAM}/charter/versions", views.CharterVersionViewSet, basename="api-charter-version"
)

urlpatterns = [
    path("programs/<slug:code>/charter/", views.CharterView.as_view(), name="api-charter"),
    *router.urls,
]
