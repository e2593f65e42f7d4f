from django.urls import URLPattern, URLResolver, include, path

app_name = "qasp"

# Mounted at /programs/<slug:code>/qasp/: every view receives the program's code.
urlpatterns: list[URLPattern | URLResolver] = [
    path("surveillance/", include("qasp.surveillance_urls")),
]
