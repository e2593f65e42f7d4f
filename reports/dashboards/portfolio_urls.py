"""The portfolio dashboard, mounted at /reports/portfolio/."""

from django.urls import path

from . import views

app_name = "reports_portfolio_dashboard"

urlpatterns = [
    path("", views.portfolio_page, name="portfolio"),
    path("portfolio.xlsx", views.portfolio_xlsx, name="xlsx"),
    path("viewers/", views.portfolio_viewers, name="viewers"),
]
