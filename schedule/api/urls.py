"""Routes of the schedule API, under each program by its code."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

SCHEDULE = r"programs/(?P<code>[-a-zA-Z0-9_]+)/schedule"

router = SimpleRouter()
router.register(f"{SCHEDULE}/tasks", views.TaskViewSet, basename="api-schedule-task")
router.register(
    f"{SCHEDULE}/dependencies", views.DependencyViewSet, basename="api-schedule-dependency"
)
router.register(f"{SCHEDULE}/baselines", views.BaselineViewSet, basename="api-schedule-baseline")
router.register(
    f"{SCHEDULE}/change-requests",
    views.ChangeRequestViewSet,
    basename="api-schedule-change-request",
)

urlpatterns = [
    path("programs/<slug:code>/schedule/", views.ScheduleView.as_view(), name="api-schedule"),
    path(
        "programs/<slug:code>/schedule/import/",
        views.ScheduleImportView.as_view(),
        name="api-schedule-import",
    ),
    path(
        "programs/<slug:code>/schedule/export.xml",
        views.ScheduleXmlExportView.as_view(),
        name="api-schedule-export-xml",
    ),
    path(
        "programs/<slug:code>/schedule/export.xlsx",
        views.ScheduleXlsxExportView.as_view(),
        name="api-schedule-export-xlsx",
    ),
    path("programs/<slug:code>/schedule/dcma/", views.DcmaView.as_view(), name="api-schedule-dcma"),
    *router.urls,
]
