from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from .api import SchemaView, SwaggerView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programs:program-list"), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("programs/", include("programs.urls")),
    path("programs/<slug:code>/charter/", include("charter.urls")),
    path("programs/<slug:code>/responsibilities/", include("raci.urls")),
    path("programs/<slug:code>/ivv/", include("ivv.urls")),
    path("programs/<slug:code>/pmp/", include("pmp.urls")),
    path("programs/<slug:code>/qasp/", include("qasp.urls")),
    path("programs/<slug:code>/schedule/", include("schedule.urls")),
    path("programs/<slug:code>/reports/", include("reports.urls")),
    path("programs/<slug:code>/lessons/", include("lessons.urls")),
    path("reports/it-dashboard/", include("reports.portfolio_urls")),
    path("my-work/", include("reports.my_work.urls")),
    path("notifications/", include("programs.notifications.urls")),
    # Dashboards: a program's landing page for executives, and the portfolio.
    path("programs/<slug:code>/dashboard/", include("reports.dashboards.urls")),
    path("reports/portfolio/", include("reports.dashboards.portfolio_urls")),
    path("api/", include("pmo_portal.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    # Swagger UI with its set-up script served as a file (?script), not inline, for the CSP.
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# API clients get errors in the API's format, browsers the usual pages.
handler400 = "pmo_portal.api.bad_request"
handler403 = "pmo_portal.api.permission_denied"
handler404 = "pmo_portal.api.page_not_found"
handler500 = "pmo_portal.api.server_error"
