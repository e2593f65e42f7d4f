from django.urls import path

from .views import (
    admin_pages,
    attachments,
    audit,
    glossary,
    jobs,
    members,
    onboarding,
    workspace,
)

app_name = "programs"

urlpatterns = [
    path("", workspace.program_list, name="program-list"),
    # Before "<slug:code>/": these words are not program codes.
    path("new/", admin_pages.program_create, name="program-create"),
    path("organisations/new/", admin_pages.organisation_create, name="organisation-create"),
    path("<slug:code>/", workspace.program_detail, name="program-detail"),
    path("<slug:code>/board/<slug:key>/", workspace.activity_row, name="activity-row"),
    path("<slug:code>/board/<slug:key>/edit/", workspace.activity_edit, name="activity-edit"),
    path("<slug:code>/members/", members.member_list, name="members"),
    path("<slug:code>/members/add/", members.member_add, name="member-add"),
    path("<slug:code>/members/<int:pk>/", members.member_row, name="member-row"),
    path("<slug:code>/members/<int:pk>/edit/", members.member_edit, name="member-edit"),
    path("<slug:code>/members/<int:pk>/remove/", members.member_remove, name="member-remove"),
    path("<slug:code>/onboarding/", onboarding.onboarding, name="onboarding"),
    path("<slug:code>/onboarding/add/", onboarding.onboarding_add, name="onboarding-add"),
    path(
        "<slug:code>/onboarding/<int:pk>/edit/", onboarding.onboarding_edit, name="onboarding-edit"
    ),
    path(
        "<slug:code>/onboarding/<int:pk>/done/", onboarding.onboarding_done, name="onboarding-done"
    ),
    path(
        "<slug:code>/onboarding/<int:pk>/delete/",
        onboarding.onboarding_delete,
        name="onboarding-delete",
    ),
    path("<slug:code>/glossary/", glossary.glossary, name="glossary"),
    path("<slug:code>/glossary/add/", glossary.glossary_add, name="glossary-add"),
    path("<slug:code>/glossary/<int:pk>/edit/", glossary.glossary_edit, name="glossary-edit"),
    path("<slug:code>/glossary/<int:pk>/accept/", glossary.glossary_accept, name="glossary-accept"),
    path("<slug:code>/glossary/<int:pk>/delete/", glossary.glossary_delete, name="glossary-delete"),
    path("<slug:code>/audit/", audit.audit, name="audit"),
    path("<slug:code>/jobs/<int:pk>/", jobs.job_detail, name="job"),
    # Files attached to register rows, served only through these access-checked views.
    path(
        "<slug:code>/attachments/<uuid:uuid>/",
        attachments.attachment_download,
        name="attachment-download",
    ),
    path(
        "<slug:code>/attachments/<uuid:uuid>/remove/",
        attachments.attachment_remove,
        name="attachment-remove",
    ),
    path(
        "<slug:code>/attachments/of/<str:target_type>/<int:target_id>/",
        attachments.attachment_list,
        name="attachments",
    ),
    path(
        "<slug:code>/attachments/of/<str:target_type>/<int:target_id>/add/",
        attachments.attachment_add,
        name="attachment-add",
    ),
]
