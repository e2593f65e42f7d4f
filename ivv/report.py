"""The IV&V agent's periodic report as a versioned document: one per period (a month,
``Document.key`` ``period-2026-11``), owned by the independent party, so that the IV&V agent
writes it and nobody else changes it, and signed by its author as a named signer.

It gives an overall assessment on the five-point scale of federal past-performance ratings
(FAR 42.1503 and CPARS: Exceptional, Very Good, Satisfactory, Marginal, Unsatisfactory) with
the reasons for it, highlights, concerns and recommendations. When a version goes into review
the findings of the register opened, closed and overdue in the period are frozen into it, so
that the signature covers them and later moves of the register leave it as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse

from programs.choices import DocumentStatus, OwningParty, Party
from programs.documents import DocumentKind, Extras, Field, FrozenPart, Section
from programs.errors import DomainError, ErrorCode
from programs.models import Document, DocumentVersion

IVV_REPORT = "ivv_report"
KEY_PREFIX = "period-"

#: The overall assessment, best first: the CPARS rating scale (FAR 42.1503(b)).
ASSESSMENTS: tuple[tuple[str, str], ...] = (
    ("5", "5: Exceptional"),
    ("4", "4: Very good"),
    ("3", "3: Satisfactory"),
    ("2", "2: Marginal"),
    ("1", "1: Unsatisfactory"),
)

#: The lists of findings a report freezes, in the order it shows them.
FINDING_LISTS: tuple[tuple[str, str], ...] = (
    ("opened", "Opened in the period"),
    ("closed", "Closed in the period"),
    ("overdue", "Overdue at the period end"),
)
FINDING_COLUMNS = ("Reference", "Title", "Severity", "Status", "Answering party")


def period_key(start: dt.date) -> str:
    """The key of the report of the period that starts on ``start``: one report a month."""
    return f"{KEY_PREFIX}{start:%Y-%m}"


def period_words(start: dt.date) -> str:
    return f"{start:%B %Y}"


def _period(content: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    fields = content.get("fields", {})
    start, end = fields.get("period_start"), fields.get("period_end")
    if not start or not end:
        return None
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def _row(finding: Any) -> dict[str, str]:
    return {
        "reference": finding.reference,
        "title": finding.title,
        "severity": finding.get_severity_display(),
        "status": finding.get_status_display(),
        "answering_party": str(Party(finding.answering_party).label)
        if finding.answering_party in Party.values
        else finding.answering_party,
    }


def findings_in_period(program: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The register's findings opened and closed between ``start`` and ``end`` (both
    included), and those overdue at ``end``: unresolved then, with the answer due or the
    corrective action's target date before it, and not answered or closed by then."""
    from .choices import FindingStatus
    from .models import Finding

    findings = Finding.objects.filter(program=program).order_by("number")
    open_at_end = Q(raised_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    answer_late = Q(response_due__lt=end) & (Q(answered_on__isnull=True) | Q(answered_on__gt=end))
    action_late = Q(action_target__isnull=False, action_target__lt=end)
    overdue = findings.filter(open_at_end & (answer_late | action_late)).exclude(
        status=FindingStatus.ACCEPTED_RISK
    )
    return {
        "period": [start.isoformat(), end.isoformat()],
        "opened": [_row(f) for f in findings.filter(raised_on__gte=start, raised_on__lte=end)],
        "closed": [_row(f) for f in findings.filter(closed_on__gte=start, closed_on__lte=end)],
        "overdue": [_row(f) for f in overdue],
    }


def _build_findings(document: Document) -> dict[str, Any]:
    """Read at review from the register, for the period the report's open version states."""
    version = document.versions.order_by("-number").first()
    period = _period(version.content) if version is not None else None
    if period is None:
        return {"period": None, **{key: [] for key, _ in FINDING_LISTS}}
    return findings_in_period(document.program, *period)


def _findings_text(data: dict[str, Any]) -> str:
    lines = []
    for key, title in FINDING_LISTS:
        for row in data.get(key, []):
            lines.append(f"{title}: " + " | ".join(row[c] for c in _ROW_KEYS))
    return "\n".join(lines)


_ROW_KEYS = ("reference", "title", "severity", "status", "answering_party")


def _findings_table(data: dict[str, Any]) -> tuple[tuple[str, ...], list[list[str]]]:
    rows = [
        [title, *(row[c] for c in _ROW_KEYS)]
        for key, title in FINDING_LISTS
        for row in data.get(key, [])
    ]
    return ("In the period", *FINDING_COLUMNS), rows


def _check_period(version: DocumentVersion) -> None:
    """Before review: the period ends on or after its start, and starts in the month the
    report was started for (its key), so that the report stays the one of its period."""
    period = _period(version.content)
    if period is None:
        return  # the required fields are ``check_complete``'s
    start, end = period
    if end < start:
        raise DomainError(
            "The period end is before the period start.",
            code=ErrorCode.INVALID_CONTENT,
            field="fields.period_end",
        )
    key = version.document.key
    if key.startswith(KEY_PREFIX) and period_key(start) != key:
        month = dt.date.fromisoformat(f"{key.removeprefix(KEY_PREFIX)}-01")
        raise DomainError(
            f"This is the report for {period_words(month)}: its period starts in that month. "
            "Start a report for another period instead.",
            code=ErrorCode.INVALID_CONTENT,
            field="fields.period_start",
        )


def report_context(version: DocumentVersion) -> dict[str, Any]:
    """The findings of the version's period: frozen at review, read live for a draft."""
    from programs.services.documents import content_for_reading

    content = content_for_reading(version)
    data = content.get("frozen", {}).get("findings") or {}
    return {
        "is_live": version.status == DocumentStatus.DRAFT,
        "has_period": bool(data.get("period")),
        "lists": [(key, title, data.get(key, [])) for key, title in FINDING_LISTS],
        "columns": FINDING_COLUMNS,
        "register_url": reverse("ivv:register", kwargs={"code": version.document.program.code}),
    }


def _document_url(document: Document) -> str:
    return reverse(
        "ivv:report:home", kwargs={"code": document.program.code, "document_id": document.pk}
    )


def _version_url(version: DocumentVersion) -> str:
    document = version.document
    return reverse(
        "ivv:report:version",
        kwargs={
            "code": document.program.code,
            "document_id": document.pk,
            "number": version.number,
        },
    )


IVV_REPORT_KIND = DocumentKind(
    key=IVV_REPORT,
    name="IV&V Report",
    owning_party=OwningParty.INDEPENDENT,
    activity_key="review_ivv_plan",
    evidences_activity=False,
    several_per_program=True,
    sections=(
        Section(
            "reasons",
            "Reasons for the assessment",
            "What the overall assessment rests on: evidence reviewed, trends, what changed.",
        ),
        Section("highlights", "Highlights", "What went well in the period.", required=False),
        Section(
            "concerns", "Concerns", "Risks and issues the program should act on.", required=False
        ),
        Section(
            "recommendations",
            "Recommendations",
            "What the IV&V agent recommends, and to whom.",
            required=False,
        ),
    ),
    fields=(
        Field("period_start", "Period start", "date"),
        Field("period_end", "Period end", "date", help_text="On or after the period start."),
        Field(
            "assessment",
            "Overall assessment",
            "choice",
            choices=ASSESSMENTS,
            help_text="The CPARS scale: 5 Exceptional, 4 Very good, 3 Satisfactory, 2 Marginal, "
            "1 Unsatisfactory.",
        ),
    ),
    frozen_parts=(
        FrozenPart(
            "findings",
            "Findings in the period",
            _build_findings,
            _findings_text,
            table=_findings_table,
        ),
    ),
    submit_check=_check_period,
    extras=Extras(
        version_template="ivv/report_version_part.html",
        export_template="ivv/report_export_part.html",
        context=report_context,
    ),
    document_url=_document_url,
    version_url=_version_url,
)
