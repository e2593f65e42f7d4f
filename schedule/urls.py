from django.urls import path

from .views import control, pages, resources

app_name = "schedule"

# Mounted at /programs/<slug:code>/schedule/: every view receives the program's ``code``.
urlpatterns = [
    # The schedule itself (schedule.views.pages)
    path("", pages.home, name="home"),
    path("start/", pages.start, name="start"),
    path("import/", pages.import_file, name="import"),
    path("settings/", pages.settings_edit, name="settings"),
    path("tasks/", pages.task_table, name="tasks"),
    path("tasks/new/", pages.task_new, name="task-new"),
    path("tasks/<int:uid>/", pages.task_detail, name="task"),
    path("tasks/<int:uid>/edit/", pages.task_edit, name="task-edit"),
    path("tasks/<int:uid>/delete/", pages.task_delete, name="task-delete"),
    path("tasks/<int:uid>/links/", pages.link_new, name="link-new"),
    path("links/<int:pk>/edit/", pages.link_edit, name="link-edit"),
    path("links/<int:pk>/delete/", pages.link_delete, name="link-delete"),
    path("gantt/", pages.gantt, name="gantt"),
    # Resources, assignments and usage (schedule.views.resources)
    path("resources/", resources.resource_sheet, name="resources"),
    path("resources/new/", resources.resource_new, name="resource-new"),
    path("resources/usage/", resources.resource_usage, name="resource-usage"),
    path("resources/<int:uid>/edit/", resources.resource_edit, name="resource-edit"),
    path("resources/<int:uid>/delete/", resources.resource_delete, name="resource-delete"),
    path("tasks/<int:uid>/assignments/", resources.assignment_new, name="assignment-new"),
    path("assignments/<int:uid>/edit/", resources.assignment_edit, name="assignment-edit"),
    path("assignments/<int:uid>/delete/", resources.assignment_delete, name="assignment-delete"),
    path("export.xml", pages.export_mspdi, name="export-xml"),
    path("export.xlsx", pages.export_xlsx, name="export-xlsx"),
    path("export.pdf", pages.export_pdf, name="export-pdf"),
    # Quality, baselines and change control (schedule.views.control)
    path("dcma/", control.dcma, name="dcma"),
    path("dcma/<int:number>/", control.dcma_check, name="dcma-check"),
    path("baselines/", control.baselines, name="baselines"),
    path("baselines/new/", control.baseline_new, name="baseline-new"),
    path("baselines/<int:number>/", control.baseline_detail, name="baseline"),
    path("baselines/<int:number>/propose/", control.baseline_propose, name="baseline-propose"),
    path("baselines/<int:number>/sign/", control.baseline_sign, name="baseline-sign"),
    path("baselines/<int:number>/export.pdf", control.baseline_pdf, name="baseline-pdf"),
    path("variance/", control.variance, name="variance"),
    path("changes/", control.change_requests, name="change-requests"),
    path("changes/export.xlsx", control.change_requests_xlsx, name="change-requests-xlsx"),
    path("changes/new/", control.change_request_new, name="change-request-new"),
    path("changes/<int:number>/", control.change_request_detail, name="change-request"),
    path(
        "changes/<int:number>/decide/", control.change_request_decide, name="change-request-decide"
    ),
    path(
        "changes/<int:number>/withdraw/",
        control.change_request_withdraw,
        name="change-request-withdraw",
    ),
]
