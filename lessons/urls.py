from django.urls import path

from .views import lesson, play, register

app_name = "lessons"

# Mounted at /programs/<slug:code>/lessons/: every view receives the program's code.
urlpatterns = [
    path("", register.register, name="register"),
    path("search/", register.search, name="search"),
    path("play/", play.play_page, name="play"),
    path("play/<int:number>/assess/", play.assess, name="assess"),
    path("report.xlsx", play.report, {"ext": "xlsx"}, name="report-xlsx"),
    path("report.pdf", play.report, {"ext": "pdf"}, name="report-pdf"),
    path("new/", lesson.lesson_new, name="lesson-new"),
    path("export.xlsx", register.export_xlsx, name="export-xlsx"),
    path("export.pdf", register.export_pdf, name="export-pdf"),
    path("<int:number>/", lesson.lesson_page, name="lesson"),
    path("<int:number>/edit/", lesson.lesson_edit, name="lesson-edit"),
    path("<int:number>/comment/", lesson.lesson_comment, name="lesson-comment"),
    path("<int:number>/<str:step>/", lesson.lesson_step, name="lesson-step"),
]
