"""Routes of the programs API: programs, and each program's collections by its code."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views
from .attachments import AttachmentViewSet
from .jobs import JobView

PROGRAM = r"programs/(?P<code>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register("programs", views.ProgramViewSet, basename="api-program")
router.register(f"{PROGRAM}/members", views.MembershipViewSet, basename="api-member")
router.register(f"{PROGRAM}/activities", views.PlayActivityViewSet, basename="api-activity")
router.register(
    f"{PROGRAM}/onboarding-items", views.OnboardingItemViewSet, basename="api-onboarding-item"
)
router.register(f"{PROGRAM}/glossary", views.GlossaryTermViewSet, basename="api-glossary-term")
router.register(f"{PROGRAM}/attachments", AttachmentViewSet, basename="api-attachment")
router.register(f"{PROGRAM}/audit-events", views.AuditEventViewSet, basename="api-audit-event")

urlpatterns = [
    path("programs/<slug:code>/jobs/<int:job_id>/", JobView.as_view(), name="api-job"),
    *router.urls,
]
