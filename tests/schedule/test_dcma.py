"""The DCMA 14-point assessment on small schedules computed by the real engine: each check
passes on a clean schedule and fails on one built to break it, with the offending tasks."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from schedule.engine import cpm
from schedule.engine.dcma import BaselineDates, CheckResult, Thresholds, assess
from schedule.engine.model import (
    Assignment,
    Constraint,
    Link,
    LinkType,
    Project,
    Resource,
    Task,
)

DAY = 480
START = datetime(2027, 1, 4, 8, 0)  # a Monday
STATUS = datetime(2027, 1, 13, 17, 0)


def task(uid: int, days: float = 5, **fields: Any) -> Task:
    milestone = bool(fields.pop("milestone", False))
    return Task(
        uid=uid, name=f"Task {uid}", duration=round(days * DAY), milestone=milestone, **fields
    )


def milestone(uid: int, **fields: Any) -> Task:
    return task(uid, 0, milestone=True, **fields)


def chain(*tasks: Task, links: tuple[Link, ...] | None = None, **project: Any) -> Project:
    """The tasks one after another (finish-to-start), unless ``links`` says otherwise."""
    if links is None:
        links = tuple(Link(a.uid, b.uid) for a, b in itertools.pairwise(tasks))
    return Project(start=START, tasks=tasks, links=links, **project)


def run(
    project: Project,
    *,
    baseline: Mapping[int, BaselineDates] | None = None,
    resourced: set[int] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008
) -> dict[str, CheckResult]:
    """The checks, with one person assigned to every task (or to the ``resourced`` ones)."""
    uids = {t.uid for t in project.tasks if not t.milestone} if resourced is None else resourced
    project = replace(
        project,
        resources=(Resource(1, "Analyst"),),
        assignments=tuple(
            Assignment(uid, task=uid, resource=1, units=100, work=t.duration)
            for uid, t in ((t.uid, t) for t in project.tasks)
            if uid in uids
        ),
    )
    result = cpm.compute(project)
    checks = assess(project, result, baseline=baseline, thresholds=thresholds)
    assert [c.number for c in checks] == list(range(1, 15))
    return {c.key: c for c in checks}


def clean() -> Project:
    return chain(milestone(1), task(2), task(3), task(4), milestone(5))


def test_a_clean_schedule_passes_and_unmeasurable_checks_say_why() -> None:
    checks = run(clean())
    for key in (
        "missing_logic",
        "leads",
        "lags",
        "relationship_types",
        "hard_constraints",
        "high_float",
        "negative_float",
        "high_duration",
        "resources",
        "critical_path_test",
        "cpli",
    ):
        assert checks[key].passed is True, key
        assert checks[key].offending == ()
    assert checks["missing_logic"].value_text == "0.0% (0 of 5)"
    assert checks["missing_logic"].threshold == "≤ 5%"
    assert checks["leads"].threshold == "= 0"
    assert checks["relationship_types"].value_text == "100.0% (4 of 4 links)"
    assert checks["cpli"].value == 1.0
    assert "No agreed baseline or deadline" in checks["cpli"].note
    for key in ("invalid_dates", "missed_tasks", "bei"):
        assert checks[key].passed is None and checks[key].value is None
        assert checks[key].note == "The schedule has no status date."


# -- 1 logic ----------------------------------------------------------------------------------


def test_missing_logic_flags_dangling_tasks_but_not_the_first_and_last() -> None:
    project = replace(clean(), tasks=(*clean().tasks, task(6)))  # 6 has no links at all
    check = run(project)["missing_logic"]
    assert check.passed is False
    assert check.offending == (6,)
    assert check.value_text == "16.7% (1 of 6)"


def test_missing_logic_ignores_summary_and_complete_tasks() -> None:
    project = chain(
        task(10),  # a summary task: its own links do not matter
        milestone(1, parent=10),
        task(2, parent=10),
        task(3, parent=10),
        milestone(4, parent=10),
        task(6, actual_start=START, actual_finish=datetime(2027, 1, 8, 17), percent_complete=100),
        links=(Link(1, 2), Link(2, 3), Link(3, 4)),
    )
    check = run(project)["missing_logic"]
    assert check.passed is True
    assert check.value_text == "0.0% (0 of 4)"


# -- 2, 3, 4 links ----------------------------------------------------------------------------


def long_chain(links: int) -> tuple[Task, ...]:
    return tuple(task(uid, 1) for uid in range(1, links + 2))


def test_one_lag_in_twenty_links_is_exactly_five_percent_and_passes_two_do_not() -> None:
    tasks = long_chain(20)
    links = [Link(a.uid, b.uid) for a, b in itertools.pairwise(tasks)]
    links[3] = replace(links[3], lag=DAY)
    check = run(chain(*tasks, links=tuple(links)))["lags"]
    assert (check.passed, check.value, check.offending) == (True, 5.0, (5,))
    links[7] = replace(links[7], lag=2 * DAY)
    check = run(chain(*tasks, links=tuple(links)))["lags"]
    assert (check.passed, check.offending) == (False, (5, 9))
    assert check.value_text == "10.0% (2 of 20 links)"


def test_any_lead_fails() -> None:
    links = (Link(1, 2), Link(2, 3, LinkType.FS, -DAY), Link(3, 4), Link(4, 5))
    check = run(chain(*clean().tasks, links=links))["leads"]
    assert check.passed is False
    assert check.offending == (3,)


def test_finish_to_start_share_below_ninety_percent_fails() -> None:
    tasks = long_chain(10)
    links = [Link(a.uid, b.uid) for a, b in itertools.pairwise(tasks)]
    links[2] = replace(links[2], type=LinkType.SS)
    one = run(chain(*tasks, links=tuple(links)))["relationship_types"]
    assert (one.passed, one.value, one.threshold) == (True, 90.0, "≥ 90%")
    links[5] = replace(links[5], type=LinkType.FF)
    two = run(chain(*tasks, links=tuple(links)))["relationship_types"]
    assert two.passed is False
    assert two.offending == (4, 7)
    assert two.value_text == "80.0% (8 of 10 links)"


def test_links_into_complete_tasks_are_not_counted() -> None:
    # The lead between 1 and 2 is history: both finished before the status date.
    project = chain(
        task(
            1, 2, actual_start=START, actual_finish=datetime(2027, 1, 5, 17), percent_complete=100
        ),
        task(
            2,
            2,
            actual_start=datetime(2027, 1, 5, 8),
            actual_finish=datetime(2027, 1, 6, 17),
            percent_complete=100,
        ),
        task(3),
        milestone(4),
        links=(Link(1, 2, lag=-DAY), Link(2, 3), Link(3, 4)),
        status_date=datetime(2027, 1, 6, 17),
    )
    check = run(project)["leads"]
    assert (check.passed, check.value_text) == (True, "0.0% (0 of 2 links)")


# -- 5 constraints, 6-7 float, 8 duration -----------------------------------------------------


def test_hard_constraints_count_but_soft_ones_do_not() -> None:
    soft = replace(clean().tasks[2], constraint=Constraint.SNET, constraint_date=START)
    hard = replace(
        clean().tasks[3], constraint=Constraint.MSO, constraint_date=datetime(2027, 1, 18, 8)
    )
    tasks = list(clean().tasks)
    tasks[2] = soft
    assert run(replace(clean(), tasks=tuple(tasks)))["hard_constraints"].passed is True
    tasks[3] = hard
    check = run(replace(clean(), tasks=tuple(tasks)))["hard_constraints"]
    assert (check.passed, check.offending) == (False, (4,))


def test_high_float_is_more_than_44_working_days() -> None:
    def project(side_days: int) -> Project:
        # 2 -> 3 is 60 days long; 4 runs beside it.
        return chain(
            milestone(1),
            task(2, 30),
            task(3, 30),
            task(4, side_days),
            milestone(5),
            links=(Link(1, 2), Link(2, 3), Link(3, 5), Link(1, 4), Link(4, 5)),
        )

    at_limit = run(project(16))["high_float"]  # 44 days of float
    assert at_limit.passed is True
    over = run(project(15))["high_float"]  # 45
    assert (over.passed, over.offending) == (False, (4,))
    assert over.note == "Total float over 44 working days."


def test_negative_float_from_a_deadline_fails_and_cpli_measures_it() -> None:
    # The logic finishes on 25 Jan (15 working days, 18 Jan is a holiday); the deadline is
    # two working days earlier.
    finish = milestone(5, deadline=datetime(2027, 1, 21, 17))
    project = replace(clean(), tasks=(*clean().tasks[:4], finish))
    checks = run(project)
    assert checks["negative_float"].passed is False
    assert checks["negative_float"].offending == (1, 2, 3, 4, 5)
    cpli = checks["cpli"]
    assert cpli.passed is False
    assert cpli.value == pytest.approx((15 - 2) / 15)
    assert "deadline" in cpli.note


def test_high_duration_uses_the_baseline_duration_where_there_is_one() -> None:
    project = chain(milestone(1), task(2, 45), task(3, 44), milestone(4))
    check = run(project)["high_duration"]
    assert (check.passed, check.offending, check.value_text) == (False, (2,), "50.0% (1 of 2)")
    baseline = {2: BaselineDates(duration=40 * DAY), 3: BaselineDates(duration=50 * DAY)}
    check = run(project, baseline=baseline)["high_duration"]
    assert check.offending == (3,)


# -- 9 dates, 10 resources ----------------------------------------------------------------------


def progressed(**project: Any) -> Project:
    """1 is done, 2 is under way at the status date, 3 has not started."""
    return chain(
        task(1, actual_start=START, actual_finish=datetime(2027, 1, 8, 17), percent_complete=100),
        task(2, actual_start=datetime(2027, 1, 11, 8), percent_complete=40),
        task(3),
        milestone(4),
        status_date=STATUS,
        **project,
    )


def test_invalid_dates_flags_unfinished_work_forecast_before_the_status_date() -> None:
    assert run(progressed())["invalid_dates"].passed is True
    project = progressed()
    manual = task(5, 2, manual=True, start=datetime(2027, 1, 5, 8))  # not started, yet "past"
    project = replace(
        project, tasks=(*project.tasks, manual), links=(*project.links, Link(1, 5), Link(5, 4))
    )
    check = run(project)["invalid_dates"]
    assert (check.passed, check.offending, check.threshold) == (False, (5,), "= 0")


def test_invalid_dates_flags_actuals_before_the_project_start() -> None:
    """An actual start of 1900-01-01 on a schedule starting in 2027 is no valid date."""
    project = progressed()
    early = replace(project.tasks[0], actual_start=datetime(1900, 1, 1, 8))
    project = replace(project, tasks=(early, *project.tasks[1:]))
    check = run(project)["invalid_dates"]
    assert (check.passed, check.offending) == (False, (1,))
    assert "before the project start" in check.note


def test_actuals_before_the_project_start_fail_even_without_a_status_date() -> None:
    project = replace(progressed(), status_date=None)
    assert run(project)["invalid_dates"].passed is None  # not applicable
    early = replace(project.tasks[0], actual_start=datetime(2026, 12, 1, 8))
    project = replace(project, tasks=(early, *project.tasks[1:]))
    check = run(project)["invalid_dates"]
    assert (check.passed, check.offending) == (False, (1,))


def test_resources_counts_assignments_and_cost_and_ignores_milestones() -> None:
    assert run(clean(), resourced={2, 3, 4})["resources"].passed is True
    check = run(clean(), resourced={2, 4})["resources"]
    assert (check.passed, check.offending, check.threshold) == (False, (3,), "All tasks have one")
    assert check.value_text == "33.3% (1 of 3)"
    # A fixed cost is a cost: the task is resourced without a person.
    costed = clean()
    costed = replace(
        costed,
        tasks=tuple(
            replace(t, fixed_cost=Decimal(1200)) if t.uid == 3 else t for t in costed.tasks
        ),
    )
    assert run(costed, resourced={2, 4})["resources"].passed is True


# -- 11 missed tasks, 14 BEI, 13 CPLI against the baseline -------------------------------------


def baseline_of(**finishes: datetime) -> dict[int, BaselineDates]:
    return {int(uid[1:]): BaselineDates(START, finish) for uid, finish in finishes.items()}


def test_missed_tasks_and_bei_against_the_baseline() -> None:
    # 1 finished on its baseline day; 2 was due by the status date and is not finished.
    late = baseline_of(
        t1=datetime(2027, 1, 8, 17),
        t2=datetime(2027, 1, 12, 17),
        t3=datetime(2027, 1, 22, 17),
        t4=datetime(2027, 1, 22, 17),
    )
    checks = run(progressed(), baseline=late)
    missed, bei = checks["missed_tasks"], checks["bei"]
    assert (missed.passed, missed.offending, missed.value_text) == (False, (2,), "50.0% (1 of 2)")
    assert (bei.passed, bei.value, bei.offending) == (False, 0.5, (2,))
    assert bei.value_text == "0.50 (1 finished of 2 due)"

    on_track = {**late, 2: BaselineDates(START, datetime(2027, 1, 19, 17))}
    checks = run(progressed(), baseline=on_track)
    assert checks["missed_tasks"].passed is True
    assert (checks["bei"].passed, checks["bei"].value) == (True, 1.0)


def test_a_task_finished_after_its_baseline_day_is_missed() -> None:
    baseline = baseline_of(t1=datetime(2027, 1, 7, 17), t2=datetime(2027, 1, 19, 17))
    check = run(progressed(), baseline=baseline)["missed_tasks"]
    assert check.offending == (1,)


def test_nothing_due_by_the_status_date_makes_bei_not_applicable() -> None:
    baseline = baseline_of(t2=datetime(2027, 2, 1, 17))
    check = run(progressed(), baseline=baseline)["bei"]
    assert check.passed is None
    assert check.note == "No task was baselined to finish by the status date."


def test_cpli_against_the_baseline_finish() -> None:
    # Forecast finish 26 Jan 17:00: 8 working days after the status date (18 January is
    # Martin Luther King Jr. Day); the slipped baseline finish is 2 working days earlier.
    on_time = baseline_of(t4=datetime(2027, 1, 26, 17))
    assert run(progressed(), baseline=on_time)["cpli"].value == pytest.approx(1.0)
    slipped = baseline_of(t4=datetime(2027, 1, 22, 17))
    check = run(progressed(), baseline=slipped)["cpli"]
    assert check.value == pytest.approx((8 - 2) / 8)
    assert (check.passed, check.value_text) == (False, "0.75")
    assert check.offending == (3, 4)


# -- 12 critical path test --------------------------------------------------------------------


def test_the_critical_path_test_fails_when_a_critical_task_does_not_drive_the_finish() -> None:
    # 4 has three days of float but counts as critical under a five-day limit; it starts first,
    # so it is the task delayed, and the finish moves by three days less than the delay.
    project = chain(
        milestone(1),
        task(2, 4),
        task(3, 5),
        task(4, 7),
        milestone(5),
        links=(Link(1, 2, lag=DAY), Link(2, 3), Link(3, 5), Link(1, 4), Link(4, 5)),
        critical_float=5 * DAY,
    )
    check = run(project)["critical_path_test"]
    assert check.passed is False
    assert check.offending == (4,)
    assert check.value == pytest.approx(597)
    assert "the critical path is broken" in check.note
    assert run(clean())["critical_path_test"].value == pytest.approx(600)


def test_thresholds_can_be_tightened() -> None:
    tasks = long_chain(20)
    links = [Link(a.uid, b.uid) for a, b in itertools.pairwise(tasks)]
    links[3] = replace(links[3], lag=DAY)
    check = run(chain(*tasks, links=tuple(links)), thresholds=Thresholds(lags_max=0))["lags"]
    assert (check.passed, check.threshold) == (False, "= 0")


def test_the_critical_path_test_delays_the_remaining_work_of_a_task_under_way() -> None:
    """With every critical task already started, the delay goes onto the remaining work (a
    task 60% done schedules only 40% of its duration from the status date)."""
    project = chain(
        task(1, 10, actual_start=START, percent_complete=60),
        milestone(2),
        status_date=datetime(2027, 1, 8, 17, 0),
    )
    check = run(project)["critical_path_test"]
    assert check.passed, check
    assert check.value == 600
    assert "Task 1 (UID 1)" in check.note
