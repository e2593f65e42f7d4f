"""The RAID log's pages, under /programs/<code>/pmp/raid/ (namespace ``pmp:raid``)."""

from django.urls import URLPattern, URLResolver

app_name = "raid"

urlpatterns: list[URLPattern | URLResolver] = []
