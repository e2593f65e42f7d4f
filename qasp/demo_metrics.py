"""The demo of the provider-reported metrics on DRC Core HR (drc-hr): FPSSC's October 2026
figure for PS-7 (time and attendance interface success), which the customer's surveillance
has not recorded. FPSSC first sent September's run log by mistake and DRC rejected it,
saying why; FPSSC then submitted October's, which awaits DRC's validation.

Called by the QASP's demo after its surveillance records exist, as ``seed(programs,
users)``; it does nothing without drc-hr or once the program has submissions, and goes
through the services (validated and audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from programs.models import Program

from .models import MetricSubmission
from .services.metrics import metric_reject, metric_submit

HR = "drc-hr"
STANDARD = "PS-7"
OCTOBER = date(2026, 10, 1)
REJECTION = (
    "The figure is September's: the source is the run log TA-RUNS-2026-09. October's log "
    "(TA-RUNS-2026-10) shows two failed runs, for pay periods 21 and 22. Please submit "
    "October's figure from it."
)


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    program = programs.get(HR)
    if program is None or MetricSubmission.objects.filter(program=program).exists():
        return
    provider, customer = users["prov.pm"], users["cust.pm"]
    wrong = metric_submit(
        acting_user=provider,
        program=program,
        standard_code=STANDARD,
        period=OCTOBER,
        measured_value=Decimal("100"),
        source="T&A interface run log TA-RUNS-2026-09",
        notes="All 500 scheduled interface runs completed without error.",
    )
    metric_reject(acting_user=customer, submission=wrong, reason=REJECTION)
    metric_submit(
        acting_user=provider,
        program=program,
        standard_code=STANDARD,
        period=OCTOBER,
        measured_value=Decimal("99.6"),
        source="T&A interface run log TA-RUNS-2026-10",
        notes=(
            "498 of 500 scheduled runs completed without error. The runs of pay periods 21 "
            "and 22 failed on an expired certificate and were rerun the same day; no pay "
            "was late."
        ),
    )
