from django.urls import URLPattern, path

from . import car_views as views

app_name = "cars"

# Mounted at /programs/<slug:code>/qasp/cars/.
urlpatterns: list[URLPattern] = [
    path("", views.register, name="register"),
    path("new/", views.issue, name="issue"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("export.pdf", views.export_pdf, name="export-pdf"),
    path("<int:number>/", views.car_page, name="car"),
    path("<int:number>/<str:action>/", views.car_action, name="car-action"),
]
