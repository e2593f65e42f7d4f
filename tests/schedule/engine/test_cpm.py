"""The critical path method on small networks worked out by hand.

The project starts Monday 1 June 2026 at 08:00; days are 8:00-12:00 and 13:00-17:00 (480
working minutes); Friday 19 June (Juneteenth) is a federal holiday.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest

from schedule.engine.cpm import compute, driving_path
from schedule.engine.errors import DependencyLoop, ScheduleError
from schedule.engine.model import (
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Project,
    Result,
    Task,
)

DAY = 480
START = datetime(2026, 6, 1, 8, 0)


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 6, day, hour, 0)


def run(tasks: Sequence[Task], links: Sequence[Link] = (), **options: object) -> Result:
    return compute(Project(start=START, tasks=tasks, links=links, **options))  # type: ignore[arg-type]


def dates(result: Result, uid: int) -> tuple[datetime, datetime]:
    times = result.tasks[uid]
    return times.early_start, times.early_finish


def test_finish_to_start_chain_is_critical_with_no_float() -> None:
    result = run([Task(1, "Design", 2 * DAY), Task(2, "Build", 3 * DAY)], [Link(1, 2)])
    assert dates(result, 1) == (at(1), at(2, 17))
    assert dates(result, 2) == (at(3), at(5, 17))
    assert result.critical_path == (1, 2)
    assert (result.start, result.finish) == (at(1), at(5, 17))
    assert result.tasks[1].total_float == result.tasks[2].free_float == 0


def test_lag_and_lead_on_finish_to_start() -> None:
    result = run(
        [Task(1, "A", DAY), Task(2, "Lagged", DAY), Task(3, "Led", 2 * DAY)],
        [Link(1, 2, lag=DAY), Link(1, 3, lag=-DAY // 2)],
    )
    assert dates(result, 2) == (at(3), at(3, 17))
    # Half a day of lead: starts at Monday 13:00, halfway through A.
    assert dates(result, 3) == (at(1, 13), at(3, 12))
    assert result.tasks[3].total_float == DAY // 2
    assert result.tasks[3].free_float == DAY // 2


def test_start_to_start_with_lag() -> None:
    result = run([Task(1, "A", 3 * DAY), Task(2, "B", DAY)], [Link(1, 2, LinkType.SS, DAY)])
    assert dates(result, 2) == (at(2), at(2, 17))
    assert result.tasks[1].total_float == 0
    assert result.tasks[2].total_float == DAY
    assert result.critical_path == (1,)


def test_finish_to_finish() -> None:
    result = run([Task(1, "A", 3 * DAY), Task(2, "B", DAY)], [Link(1, 2, LinkType.FF)])
    assert dates(result, 2) == (at(3), at(3, 17))
    assert result.critical_path == (1, 2)


def test_start_to_finish_with_lag() -> None:
    result = run([Task(1, "A", 2 * DAY), Task(2, "B", DAY)], [Link(1, 2, LinkType.SF, 3 * DAY)])
    # B may finish no earlier than three working days after A starts.
    assert dates(result, 2) == (at(3), at(3, 17))
    assert result.tasks[1].total_float == 0


def test_elapsed_lag_runs_over_the_weekend() -> None:
    friday = datetime(2026, 6, 5, 8, 0)
    tasks = [Task(1, "Pour", DAY), Task(2, "Strip forms", DAY), Task(3, "Inspect", DAY)]
    links = [
        Link(1, 2, lag=2 * 1440, lag_unit=LagUnit.ELAPSED),
        Link(1, 3, lag=3 * 1440, lag_unit=LagUnit.ELAPSED),
    ]
    result = compute(Project(start=friday, tasks=tasks, links=links))
    assert dates(result, 2) == (at(8), at(8, 17))  # Sunday 17:00 -> Monday 08:00
    assert dates(result, 3) == (at(9), at(9, 17))  # Monday 17:00 -> Tuesday 08:00
    assert result.tasks[2].total_float == DAY
    assert result.tasks[1].total_float == 0


def test_juneteenth_is_skipped() -> None:
    result = run([Task(1, "A", 5 * DAY), Task(2, "B", DAY)], [Link(1, 2, lag=9 * DAY)])
    # Monday 1 June + 5 days + 9 days of lag would be Friday 19 June: a holiday.
    assert dates(result, 2) == (at(22), at(22, 17))


def test_project_start_on_a_weekend_begins_on_monday() -> None:
    result = compute(Project(start=datetime(2026, 5, 30, 9, 0), tasks=[Task(1, "A", DAY)]))
    assert dates(result, 1) == (at(1), at(1, 17))


def test_milestones_sit_at_the_end_of_what_they_follow() -> None:
    result = run(
        [Task(1, "Kick-off", 0, milestone=True), Task(2, "A", 2 * DAY), Task(3, "Done", 0, True)],
        [Link(1, 2), Link(2, 3)],
    )
    assert dates(result, 1) == (at(1), at(1))
    assert dates(result, 3) == (at(2, 17), at(2, 17))
    assert result.critical_path == (1, 2, 3)


def test_start_no_earlier_than_and_finish_no_earlier_than_push_early_dates() -> None:
    result = run(
        [
            Task(1, "A", DAY, constraint=Constraint.SNET, constraint_date=at(3)),
            Task(2, "B", DAY, constraint=Constraint.FNET, constraint_date=at(4, 17)),
        ]
    )
    assert dates(result, 1) == (at(3), at(3, 17))
    assert dates(result, 2) == (at(4), at(4, 17))
    assert result.tasks[1].total_float == DAY


def test_must_start_on_wins_over_logic() -> None:
    result = run(
        [
            Task(1, "A", 2 * DAY),
            Task(2, "B", DAY, constraint=Constraint.MSO, constraint_date=at(2)),
            Task(3, "C", DAY, constraint=Constraint.MFO, constraint_date=at(5, 17)),
        ],
        [Link(1, 2), Link(2, 3)],
    )
    assert dates(result, 2) == (at(2), at(2, 17))
    assert dates(result, 3) == (at(5), at(5, 17))
    assert result.tasks[2].total_float == 0
    assert result.tasks[2].late_start == at(2)
    # A must finish before B's fixed start: a day of negative float.
    assert result.tasks[1].total_float == -DAY


def test_no_later_than_constraints_and_deadlines_make_float_negative() -> None:
    result = run(
        [
            Task(1, "A", 3 * DAY),
            Task(2, "B", DAY, constraint=Constraint.SNLT, constraint_date=at(2)),
            Task(3, "C", DAY, constraint=Constraint.FNLT, constraint_date=at(3, 17)),
            Task(4, "D", DAY, deadline=at(3, 17)),
        ],
        [Link(1, 2), Link(1, 3), Link(1, 4)],
    )
    # Early dates follow the logic; late dates follow the limits.
    assert dates(result, 2) == dates(result, 3) == dates(result, 4) == (at(4), at(4, 17))
    assert result.tasks[2].total_float == -2 * DAY
    assert result.tasks[3].total_float == -DAY
    assert result.tasks[4].total_float == -DAY
    assert result.tasks[1].total_float == -2 * DAY
    assert result.tasks[4].late_finish == at(3, 17)


def test_as_late_as_possible_takes_its_late_dates_and_moves_its_successor() -> None:
    result = run(
        [
            Task(1, "Long", 3 * DAY),
            Task(2, "Late", DAY, constraint=Constraint.ALAP),
            Task(3, "Buy", DAY),
            Task(4, "Finish", DAY),
        ],
        [Link(1, 4), Link(2, 3), Link(3, 4)],
    )
    assert dates(result, 2) == (at(2), at(2, 17))
    assert dates(result, 3) == (at(3), at(3, 17))
    assert result.tasks[2].total_float == result.tasks[3].total_float == 0
    assert result.finish == at(4, 17)


def test_summary_rolls_up_dates_duration_and_percent_complete() -> None:
    result = run(
        [
            Task(10, "Phase"),
            Task(1, "A", 2 * DAY, parent=10, percent_complete=50, actual_start=at(1)),
            Task(2, "B", DAY, parent=10),
            Task(3, "Later", DAY),
        ],
        [Link(1, 2)],
    )
    phase = result.tasks[10]
    assert phase.summary
    assert (phase.early_start, phase.early_finish) == (at(1), at(3, 17))
    assert phase.duration == 3 * DAY
    assert phase.percent_complete == 33  # (2 days x 50 + 1 day x 0) / 3 days
    assert phase.total_float == 0 and phase.critical
    assert 10 not in result.critical_path
    assert result.tasks[3].total_float == 2 * DAY


def test_a_link_into_a_summary_holds_back_everything_inside() -> None:
    result = run(
        [
            Task(1, "Design", 2 * DAY),
            Task(10, "Build"),
            Task(11, "Frame", DAY, parent=10),
            Task(12, "Wire", 2 * DAY, parent=10),
        ],
        [Link(1, 10)],
    )
    assert dates(result, 11) == (at(3), at(3, 17))
    assert dates(result, 12) == (at(3), at(4, 17))
    assert dates(result, 10) == (at(3), at(4, 17))
    assert result.critical_path == (1, 12)
    assert result.tasks[11].total_float == DAY
    assert driving_path(result, 12) == (1, 12)


def test_a_link_out_of_a_summary_follows_its_rolled_up_finish() -> None:
    result = run(
        [
            Task(10, "Build"),
            Task(11, "Frame", DAY, parent=10),
            Task(12, "Wire", 2 * DAY, parent=10),
            Task(2, "Test", DAY),
            Task(3, "Review", DAY),
        ],
        [Link(10, 2), Link(10, 3, LinkType.SS, DAY)],
    )
    assert dates(result, 2) == (at(3), at(3, 17))
    assert dates(result, 3) == (at(2), at(2, 17))
    assert result.critical_path == (12, 2)
    assert result.tasks[11].total_float == DAY  # limited by the summary's late finish
    assert driving_path(result, 2) == (12, 2)


def test_a_summary_start_constraint_applies_to_its_members() -> None:
    result = run(
        [
            Task(10, "Phase", constraint=Constraint.SNET, constraint_date=at(8)),
            Task(11, "A", DAY, parent=10),
        ]
    )
    assert dates(result, 11) == (at(8), at(8, 17))


def test_finish_to_finish_into_a_summary_is_refused() -> None:
    with pytest.raises(ScheduleError) as raised:
        run(
            [Task(1, "Design", DAY), Task(10, "Build"), Task(11, "Frame", DAY, parent=10)],
            [Link(1, 10, LinkType.FF)],
        )
    assert "Design (UID 1) → Build (UID 10)" in str(raised.value)
    assert raised.value.problems[0].task == 10


def test_progress_against_the_status_date() -> None:
    result = run(
        [
            Task(1, "Done", 2 * DAY, actual_start=at(1), actual_finish=at(2, 17)),
            Task(2, "Going", 4 * DAY, actual_start=at(3), percent_complete=25),
            Task(3, "Not started", DAY),
            Task(4, "Said done", DAY, actual_start=at(1), percent_complete=100),
        ],
        [Link(1, 2)],
        status_date=at(3, 17),
    )
    assert dates(result, 1) == (at(1), at(2, 17))
    assert not result.tasks[1].critical
    assert result.tasks[1].total_float == 0
    # A day done by the status date; three remain from Thursday.
    assert dates(result, 2) == (at(3), at(8, 17))
    assert result.tasks[2].start == at(3)
    assert dates(result, 3) == (at(4), at(4, 17))
    assert dates(result, 4) == (at(1), at(1, 17))
    assert result.critical_path == (2,)


def test_remaining_work_waits_for_the_status_date_even_when_started_early() -> None:
    result = run(
        [Task(1, "Going", 2 * DAY, actual_start=at(1), percent_complete=50)],
        status_date=at(5, 12),
    )
    assert dates(result, 1) == (at(1), at(8, 12))


def test_a_manual_task_keeps_its_start_and_still_drives_successors() -> None:
    result = run(
        [
            Task(1, "A", 2 * DAY),
            Task(2, "Manual", DAY, manual=True, start=at(8)),
            Task(3, "C", DAY),
        ],
        [Link(1, 2), Link(2, 3)],
    )
    assert dates(result, 2) == (at(8), at(8, 17))
    assert dates(result, 3) == (at(9), at(9, 17))


def test_free_float_is_the_slack_before_any_successor_moves() -> None:
    result = run(
        [Task(1, "A", DAY), Task(2, "B", 3 * DAY), Task(3, "C", DAY), Task(4, "D", DAY)],
        [Link(1, 3), Link(2, 4), Link(3, 4)],
    )
    assert result.tasks[1].free_float == 0
    assert result.tasks[3].free_float == DAY
    assert result.tasks[1].total_float == result.tasks[3].total_float == DAY
    assert result.tasks[4].free_float == 0


def test_driving_path_follows_the_links_that_leave_no_slack() -> None:
    result = run(
        [Task(1, "A", DAY), Task(2, "B short", DAY), Task(3, "C long", 2 * DAY), Task(4, "D", DAY)],
        [Link(1, 2), Link(1, 3), Link(2, 4), Link(3, 4)],
    )
    assert driving_path(result, 4) == (1, 3, 4)
    assert driving_path(result, 2) == (1, 2)
    assert driving_path(result, 1) == (1,)


def test_a_dependency_loop_names_its_tasks_in_link_order() -> None:
    with pytest.raises(DependencyLoop) as raised:
        run(
            [Task(1, "Start", DAY), Task(2, "A", DAY), Task(3, "B", DAY), Task(4, "C", DAY)],
            [Link(1, 2), Link(2, 3), Link(3, 4), Link(4, 2)],
        )
    assert raised.value.cycle == (2, 3, 4)
    assert "A (UID 2) → B (UID 3) → C (UID 4) → A (UID 2)" in str(raised.value)


def test_a_summary_linked_to_its_own_member_is_a_loop() -> None:
    with pytest.raises(DependencyLoop) as raised:
        run([Task(10, "Phase"), Task(11, "A", DAY, parent=10)], [Link(10, 11)])
    assert set(raised.value.cycle) == {10, 11}


@pytest.mark.parametrize(
    ("tasks", "links", "message", "uid"),
    [
        ([Task(1, "A", DAY)], [Link(1, 99)], "successor UID 99 of A (UID 1) is not a task", 1),
        ([Task(1, "A", DAY)], [Link(1, 1)], "A (UID 1) is linked to itself", 1),
        ([Task(1, "A", DAY), Task(1, "B", DAY)], [], "B (UID 1): another task has", 1),
        ([Task(1, "A", DAY, parent=7)], [], "A (UID 1): its parent UID 7 is not a task", 1),
        (
            [Task(1, "A", DAY, parent=2), Task(2, "P")],
            [],
            "A (UID 1): its parent P (UID 2) must come before it",
            1,
        ),
        ([Task(1, "Gate", DAY, milestone=True)], [], "Gate (UID 1): a milestone has no", 1),
        (
            [Task(1, "A", DAY, actual_start=at(3), actual_finish=at(2))],
            [],
            "A (UID 1): the actual finish is before the actual start",
            1,
        ),
        (
            [Task(1, "A", DAY, actual_finish=at(2))],
            [],
            "A (UID 1): an actual finish needs an actual start",
            1,
        ),
        ([Task(1, "A", DAY, percent_complete=150)], [], "between 0 and 100, not 150", 1),
        (
            [Task(1, "A", DAY, constraint=Constraint.MSO)],
            [],
            "A (UID 1): the constraint MSO needs a date",
            1,
        ),
    ],
)
def test_faults_are_refused_naming_the_task(
    tasks: list[Task], links: list[Link], message: str, uid: int
) -> None:
    with pytest.raises(ScheduleError) as raised:
        run(tasks, links)
    assert message in str(raised.value)
    assert any(problem.task == uid for problem in raised.value.problems)


def test_every_fault_is_reported_at_once() -> None:
    with pytest.raises(ScheduleError) as raised:
        run(
            [Task(1, "A", DAY, percent_complete=-1), Task(2, "B", DAY, milestone=True)],
            [Link(1, 3)],
        )
    assert [problem.task for problem in raised.value.problems] == [1, 2, 1]


def test_same_input_same_output() -> None:
    tasks = [Task(uid, f"T{uid}", DAY * (uid % 3 + 1)) for uid in range(1, 30)]
    links = [Link(uid, uid + k) for uid in range(1, 25) for k in (1, 3) if uid + k < 30]
    first = run(tasks, links)
    assert run(tasks, links) == first
    assert run(list(reversed(tasks)), list(reversed(links))).tasks == first.tasks


def test_calendar_exceptions_move_the_schedule() -> None:
    from schedule.engine.model import CalendarException

    closure = CalendarException(date(2026, 6, 2), date(2026, 6, 2), name="Closure")
    result = run([Task(1, "A", 2 * DAY)], calendar=CalendarSpec(exceptions=(closure,)))
    assert dates(result, 1) == (at(1), at(3, 17))


def test_an_empty_project_runs_from_its_start() -> None:
    result = run([])
    assert result.start == result.finish == START
    assert result.critical_path == ()
