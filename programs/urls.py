from django.urls import path
from django.views.generic import TemplateView

app_name = "programs"

urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="program-list"),
    path("<slug:code>/", TemplateView.as_view(template_name="base.html"), name="program-detail"),
]
