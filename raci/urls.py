from django.urls import URLPattern, URLResolver, include, path

from .pages import MOU_PAGES, RESOURCE_PLAN_PAGES, ROLE_AGREEMENT_PAGES
from .views import home
from .views import matrix as matrix_views
from .views import mou as views_mou

app_name = "raci"

# Mounted at /programs/<slug:code>/responsibilities/: every view receives the program's code.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("matrix/", matrix_views.matrix_page, name="matrix"),
    path("matrix/cells/<int:row_id>/<int:column_id>/", matrix_views.cell, name="matrix-cell"),
    path("matrix/undo/", matrix_views.undo, name="matrix-undo"),
    path("matrix/roles/<int:column_id>/", matrix_views.role_page, name="matrix-role"),
    path("matrix/people/<int:membership_id>/", matrix_views.person_page, name="matrix-person"),
    path("matrix/structure/", matrix_views.structure, name="matrix-structure"),
    path("matrix/<str:kind>/<int:pk>/edit/", matrix_views.item_edit, name="matrix-item-edit"),
    path(
        "matrix/<str:kind>/<int:pk>/<str:action>/",
        matrix_views.item_action,
        name="matrix-item-action",
    ),
    path("matrix/export.xlsx", matrix_views.export, name="matrix-export"),
    path("matrix/import/", matrix_views.import_file, name="matrix-import"),
]

urlpatterns += [
    path("role-agreement/", include((ROLE_AGREEMENT_PAGES.urlpatterns(), "role-agreement"))),
    path("resource-plan/", include((RESOURCE_PLAN_PAGES.urlpatterns(), "resource-plan"))),
    path("mous/", include((MOU_PAGES.urlpatterns(), "mou"))),
    path("mous/", views_mou.mou_list, name="mous"),
    path("mous/new/", views_mou.mou_new, name="mou-new"),
    path("sessions/", views_mou.session_list, name="sessions"),
    path("sessions/<int:pk>/edit/", views_mou.session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", views_mou.session_delete, name="session-delete"),
]
