"""My work, mounted at /my-work/."""

from django.urls import path

from . import views

app_name = "my_work"

urlpatterns = [
    path("", views.my_work, name="page"),
    path("navigation/", views.nav_counts, name="nav"),
]
