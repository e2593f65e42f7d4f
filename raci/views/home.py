"""The responsibilities area's home: where activities 3 and 4 of Play 3.1 stand (the PMO
role agreement, the RACI matrix with its rule results, the Resource Management Plan) and the
SMEs' MOUs and attendance, each one click from its page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from programs.choices import DocumentStatus
from programs.conditional import kept_page
from programs.models import DocumentVersion, Program
from programs.views.layout import get_program, program_context

from .. import selectors
from ..definitions import RESOURCE_PLAN, ROLE_AGREEMENT
from ..models import RaciColumn, RaciRow
from ..selectors import mou as selectors_mou


@dataclass(frozen=True)
class DocumentState:
    """Where a document of the area stands, in words."""

    name: str
    url: str
    approved: DocumentVersion | None
    open: DocumentVersion | None

    @property
    def text(self) -> str:
        parts = []
        if self.approved is not None:
            parts.append(f"version {self.approved.number} approved")
        if self.open is not None:
            parts.append(f"version {self.open.number} {self.open.get_status_display().lower()}")
        return "; ".join(parts).capitalize() if parts else "Not started"


def _state(program: Program, kind: str, name: str, url: str) -> DocumentState:
    versions = list(
        DocumentVersion.objects.filter(document__program=program, document__kind=kind)
        .exclude(status=DocumentStatus.SUPERSEDED)
        .order_by("-number")
    )
    return DocumentState(
        name=name,
        url=url,
        approved=next((v for v in versions if v.status == DocumentStatus.APPROVED), None),
        open=next((v for v in versions if v.status != DocumentStatus.APPROVED), None),
    )


@login_required
@require_GET
@kept_page
def home(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    matrix = selectors.matrix_of(program)
    attendance = selectors_mou.sme_attendance(program)
    mous = list(selectors_mou.mous_of(program))
    context = {
        **program_context(request, program, "responsibilities", ("Responsibilities", "")),
        "role_agreement": _state(
            program,
            ROLE_AGREEMENT,
            "PMO Role Agreement",
            reverse("raci:role-agreement:home", kwargs={"code": code}),
        ),
        "resource_plan": _state(
            program,
            RESOURCE_PLAN,
            "Resource Management Plan",
            reverse("raci:resource-plan:home", kwargs={"code": code}),
        ),
        "matrix": matrix,
        "matrix_size": (
            (
                RaciRow.objects.filter(matrix=matrix).count(),
                RaciColumn.objects.filter(matrix=matrix).count(),
            )
            if matrix
            else (0, 0)
        ),
        "results": selectors.rule_results(program),
        "mou_count": len(mous),
        "attendance": attendance,
        "flagged": [a for a in attendance if a.flagged],
    }
    return render(request, "raci/home.html", context)
