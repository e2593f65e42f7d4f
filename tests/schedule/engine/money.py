"""Results made by hand for the money tests: the scheduler does not place assignments yet.

Every leaf task starts at the project start (or at the date given for it) and lasts its
duration on its calendar; a summary spans its children; a work assignment starts with its
task (after its delay) and lasts its work at its units on its resource's calendar; material
and cost assignments take their task's dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from schedule.engine.calendar import WorkCalendar
from schedule.engine.model import (
    AssignmentTimes,
    CalendarSpec,
    Project,
    ResourceType,
    Result,
    TaskTimes,
)

DAY = 480
START = datetime(2026, 6, 1, 8, 0)  # a Monday


def _times(
    uid: int, start: datetime, finish: datetime, duration: int, summary: bool, percent: int = 0
) -> TaskTimes:
    return TaskTimes(
        uid=uid,
        start=start,
        finish=finish,
        early_start=start,
        early_finish=finish,
        late_start=start,
        late_finish=finish,
        total_float=0,
        free_float=0,
        critical=True,
        summary=summary,
        duration=duration,
        percent_complete=percent,
    )


def schedule(project: Project, starts: Mapping[int, datetime] | None = None) -> Result:
    starts = starts or {}
    calendars: dict[CalendarSpec, WorkCalendar] = {}

    def calendar(spec: CalendarSpec) -> WorkCalendar:
        if spec not in calendars:
            calendars[spec] = WorkCalendar(spec)
        return calendars[spec]

    parents = {task.parent for task in project.tasks if task.parent is not None}
    tasks: dict[int, TaskTimes] = {}
    for task in project.tasks:
        if task.uid in parents:
            continue
        spec = task.calendar or project.calendar
        cal = calendar(spec)
        begin = cal.to_minutes(starts.get(task.uid, project.start))
        start = cal.to_datetime(begin, finish=False)
        finish = cal.to_datetime(begin + task.duration, finish=True)
        if task.duration == 0:
            finish = start
        tasks[task.uid] = _times(
            task.uid, start, finish, task.duration, False, task.percent_complete
        )
    for task in reversed(project.tasks):
        if task.uid not in parents:
            continue
        children = [tasks[t.uid] for t in project.tasks if t.parent == task.uid]
        start = min(c.start for c in children)
        finish = max(c.finish for c in children)
        tasks[task.uid] = _times(task.uid, start, finish, 0, True)
    resources = {resource.uid: resource for resource in project.resources}
    assignments: dict[int, AssignmentTimes] = {}
    for assignment in project.assignments:
        resource = resources[assignment.resource]
        task_times = tasks[assignment.task]
        if resource.type is ResourceType.WORK:
            spec = resource.calendar or project.calendar
            cal = calendar(spec)
            begin = cal.to_minutes(task_times.start) + assignment.delay
            length = -(-assignment.work * 100 // max(1, assignment.units))
            start = cal.to_datetime(begin, finish=False)
            finish = cal.to_datetime(begin + length, finish=True) if length else start
        else:
            own = next(t.calendar for t in project.tasks if t.uid == assignment.task)
            spec = own or project.calendar
            start, finish, length = task_times.start, task_times.finish, 0
        assignments[assignment.uid] = AssignmentTimes(
            assignment.uid, assignment.task, assignment.resource, start, finish, spec, length
        )
    return Result(
        project=project,
        start=min(t.start for t in tasks.values()),
        finish=max(t.finish for t in tasks.values()),
        tasks=tasks,
        critical_path=(),
        assignments=assignments,
    )
