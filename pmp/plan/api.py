"""The Program Management Plan's API under /api/programs/<code>/pmp/plan/: the shared
versioned document API of ``programs.api.documents``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from programs.api.documents import DocumentApi

from ..definitions import PROGRAM_MANAGEMENT_PLAN_KIND

PLAN_API = DocumentApi(
    kind=PROGRAM_MANAGEMENT_PLAN_KIND,
    path="pmp/plan",
    noun="Program Management Plan",
    schema_name="ProgramManagementPlan",
)

urlpatterns: list[URLPattern | URLResolver] = [*PLAN_API.urlpatterns()]
