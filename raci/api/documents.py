"""The versioned document API of the responsibilities area, from the shared block of
``programs.api.documents``: the PMO role agreement and the Resource Management Plan, one per
program, and the versions of each SME's MOU (the MOUs themselves are listed and started at
``raci/mous/``, with their signers and attendance)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from programs.api.documents import DocumentApi, DocumentVersionsApiById

from ..definitions import RESOURCE_PLAN_KIND, ROLE_AGREEMENT_KIND
from ..mou import SME_MOU_KIND

ROLE_AGREEMENT_API = DocumentApi(
    kind=ROLE_AGREEMENT_KIND,
    path="role-agreement",
    noun="PMO role agreement",
    schema_name="RoleAgreement",
)
RESOURCE_PLAN_API = DocumentApi(
    kind=RESOURCE_PLAN_KIND,
    path="resource-plan",
    noun="Resource Management Plan",
    schema_name="ResourcePlan",
)
MOU_API = DocumentVersionsApiById(
    kind=SME_MOU_KIND, path="raci/mous", noun="SME MOU", schema_name="SmeMou"
)

urlpatterns: list[URLPattern | URLResolver] = [
    *ROLE_AGREEMENT_API.urlpatterns(),
    *RESOURCE_PLAN_API.urlpatterns(),
    *MOU_API.urlpatterns(),
]
