"""Governance pages, under /programs/<code>/pmp/governance/ (namespace ``pmp:governance``)."""

from django.urls import URLPattern, URLResolver, path

from . import governance as views

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("set-up/", views.seed, name="seed"),
    path("bodies/new/", views.body_form, name="body-new"),
    path("bodies/<int:pk>/edit/", views.body_form, name="body-edit"),
    path("meetings/new/", views.meeting_form, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_form, name="meeting-edit"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("meetings/<int:pk>/<str:kind>/", views.meeting_record, name="meeting-record"),
]
