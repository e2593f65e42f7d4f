"""What a report's page says and offers about corrections: the newer revision that supersedes
it, the revision a correction corrects and why, and the form to correct a released report
(for those who build reports, on the period's latest revision)."""

from __future__ import annotations

from typing import Any

from django import forms

from programs import policy
from programs.forms import apply_uswds

from .choices import StatusReportStatus
from .models import StatusReport
from .rules import may_build
from .services.lifecycle import CORRECTION_LIMIT

REASON_REQUIRED = "A correction needs a reason saying what it corrects."


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Why it is corrected",
        max_length=CORRECTION_LIMIT,
        error_messages={"required": REASON_REQUIRED},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say what the released report got wrong; the reason goes with the new revision.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self)

    def add_domain_error(self, message: str, field: str | None) -> None:
        self.add_error(field if field in self.fields else None, message)


def _neighbour(report: StatusReport, newer: bool) -> StatusReport | None:
    same = StatusReport.objects.filter(program=report.program, period_start=report.period_start)
    if newer:
        return same.filter(revision__gt=report.revision).order_by("-revision").first()
    return same.filter(revision__lt=report.revision).order_by("-revision").first()


def latest_newer(report: StatusReport) -> StatusReport | None:
    """The period's latest revision when it is newer than ``report``."""
    return _neighbour(report, newer=True)


def may_correct(user: policy.AnyUser, report: StatusReport, newer: StatusReport | None) -> bool:
    return (
        report.status == StatusReportStatus.RELEASED
        and newer is None
        and may_build(user, report.program)
    )


def correction_context(report: StatusReport, user: policy.AnyUser) -> dict[str, Any]:
    """The report page's correction parts: ``newer`` (the latest revision superseding it),
    ``corrected`` (the revision it corrects), and ``correction_form`` when ``user`` may
    correct it."""
    newer = latest_newer(report)
    context: dict[str, Any] = {
        "newer": newer,
        "corrected": _neighbour(report, newer=False) if report.revision > 1 else None,
    }
    if may_correct(user, report, newer):
        context["correction_form"] = CorrectionForm()
    return context
