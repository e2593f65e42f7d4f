"""Pages of the communications plan, under /programs/<code>/pmp/communications/ (namespace
``pmp:communications``)."""

from django.urls import URLPattern, URLResolver, path

from . import communications as views

app_name = "communications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan, name="plan"),
    path("calendar/", views.calendar, name="calendar"),
    path("new/", views.item_form, name="item-new"),
    path("<int:pk>/", views.item_page, name="item"),
    path("<int:pk>/edit/", views.item_form, name="item-edit"),
    path("<int:pk>/done/", views.item_done, name="item-done"),
]
