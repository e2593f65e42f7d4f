"""The versioned document API of the responsibilities area, from the shared block of
``programs.api.documents``: the PMO role agreement and the Resource Management Plan, one per
program, and the versions of each SME's MOU (the MOUs themselves are listed and started at
``raci/mous/``, with their signers and attendance)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver

from programs.api.documents import DocumentApi
from programs.models import Document, Program

from ..definitions import RESOURCE_PLAN_KIND, ROLE_AGREEMENT_KIND
from ..mou import SME_MOU_KIND


class MouVersionsApi(DocumentApi):
    """The versions of one MOU, by the MOU's id: ``raci/mous/{document_id}/versions/``."""

    document_route = r"(?P<document_id>\d+)/"

    def document_queryset(self, program: Program, **url_kwargs: Any) -> QuerySet[Document]:
        return Document.objects.filter(
            program=program, kind=self.kind.key, pk=url_kwargs["document_id"]
        )

    def urlpatterns(self) -> list[URLPattern | URLResolver]:
        # The MOU itself (read, start) is ``raci.api.mou.MouViewSet``'s.
        return [p for p in super().urlpatterns() if getattr(p, "name", "") != f"api-{self.name}"]


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
MOU_API = MouVersionsApi(kind=SME_MOU_KIND, path="raci/mous", noun="SME MOU", schema_name="SmeMou")

urlpatterns: list[URLPattern | URLResolver] = [
    *ROLE_AGREEMENT_API.urlpatterns(),
    *RESOURCE_PLAN_API.urlpatterns(),
    *MOU_API.urlpatterns(),
]
