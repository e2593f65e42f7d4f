"""The QASP's API under /api/programs/<code>/qasp/: the plan document through the shared
versioned document API of ``programs.api.documents``."""

from django.urls import URLPattern, URLResolver

from ..plan_pages import PLAN_API

urlpatterns: list[URLPattern | URLResolver] = [*PLAN_API.urlpatterns()]
