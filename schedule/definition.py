"""The agreed IMS baseline as a versioned document (Play 3.1, activity 8).

Each proposal of a baseline for agreement is a version of the program's "IMS baseline"
document, its content drawn from the frozen baseline (dates, counts, milestones), so the
foundation's sign-off applies as it is: a signatory of the customer and of the provider sign
the SHA-256 of that content, approval supersedes the previously agreed baseline, and the
board's activity 8 is done while an agreed baseline exists.
"""

from __future__ import annotations

from django.urls import reverse

from programs.choices import OwningParty
from programs.documents import Column, DocumentKind, Field, Section, Table
from programs.models import DocumentVersion

IMS_BASELINE = "ims_baseline"


def _version_url(version: DocumentVersion) -> str:
    code = version.document.program.code
    baseline = getattr(version, "ims_baseline", None)
    if baseline is None:
        return reverse("schedule:baselines", kwargs={"code": code})
    return reverse("schedule:baseline", kwargs={"code": code, "number": baseline.number})


BASELINE_KIND = DocumentKind(
    key=IMS_BASELINE,
    name="IMS baseline",
    owning_party=OwningParty.SHARED,
    activity_key="agree_ims",
    sections=(
        Section("summary", "What this baseline is", "Why it is proposed and what it covers."),
        Section("basis", "Basis and assumptions", "What the dates rest on.", required=False),
    ),
    fields=(
        Field("baseline_name", "Baseline", "text"),
        Field("project_start", "Project start", "date"),
        Field("project_finish", "Baseline finish", "date"),
        Field("task_count", "Tasks", "integer"),
        Field("milestone_count", "Milestones", "integer"),
        Field("critical_task_count", "Critical tasks", "integer"),
        Field("schedule_sha256", "SHA-256 of the frozen task dates", "text"),
    ),
    tables=(
        Table(
            "milestones",
            "Milestones",
            (
                Column("wbs", "WBS"),
                Column("name", "Milestone"),
                Column("date", "Baseline date", "date"),
            ),
        ),
    ),
    includes_stakeholders=True,
    document_url=lambda d: reverse("schedule:baselines", kwargs={"code": d.program.code}),
    version_url=_version_url,
)
