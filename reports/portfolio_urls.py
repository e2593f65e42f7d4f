"""The IT Dashboard export of the person's portfolio, mounted at /reports/it-dashboard/."""

from django.urls import path

from . import it_dashboard_views

app_name = "reports_portfolio"

urlpatterns = [
    path("portfolio.json", it_dashboard_views.portfolio_json, name="json"),
    path("portfolio.csv", it_dashboard_views.portfolio_csv, name="csv"),
]
