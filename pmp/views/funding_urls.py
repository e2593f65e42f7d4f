"""The funding and earned value settings pages, under /programs/<code>/pmp/cost/ (url names
in the ``pmp`` namespace: ``pmp:funding``, ``pmp:cost-settings``...)."""

from django.urls import URLPattern, URLResolver, path

from . import funding as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("funding/", views.funding, name="funding"),
    path("funding/new/", views.document_form, name="funding-document-new"),
    path("funding/<int:pk>/edit/", views.document_form, name="funding-document-edit"),
    path("funding/<int:pk>/delete/", views.document_delete, name="funding-document-delete"),
    path(
        "funding/<int:pk>/modifications/new/",
        views.modification_form,
        name="funding-modification-new",
    ),
    path(
        "funding/<int:pk>/modifications/<int:modification_pk>/edit/",
        views.modification_form,
        name="funding-modification-edit",
    ),
    path(
        "funding/<int:pk>/modifications/<int:modification_pk>/delete/",
        views.modification_delete,
        name="funding-modification-delete",
    ),
    path("settings/", views.cost_settings, name="cost-settings"),
    path(
        "settings/control-accounts/sync/",
        views.control_accounts_sync,
        name="cost-control-accounts-sync",
    ),
]
