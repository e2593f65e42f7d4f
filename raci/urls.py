from django.urls import path

# SME MOUs and sessions
from . import views, views_mou

app_name = "raci"

# Mounted at /programs/<slug:code>/responsibilities/: every view receives the program's code.
urlpatterns = [
    path("", views.home, name="home"),
]

# SME MOUs and sessions
urlpatterns += [
    path("mous/", views_mou.mou_list, name="mous"),
    path("mous/new/", views_mou.mou_new, name="mou-new"),
    path("sessions/", views_mou.session_list, name="sessions"),
    path("sessions/<int:pk>/edit/", views_mou.session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", views_mou.session_delete, name="session-delete"),
]
