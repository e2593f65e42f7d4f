"""What the Program Management Plan shows of the live data it cites, on its version page, in
its editor and in its PDF: the citations frozen into the version at review (a draft: the live
data a submit will freeze), with links to where each is kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from programs.choices import DocumentStatus
from programs.models import Document, DocumentVersion
from programs.services.documents import content_for_reading

from .. import risk_matrix
from . import citations


@dataclass(frozen=True)
class RiskRow:
    probability: int
    label: str
    cells: tuple[tuple[str, str], ...]  # (band, band label) by impact 1..5


def risk_rows(scheme: dict[str, Any]) -> list[RiskRow]:
    """The banding as the plan shows it: the highest probability first, impact across."""
    return [
        RiskRow(
            probability=p,
            label=scheme["probability_labels"][p - 1],
            cells=tuple(
                (band, risk_matrix.BAND_LABELS.get(band, band)) for band in scheme["bands"][p - 1]
            ),
        )
        for p in reversed(risk_matrix.SCALE)
    ]


def _url(name: str, code: str) -> str:
    try:
        return reverse(name, kwargs={"code": code})
    except NoReverseMatch:  # a page of the program that this installation does not have
        return ""


def _qasp_url(program_id: int) -> str:
    document = Document.objects.filter(program_id=program_id, kind=citations.QASP_KIND).first()
    if document is None:
        return ""
    try:
        return document.get_absolute_url()
    except LookupError:  # the QASP's kind is not registered here
        return ""


def plan_context(version: DocumentVersion) -> dict[str, Any]:
    """The context of the plan's citations on the version page, in the editor and the PDF."""
    program = version.document.program
    frozen = content_for_reading(version).get("frozen", {})
    scheme = frozen.get("risk_scheme") or citations.risk_scheme(version.document)
    return {
        "is_live": version.status == DocumentStatus.DRAFT,
        "baseline": frozen.get("schedule_baseline"),
        "baselines_url": _url("schedule:baselines", program.code),
        "risk_scheme": scheme,
        "risk_rows": risk_rows(scheme),
        "impact_labels": list(enumerate(scheme["impact_labels"], start=1)),
        "communication_columns": [title for _, title in citations.COMMUNICATION_COLUMNS],
        "communications": citations.communications_table(frozen.get("communications") or [])[1],
        "qasp": frozen.get("qasp"),
        "qasp_url": _qasp_url(program.pk),
        "no_baseline": citations.NO_BASELINE,
        "no_qasp": citations.NO_QASP,
    }
