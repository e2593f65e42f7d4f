"""The QASP's pages, mounted at /programs/<code>/qasp/: the plan document under plan/,
surveillance under surveillance/."""

from django.urls import URLPattern, URLResolver, include, path

from .plan_pages import PLAN_PAGES

app_name = "qasp"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", include((PLAN_PAGES.urlpatterns(), "plan"))),
    path("surveillance/", include("qasp.surveillance_urls")),
    path("performance/", include("qasp.performance_urls")),
]
