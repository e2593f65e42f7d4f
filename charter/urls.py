from django.urls import path
from django.views.generic import TemplateView

app_name = "charter"

urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="charter"),
    path("v<int:number>/", TemplateView.as_view(template_name="base.html"), name="version"),
]
