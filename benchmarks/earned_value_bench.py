"""The program the earned value benchmark measures (``run.py earned_value``): 10,000 tasks
in 500 WBS elements of 19 cost-loaded tasks each, staggered so that the agreed baseline spans
two years; the 500 elements are the control accounts; the 24 months before the current one
are closed (their figures frozen through ``period_freeze``) and the current month is live.

Needs Django set up (``run.django_world``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

PHASES = 500
TASKS_PER_PHASE = 19  # with the phase's summary, 20 rows: 10,000 in all
CLOSED_MONTHS = 24
DAY = 480


def schedule_data(start: datetime) -> Any:
    from schedule.engine.model import CalendarSpec, Link, Task
    from schedule.interchange.data import ScheduleData, TaskRecord

    records = []
    links = []
    uid = 0
    first_of_previous = None
    for phase in range(1, PHASES + 1):
        uid += 1
        summary = uid
        records.append(TaskRecord(Task(uid=uid, name=f"Phase {phase}"), wbs=str(phase)))
        previous = None
        for step in range(1, TASKS_PER_PHASE + 1):
            uid += 1
            task = Task(
                uid=uid,
                name=f"Task {phase}.{step}",
                duration=DAY,
                parent=summary,
                fixed_cost=Decimal(1000 + step * 10),
                percent_complete=100 if phase < PHASES // 2 else 0,
            )
            records.append(
                TaskRecord(task, wbs=f"{phase}.{step}", outline_level=2, owner_party="provider")
            )
            if previous is not None:
                links.append(Link(previous, uid))
            elif first_of_previous is not None:
                # Each phase starts a day after the one before: the plan spans ~520 days.
                links.append(Link(first_of_previous, uid))
                first_of_previous = uid
            else:
                first_of_previous = uid
            previous = uid
    return ScheduleData(
        name="Earned value benchmark",
        start=start,
        records=tuple(records),
        links=tuple(links),
        calendar=CalendarSpec(),
        status_date=None,
    )


def build(code: str) -> tuple[Any, Any]:
    """The program and its provider Program Manager."""
    from pmp.selectors.earned_value import basis_for, planned_by_month
    from pmp.services.earned_value import period_freeze
    from pmp.services.earned_value_setup import control_accounts_sync
    from programs import limits
    from programs.choices import Party, Role
    from programs.federal_calendar import add_months, month_end, month_start
    from programs.services.documents import version_sign
    from schedule.services import baselines
    from tests.factories import make_member, make_program
    from tests.schedule.factories import make_schedule

    program = make_program(code, name="Earned value of 10,000 tasks in 500 accounts")
    pm = make_member(program, f"{code}.pm", Party.PROVIDER, Role.PROGRAM_MANAGER).user
    sponsors = [
        make_member(program, f"{code}.{party}.es", party, Role.EXECUTIVE_SPONSOR, signatory=True)
        for party in (Party.CUSTOMER, Party.PROVIDER)
    ]
    current = month_start(limits.today())
    first = add_months(current, -CLOSED_MONTHS)
    start = datetime(first.year, first.month, 1, 8, 0)
    schedule = make_schedule(program, pm, schedule_data(start))
    baseline = baselines.baseline_create(acting_user=pm, schedule=schedule, name="PMB")
    version = baselines.baseline_propose(acting_user=pm, baseline=baseline)
    for sponsor in sponsors:
        version_sign(acting_user=sponsor.user, version=version)
    control_accounts_sync(acting_user=pm, program=program)
    basis = basis_for(program)
    planned = planned_by_month(basis)
    budgets = {a.wbs: int(a.budget * 100) for a in basis.accounts}
    for index in range(CLOSED_MONTHS):
        month = add_months(basis.start, index)
        accounts = {}
        for wbs, bac in budgets.items():
            row = planned[wbs]
            pv = min(bac, row[min(index, len(row) - 1)])
            accounts[wbs] = [bac, pv, pv * 95 // 100, pv * 102 // 100]
        period_freeze(
            acting_user=pm,
            program=program,
            month=month,
            figures={
                "schema": 1,
                "status_date": month_end(month).isoformat(),
                "baseline": basis.baseline.number,
                "accounts": accounts,
            },
        )
    return program, pm
