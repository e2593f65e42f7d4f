"""The Program Management Plan's pages, mounted at /programs/<code>/pmp/: each area of the
plan brings its own url module (the plan document under plan/, the RAID log under raid/,
governance under governance/, the communications plan under communications/, the
provider's expenditure reports under cost/expenditure/)."""

from django.urls import URLPattern, URLResolver, include, path

from .plan_pages import PLAN_PAGES

app_name = "pmp"

urlpatterns: list[URLPattern | URLResolver] = [
    path("raid/", include("pmp.views.raid_urls")),
    path("governance/", include("pmp.views.governance_urls")),
    path("communications/", include("pmp.views.communications_urls")),
    path("cost/expenditure/", include("pmp.views.expenditure_urls")),
    path("plan/", include((PLAN_PAGES.urlpatterns(), "plan"))),
]
