from django.urls import URLPattern, path

from . import performance_views as views

app_name = "performance"

# Mounted at /programs/<slug:code>/qasp/performance/.
urlpatterns: list[URLPattern] = [
    path("", views.scorecard_page, name="scorecard"),
    path("standards/<str:standard>/", views.trend_page, name="trend"),
    path("corrective-action-requests/", views.cars_by_age, name="cars-by-age"),
]
