"""The RAID log's pages, under /programs/<code>/pmp/raid/ (namespace ``pmp:raid``)."""

from django.urls import URLPattern, URLResolver, path

from . import raid, raid_import, raid_item, risk_scheme

app_name = "raid"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", raid.log, name="log"),
    path("heat-map/", raid.heat_map, name="heat-map"),
    path("action-items/", raid.action_items, name="action-items"),
    path("export.xlsx", raid.export_xlsx, name="export-xlsx"),
    path("export.pdf", raid.export_pdf, name="export-pdf"),
    path("import/", raid_import.import_file, name="import"),
    path("risk-scheme/", risk_scheme.risk_scheme, name="risk-scheme"),
    path("new/<str:kind>/", raid_item.item_new, name="item-new"),
    path("<str:ref>/", raid_item.item_page, name="item"),
    path("<str:ref>/edit/", raid_item.item_edit, name="item-edit"),
    path("<str:ref>/links/", raid_item.link_add, name="link-add"),
    path("<str:ref>/links/<int:link_id>/remove/", raid_item.link_remove, name="link-remove"),
    path("<str:ref>/comments/", raid_item.comment_add, name="comment-add"),
    path("<str:ref>/<str:action>/", raid_item.item_action, name="item-action"),
]
