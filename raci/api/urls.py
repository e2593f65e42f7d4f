"""The responsibilities API under /api/programs/<code>/ (the RACI matrix, ...)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
