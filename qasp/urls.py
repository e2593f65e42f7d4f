"""The QASP's pages, mounted at /programs/<code>/qasp/: the plan document under plan/,
surveillance under surveillance/, corrective action requests under cars/, the provider's
reported metrics under metrics/, performance evaluations under evaluations/, and the
scorecard, trends and requests by age under performance/."""

from django.urls import URLPattern, URLResolver, include, path

from .plan_pages import PLAN_PAGES

app_name = "qasp"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", include((PLAN_PAGES.urlpatterns(), "plan"))),
    path("surveillance/", include("qasp.surveillance_urls")),
    path("cars/", include("qasp.car_urls")),
    path("metrics/", include("qasp.metric_urls")),
    path("evaluations/", include("qasp.evaluation_urls")),
    path("performance/", include("qasp.performance_urls")),
]
