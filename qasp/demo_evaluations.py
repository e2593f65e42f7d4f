"""The demo's CPARS-style performance evaluation on DRC Core HR (drc-hr): the quarterly
evaluation of Q4 FY2026 (July to September 2026), proposed from the quarter's surveillance
(payroll accuracy, PS-2, missed its AQL in July and August; help-desk response, PS-3, in
September) and corrective action requests, rated and narrated by the customer's Program
Manager (cust.pm, the evaluator), opened for comment, commented by the provider's Program
Manager (prov.pm) and signed by cust.pm.

Seeded after the surveillance and corrective action request demos, through the services (so
validated and audited). It does nothing without drc-hr, once its evaluation exists, or when
the approved QASP's agreed period does not reach the quarter."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import User

from programs.models import Membership, Program

from . import periods
from .choices import EvaluationKind
from .models import PerformanceEvaluation
from .services import evaluations as services
from .standards import approved_version

HR = "drc-hr"
QUARTER = (date(2026, 7, 1), date(2026, 9, 30))  # Q4 FY2026

RATINGS: dict[str, tuple[int, str]] = {
    "quality": (
        3,
        "FPSSC met the AQL in 15 of the quarter's 18 surveillance results. Payroll accuracy "
        "(PS-2) missed its 0.5% error rate in July and August, when retroactive adjustments "
        "were keyed after the payroll cut-off; September's sample was back within the AQL "
        "after the corrective action of CAR-001. Help-desk response (PS-3) slipped in "
        "September during the open-season preparation. Availability, personnel actions, "
        "benefits enrollment and the time and attendance interface met their standards "
        "every month.",
    ),
    "schedule": (
        3,
        "Every biweekly payroll was computed and paid on its scheduled date, and the "
        "quarter's personnel actions were processed within their effective pay periods.",
    ),
    "cost_control": (
        3,
        "Billing under the interagency agreement matched the agreed per-employee rate and "
        "headcount each month; no unplanned charges.",
    ),
    "management": (
        3,
        "FPSSC answered CAR-001 within its ten business days; DRC returned the first answer "
        "for a root cause that stopped at the symptom, and accepted the second, which locks "
        "adjustments after the cut-off and adds a daily late-entry report. The quality "
        "control lead joined every monthly PMO meeting.",
    ),
}
SUMMARY = (
    "A satisfactory quarter: the service met its requirements but for payroll accuracy in "
    "July and August and help-desk response in September; the payroll problem's corrective "
    "action worked in September."
)
COMMENT = (
    "FPSSC accepts the ratings. Adjustments are now locked after the payroll cut-off, and two "
    "more help-desk agents are scheduled for each open season."
)


def _reaches_the_quarter(program: Program) -> bool:
    version = approved_version(program)
    agreed = periods.agreed_period(version.content) if version is not None else None
    return agreed is not None and agreed[0] <= QUARTER[1] and agreed[1] >= QUARTER[0]


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    program = programs.get(HR)
    if program is None or not _reaches_the_quarter(program):
        return
    if PerformanceEvaluation.objects.filter(
        program=program, kind=EvaluationKind.QUARTERLY, period_start=QUARTER[0]
    ).exists():
        return
    pm, provider_pm = users["cust.pm"], users["prov.pm"]
    evaluation = services.evaluation_create(
        acting_user=pm,
        program=program,
        kind=EvaluationKind.QUARTERLY,
        period_start=QUARTER[0],
        period_end=QUARTER[1],
        evaluator=Membership.objects.get(program=program, user=pm),
    )
    evaluation = services.evaluation_rate(
        acting_user=pm,
        evaluation=evaluation,
        ratings={area: RATINGS.get(area, (3, "")) for area, _ in settings.QASP_RATING_AREAS},
        summary=SUMMARY,
    )
    evaluation = services.evaluation_open(acting_user=pm, evaluation=evaluation)
    evaluation = services.evaluation_comment(
        acting_user=provider_pm, evaluation=evaluation, text=COMMENT
    )
    services.evaluation_sign(acting_user=pm, evaluation=evaluation)
