"""The REST API: every app's routes under /api/."""

from django.urls import include, path

urlpatterns = [
    path("", include("programs.api.urls")),
    path("", include("charter.api.urls")),
]
