"""Earned value at a status date, per task, per WBS summary and for the program.

The budget comes from the baseline's stored spread (``timephase.baseline_spread``): a task's
BAC is all of its entries, its PV those up to and including the status date. EV is the share
of the BAC its earned value technique grants at its percent complete; AC is its actual cost
(``cost.costs``). A summary, like the program, adds up BAC, PV, EV and AC of the tasks below
it (and its own, should it carry a budget of its own), then derives the indices from those
sums: a summary's CPI is never an average of its children's.

The formulas are DOMAIN.md section 5. A ratio whose denominator is zero is ``None`` (an
unstarted task has no CPI), and so is anything derived from it. Money is in dollars to the
cent, indices to four decimal places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .cost import costs, roll_up, roots, round_half_up, to_cents, to_dollars
from .errors import Problem, ScheduleError
from .model import EarnedValueMethod, Project, Result, Task
from .timephase import budget, planned_value_at

RATIO = Decimal("0.0001")


def earned_percent(task: Task, percent_complete: int) -> int:
    """The percent of its budget ``task`` has earned at ``percent_complete``, by its earned
    value technique (ANSI/EIA-748): percent complete as is; 0/100 all at completion; 50/50
    half once started (some progress or an actual start) and all at completion; weighted
    milestones the weights of the steps whose running total the progress has reached."""
    percent = min(100, max(0, percent_complete))
    method = task.ev_method
    if method is EarnedValueMethod.ZERO_HUNDRED:
        return 100 if percent == 100 else 0
    if method is EarnedValueMethod.FIFTY_FIFTY:
        if percent == 100:
            return 100
        return 50 if percent > 0 or task.actual_start is not None else 0
    if method is EarnedValueMethod.WEIGHTED_MILESTONES:
        earned = 0
        running = 0
        for weight in task.ev_weights:
            running += weight
            if percent < running:
                break
            earned = running
        return earned
    return percent


def validate_earned_value(project: Project) -> list[Problem]:
    """Weighted-milestone tasks whose weights cannot share out a budget."""
    problems = []
    for task in project.tasks:
        if task.ev_method is not EarnedValueMethod.WEIGHTED_MILESTONES:
            continue
        if not task.ev_weights or any(w < 0 for w in task.ev_weights):
            problems.append(
                Problem(
                    f"Task {task.name!r} (UID {task.uid}) earns by weighted milestones but has "
                    "no steps with weights.",
                    task.uid,
                )
            )
        elif sum(task.ev_weights) != 100:
            problems.append(
                Problem(
                    f"Task {task.name!r} (UID {task.uid}): the weights of its milestones add up "
                    f"to {sum(task.ev_weights)}%, not 100%.",
                    task.uid,
                )
            )
    return problems


@dataclass(frozen=True, slots=True)
class EarnedValue:
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    cv: Decimal  # EV - AC
    sv: Decimal  # EV - PV
    cpi: Decimal | None  # EV / AC
    spi: Decimal | None  # EV / PV
    cv_percent: Decimal | None  # CV / EV, as a percentage
    sv_percent: Decimal | None  # SV / PV, as a percentage
    eac: Decimal | None  # BAC / CPI (typical)
    eac_atypical: Decimal  # AC + (BAC - EV)
    etc: Decimal | None  # EAC - AC
    vac: Decimal | None  # BAC - EAC
    tcpi: Decimal | None  # (BAC - EV) / (BAC - AC), to the budget
    eac_composite: Decimal | None  # AC + (BAC - EV) / (CPI x SPI)
    tcpi_eac: Decimal | None  # (BAC - EV) / (EAC - AC), to the typical EAC


@dataclass(frozen=True, slots=True)
class EarnedValues:
    status_date: date
    tasks: dict[int, EarnedValue]  # summaries rolled up
    program: EarnedValue


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO, rounding=ROUND_HALF_UP)


def indicators(bac: int, pv: int, ev: int, ac: int) -> EarnedValue:
    """Every measure from the four basic ones, given in cents.

    The estimates use the unrounded indices, in integers, and are rounded to the cent once:
    EAC = BAC / CPI is BAC x AC / EV; the composite EAC = AC + (BAC - EV) / (CPI x SPI) is
    AC + (BAC - EV) x AC x PV / EV^2. TCPI to the typical EAC divides the work remaining by
    the unrounded EAC less AC, AC x (BAC - EV) / EV, so it equals the CPI while work remains
    (to finish at that EAC the rest must go as the work so far) and is undefined once none
    does."""
    eac = None if ev == 0 or ac == 0 else round_half_up(bac * ac, ev)
    composite = (
        None
        if ev == 0 or ac == 0 or pv == 0
        else round_half_up(ac * ev * ev + (bac - ev) * ac * pv, ev * ev)
    )
    remaining = bac - ev
    cv_percent = _ratio(100 * (ev - ac), ev)
    sv_percent = _ratio(100 * (ev - pv), pv)
    return EarnedValue(
        bac=to_dollars(bac),
        pv=to_dollars(pv),
        ev=to_dollars(ev),
        ac=to_dollars(ac),
        cv=to_dollars(ev - ac),
        sv=to_dollars(ev - pv),
        cpi=_ratio(ev, ac),
        spi=_ratio(ev, pv),
        cv_percent=None if cv_percent is None else cv_percent.quantize(Decimal("0.01")),
        sv_percent=None if sv_percent is None else sv_percent.quantize(Decimal("0.01")),
        eac=None if eac is None else to_dollars(eac),
        eac_atypical=to_dollars(ac + bac - ev),
        etc=None if eac is None else to_dollars(eac - ac),
        vac=None if eac is None else to_dollars(bac - eac),
        tcpi=_ratio(bac - ev, bac - ac),
        eac_composite=None if composite is None else to_dollars(composite),
        tcpi_eac=None if eac is None else _ratio(remaining * ev, ac * remaining),
    )


def earned_value(
    project: Project,
    result: Result,
    baseline: Mapping[int, Sequence[tuple[date, int]]],
    status_date: date | datetime | None = None,
) -> EarnedValues:
    """Earned value of every task and of the program at ``status_date`` (the project's
    status date when not given), against ``baseline`` as ``timephase.baseline_spread`` made
    it. Tasks added since the baseline have no budget: they earn nothing and still spend."""
    moment = status_date if status_date is not None else project.status_date
    if moment is None:
        raise ScheduleError([Problem("Earned value needs a status date.")])
    day = moment.date() if isinstance(moment, datetime) else moment
    problems = validate_earned_value(project)
    if problems:
        raise ScheduleError(problems)
    actual = costs(project, result)
    own: dict[int, list[int]] = {}
    for task in project.tasks:
        entries = baseline.get(task.uid, ())
        bac = budget(entries)
        times = result.tasks.get(task.uid)
        # A leaf's progress is its own; a summary's is rolled up by the scheduler.
        percent = task.percent_complete
        if times is not None and times.summary:
            percent = times.percent_complete
        ev = round_half_up(bac * earned_percent(task, percent), 100)
        own[task.uid] = [bac, planned_value_at(entries, day), ev, 0]
    rolled = roll_up(project.tasks, own)
    for uid, values in rolled.items():
        values[3] = to_cents(actual.tasks[uid].actual)
    program = [0, 0, 0, 0]
    for uid in roots(project.tasks):
        for index in range(4):
            program[index] += rolled[uid][index]
    return EarnedValues(
        status_date=day,
        tasks={uid: indicators(*values) for uid, values in rolled.items()},
        program=indicators(*program),
    )
