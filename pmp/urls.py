"""The Program Management Plan's pages, mounted at /programs/<code>/pmp/: each area of the
plan brings its own url module (the plan document under plan/, the RAID log under raid/,
governance under governance/, the communications plan under communications/, funding,
expenditure, earned value and their settings under cost/)."""

from django.urls import URLPattern, URLResolver, include, path

from .plan_pages import PLAN_PAGES

app_name = "pmp"

urlpatterns: list[URLPattern | URLResolver] = [
    path("raid/", include("pmp.views.raid_urls")),
    path("governance/", include("pmp.views.governance_urls")),
    path("communications/", include("pmp.views.communications_urls")),
    path("cost/expenditure/", include("pmp.views.expenditure_urls")),
    path("cost/", include("pmp.views.funding_urls")),
    path("cost/", include("pmp.views.earned_value_urls")),
    path("plan/", include((PLAN_PAGES.urlpatterns(), "plan"))),
]
