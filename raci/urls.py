from django.urls import path

from . import views

app_name = "raci"

# Mounted at /programs/<slug:code>/responsibilities/: every view receives the program's code.
urlpatterns = [
    path("", views.home, name="home"),
]
