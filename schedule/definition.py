"""The agreed IMS baseline as a versioned document (Play 3.1, activity 8).

Each proposal of a baseline for agreement is a version of the program's "IMS baseline"
document, its content drawn from the frozen baseline (dates, counts, milestones), so the
foundation's sign-off applies as it is: a signatory of the customer and of the provider sign
the SHA-256 of that content, approval supersedes the previously agreed baseline, and the
board's activity 8 is done while an agreed baseline exists.
"""

from __future__ import annotations

from django.urls import reverse

from programs.board import ArtifactRule, document_rule
from programs.choices import ActivityStatus, OwningParty
from programs.documents import Column, DocumentKind, Field, Section, Table
from programs.models import DocumentVersion, Program

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

_BASELINE_RULE = document_rule(
    activity_key=BASELINE_KIND.activity_key, kind=IMS_BASELINE, evidence="the IMS baseline"
)


def _agree_ims_status(program: Program) -> str:
    """Done while a baseline proposed in the current phase is agreed; in progress while one
    is proposed or while the program has a schedule to agree."""
    from .models import Schedule

    status = _BASELINE_RULE.derive(program)
    if status == ActivityStatus.NOT_STARTED and Schedule.objects.filter(program=program).exists():
        return ActivityStatus.IN_PROGRESS
    return status


#: Activity 8 follows the schedule and its agreed baseline.
AGREE_IMS_RULE = ArtifactRule(
    activity_key=BASELINE_KIND.activity_key,
    evidence="the schedule and its agreed baseline",
    derive=_agree_ims_status,
)
