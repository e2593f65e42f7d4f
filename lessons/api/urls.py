"""The lessons API: /api/programs/<code>/lessons/ and /api/lessons/search/."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .views import LessonSearchView, LessonViewSet

router = SimpleRouter()
router.register(r"programs/(?P<code>[-a-zA-Z0-9_]+)/lessons", LessonViewSet, basename="api-lesson")
urlpatterns: list[URLPattern | URLResolver] = [
    path("lessons/search/", LessonSearchView.as_view(), name="api-lesson-search"),
    *router.urls,
]
