"""The QASP's pages, mounted at /programs/<code>/qasp/: the plan document under plan/,
surveillance under
surveillance/, corrective action requests under cars/."""

from django.urls import URLPattern, URLResolver, include, path

from .plan_pages import PLAN_PAGES

app_name = "qasp"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", include((PLAN_PAGES.urlpatterns(), "plan"))),
    path("surveillance/", include("qasp.surveillance_urls")),
    path("cars/", include("qasp.car_urls")),
    path("metrics/", include("qasp.metric_urls")),
    path("evaluations/", include("qasp.evaluation_urls")),
]
