"""Routes of the schedule API, under each program by its code."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import baselines, change_requests, resources, schedule, tasks

SCHEDULE = r"programs/(?P<code>[-a-zA-Z0-9_]+)/schedule"

router = SimpleRouter()
router.register(f"{SCHEDULE}/tasks", tasks.TaskViewSet, basename="api-schedule-task")
router.register(
    f"{SCHEDULE}/dependencies", tasks.DependencyViewSet, basename="api-schedule-dependency"
)
router.register(
    f"{SCHEDULE}/resources", resources.ResourceViewSet, basename="api-schedule-resource"
)
router.register(
    f"{SCHEDULE}/assignments", resources.AssignmentViewSet, basename="api-schedule-assignment"
)
router.register(
    f"{SCHEDULE}/baselines", baselines.BaselineViewSet, basename="api-schedule-baseline"
)
router.register(
    f"{SCHEDULE}/change-requests",
    change_requests.ChangeRequestViewSet,
    basename="api-schedule-change-request",
)

urlpatterns = [
    path("programs/<slug:code>/schedule/", schedule.ScheduleView.as_view(), name="api-schedule"),
    path(
        "programs/<slug:code>/schedule/import/",
        schedule.ScheduleImportView.as_view(),
        name="api-schedule-import",
    ),
    path(
        "programs/<slug:code>/schedule/export.xml",
        schedule.ScheduleXmlExportView.as_view(),
        name="api-schedule-export-xml",
    ),
    path(
        "programs/<slug:code>/schedule/export.xlsx",
        schedule.ScheduleXlsxExportView.as_view(),
        name="api-schedule-export-xlsx",
    ),
    path(
        "programs/<slug:code>/schedule/dcma/",
        schedule.DcmaView.as_view(),
        name="api-schedule-dcma",
    ),
    path(
        "programs/<slug:code>/schedule/earned-value/",
        schedule.EarnedValueView.as_view(),
        name="api-schedule-earned-value",
    ),
    *router.urls,
]
