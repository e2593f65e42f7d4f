"""Reading a Microsoft Project XML file into ``ScheduleData``: the project, its tasks with
their outline, constraints, baseline and custom fields, and the dependencies between them."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import Element

from schedule.engine.model import CalendarSpec, Constraint, LagUnit, Link, Task, TaskType
from schedule.interchange.data import AssignmentRecord, FileValues, ScheduleData, TaskRecord
from schedule.interchange.errors import FileProblem, InterchangeError
from schedule.interchange.mspdi.formats import (
    CONSTRAINT_CODES,
    CONSTRAINT_NAMES,
    ELAPSED_FORMATS,
    LAG_FORMAT_DAYS,
    LINK_CODES,
    PERCENT_FORMATS,
    TASK_TYPE_CODES,
)
from schedule.interchange.mspdi.parse import Lines, at, collector_paused, parse_project
from schedule.interchange.mspdi.resources import RESOURCE_ALIASES, ResourceReader


def read_mspdi(data: bytes, *, source: str = "") -> ScheduleData:
    """The schedule in a Microsoft Project XML file; ``InterchangeError`` lists every problem
    found, each with its line, task UID and element."""
    with collector_paused():
        root, lines = parse_project(data, source)
        return _Reader(source, lines).read(root)


class _Reader(ResourceReader):
    """One pass over the tree, collecting every problem instead of stopping at the first."""

    def __init__(self, source: str, lines: Lines) -> None:
        super().__init__(source, lines)
        #: Custom field IDs whose alias says what they carry (owner party, responsible
        #: person, whom a resource stands for).
        self.custom_fields: dict[str, str] = {}
        #: Task UIDs left out (the project summary, null rows, inactive tasks).
        self.left_out_tasks: set[int] = set()
        #: Each task's ``ActualCost`` in dollars, kept until its assignments are known.
        self.task_actual_costs: dict[int, Decimal] = {}

    # The project ----------------------------------------------------------------------------

    def read(self, root: Element) -> ScheduleData:
        owner = "project"
        title = self.text(root, "Title")
        name = title or self.text(root, "Name")
        start = self.moment(root, "StartDate", "")
        status_date = self.moment(root, "StatusDate", "")
        minutes_per_day = self.integer(root, "MinutesPerDay", "") or 480
        minutes_per_week = self.integer(root, "MinutesPerWeek", "") or minutes_per_day * 5
        slack_limit = self.integer(root, "CriticalSlackLimit", "") or 0
        calendar = self.read_calendar(root, self.integer(root, "CalendarUID", ""))
        definitions = root.find("ExtendedAttributes")
        for definition in (
            definitions.findall("ExtendedAttribute") if definitions is not None else []
        ):
            alias = (self.text(definition, "Alias") or "").casefold()
            field_id = self.text(definition, "FieldID")
            if field_id and alias in {"owner party", "responsible", *RESOURCE_ALIASES}:
                self.custom_fields[field_id] = alias

        tasks_element = root.find("Tasks")
        task_elements = list(tasks_element.iter("Task")) if tasks_element is not None else []
        summary_name = None
        for element in task_elements[:1]:
            if self.text(element, "UID") == "0":
                summary_name = self.text(element, "Name")
        records, links = self.read_tasks(task_elements)
        resources = self.read_resources(root, calendar)
        assignments = self.read_assignments(
            root,
            {r.task.uid for r in records},
            self.left_out_tasks,
            {r.resource.uid: r.resource for r in resources},
        )
        records = self.with_actual_costs(records, assignments)

        if start is None:
            starts = [r.task.start or r.file_values.start for r in records]
            known = [s for s in starts if s is not None]
            if known:
                start = min(known)
            else:
                self.problems.append(
                    FileProblem(
                        f"line {self.line(root)} <Project>",
                        "the project has no <StartDate>; set the project start date in "
                        "Microsoft Project (Project > Project Information) and save again",
                    )
                )
        del owner
        if self.problems or start is None:
            raise InterchangeError(self.problems, source=self.source)
        return ScheduleData(
            name=name or summary_name or self.source or "Imported schedule",
            start=start,
            records=tuple(records),
            links=tuple(links),
            calendar=calendar,
            status_date=status_date,
            critical_float=slack_limit * minutes_per_day,
            minutes_per_day=minutes_per_day,
            minutes_per_week=minutes_per_week,
            resources=tuple(resources),
            assignments=tuple(assignments),
        )

    def with_actual_costs(
        self, records: list[TaskRecord], assignments: list[AssignmentRecord]
    ) -> list[TaskRecord]:
        """A task's ``ActualCost`` is taken as entered only when the task has no assignments
        and it is not zero: with assignments, Project sums theirs (which the assignments
        carry), and it writes 0 for every task not started."""
        assigned = {a.assignment.task for a in assignments}
        result = []
        for record in records:
            cost = self.task_actual_costs.get(record.task.uid)
            if cost and record.task.uid not in assigned:
                task = dataclasses.replace(record.task, actual_cost=cost)
                record = dataclasses.replace(record, task=task)
            result.append(record)
        return result

    # Tasks ----------------------------------------------------------------------------------

    def read_tasks(self, elements: list[Element]) -> tuple[list[TaskRecord], list[Link]]:
        @dataclass
        class Row:
            uid: int
            level: int
            element: Element
            owner: str

        rows: list[Row] = []
        seen: dict[int, Element] = {}
        left_out = self.left_out_tasks
        skip_below: int | None = None  # outline level of an inactive task being skipped
        for element in elements:
            raw_uid = self.text(element, "UID")
            task_id = self.text(element, "ID")
            task_name = self.text(element, "Name")
            if raw_uid is None:
                described = ", ".join(
                    p
                    for p in (
                        f"ID {task_id}" if task_id else "",
                        f"'{task_name}'" if task_name else "",
                    )
                    if p
                )
                self.problem(
                    element,
                    "",
                    f"a task{f' ({described})' if described else ''} has no <UID>; every task "
                    "needs its unique ID",
                )
                continue
            try:
                uid = int(raw_uid)
            except ValueError:
                child = element.find("UID")
                self.problem(
                    child if child is not None else element,
                    "Task",
                    f"'{raw_uid}' is not a task unique ID (a whole number)",
                )
                continue
            owner = f"Task UID {uid}"
            if uid == 0:
                left_out.add(uid)
                continue
            if self.flag(element, "IsNull", owner):
                left_out.add(uid)
                continue
            level = self.integer(element, "OutlineLevel", owner)
            level = 1 if level is None else level
            if skip_below is not None:
                if level > skip_below:
                    left_out.add(uid)
                    continue
                skip_below = None
            if self.flag(element, "Active", owner) is False:
                left_out.add(uid)
                skip_below = level
                continue
            if uid in seen:
                self.problem(
                    element,
                    owner,
                    f"UID {uid} is used by another task too (line "
                    f"{self.line(seen[uid])}); unique IDs must be unique",
                )
                continue
            seen[uid] = element
            rows.append(Row(uid, level, element, owner))

        shift = 1 - min((r.level for r in rows), default=1)
        parents: dict[int, int | None] = {}
        stack: list[tuple[int, int]] = []  # (level, uid) of the open summary chain
        previous_level = 0
        for row in rows:
            row.level += shift
            if row.level > previous_level + 1:
                above = f" (UID {stack[-1][1]})" if stack else ""
                self.problem(
                    at(row.element, "OutlineLevel"),
                    row.owner,
                    f"outline level {row.level} follows a task at level {previous_level}"
                    f"{above}; a task can be at most one level below the task above it",
                )
            while stack and stack[-1][0] >= row.level:
                stack.pop()
            parents[row.uid] = stack[-1][1] if stack else None
            stack.append((row.level, row.uid))
            previous_level = row.level

        records: list[TaskRecord] = []
        durations: dict[int, int] = {}
        pending_links: list[tuple[Element, str, int]] = []
        for row in rows:
            record = self.read_task(row.element, row.owner, row.uid, row.level, parents[row.uid])
            records.append(record)
            durations[row.uid] = record.task.duration
            for link_element in row.element.findall("PredecessorLink"):
                pending_links.append((link_element, row.owner, row.uid))

        links: list[Link] = []
        for link_element, owner, successor in pending_links:
            link = self.read_link(link_element, owner, successor, durations, left_out)
            if link is not None:
                links.append(link)
        return records, links

    def read_task(
        self, element: Element, owner: str, uid: int, level: int, parent: int | None
    ) -> TaskRecord:
        duration = self.minutes(element, "Duration", owner)
        if duration is None:
            duration = 0
        elif duration < 0:
            self.problem(at(element, "Duration"), owner, "a duration cannot be negative")
            duration = 0
        milestone = bool(self.flag(element, "Milestone", owner)) and duration == 0
        manual = bool(self.flag(element, "Manual", owner))
        start = self.moment(element, "Start", owner)
        manual_start = self.moment(element, "ManualStart", owner)

        constraint = Constraint.ASAP
        constraint_date = None
        code = self.integer(element, "ConstraintType", owner)
        if code is not None:
            if code not in CONSTRAINT_CODES:
                self.problem(
                    at(element, "ConstraintType"),
                    owner,
                    f"constraint type {code} is not one of 0 to 7",
                )
            else:
                constraint = CONSTRAINT_CODES[code]
        if constraint not in {Constraint.ASAP, Constraint.ALAP}:
            constraint_date = self.moment(element, "ConstraintDate", owner, placeholder=True)
            if constraint_date is None:
                self.problem(
                    at(element, "ConstraintType"),
                    owner,
                    f"the constraint '{CONSTRAINT_NAMES[constraint]}' needs a <ConstraintDate>",
                )
                constraint = Constraint.ASAP

        percent = self.integer(element, "PercentComplete", owner) or 0
        if not 0 <= percent <= 100:
            self.problem(
                at(element, "PercentComplete"),
                owner,
                f"percent complete {percent} is not between 0 and 100",
            )
            percent = max(0, min(100, percent))

        baseline_start = baseline_finish = None
        baseline_duration = baseline_work = None
        baseline_cost = None
        for baseline in element.findall("Baseline"):
            if self.integer(baseline, "Number", owner) == 0:
                baseline_start = self.moment(baseline, "Start", owner)
                baseline_finish = self.moment(baseline, "Finish", owner)
                baseline_duration = self.minutes(baseline, "Duration", owner)
                baseline_work = self.work(baseline, "Work", owner)
                baseline_cost = self.money(baseline, "Cost", owner)
        actual_cost = self.money(element, "ActualCost", owner)
        if actual_cost:
            self.task_actual_costs[uid] = actual_cost
        fixed_cost = self.money(element, "FixedCost", owner) or Decimal(0)

        task = Task(
            uid=uid,
            name=self.text(element, "Name") or "",
            duration=duration,
            milestone=milestone,
            parent=parent,
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=self.moment(element, "Deadline", owner, placeholder=True),
            actual_start=self.moment(element, "ActualStart", owner, placeholder=True),
            actual_finish=self.moment(element, "ActualFinish", owner, placeholder=True),
            percent_complete=percent,
            manual=manual,
            start=(manual_start or start) if manual else None,
            calendar=self.task_calendar(element, owner),
            ignore_resource_calendars=bool(self.flag(element, "IgnoreResourceCalendar", owner)),
            type=self.task_type(element, owner),
            effort_driven=bool(self.flag(element, "EffortDriven", owner)),
            fixed_cost=fixed_cost,
        )
        custom: dict[str, str] = {}
        if self.custom_fields:
            for attribute in element.findall("ExtendedAttribute"):
                alias = self.custom_fields.get(self.text(attribute, "FieldID") or "")
                if alias:
                    custom[alias] = self.text(attribute, "Value") or ""
        critical = self.flag(element, "Critical", owner)
        values = FileValues(
            start=start,
            finish=self.moment(element, "Finish", owner),
            early_start=self.moment(element, "EarlyStart", owner),
            early_finish=self.moment(element, "EarlyFinish", owner),
            late_start=self.moment(element, "LateStart", owner),
            late_finish=self.moment(element, "LateFinish", owner),
            total_slack=self.tenths(element, "TotalSlack", owner),
            free_slack=self.tenths(element, "FreeSlack", owner),
            critical=critical,
        )
        return TaskRecord(
            task=task,
            wbs=self.text(element, "WBS") or "",
            outline_level=level,
            notes=(element.findtext("Notes") or "").strip(),
            owner_party=custom.get("owner party", ""),
            responsible=custom.get("responsible", ""),
            baseline_start=baseline_start,
            baseline_finish=baseline_finish,
            baseline_duration=baseline_duration,
            baseline_work=baseline_work,
            baseline_cost=baseline_cost,
            file_values=values,
        )

    def task_calendar(self, element: Element, owner: str) -> CalendarSpec | None:
        """The task's own calendar; -1 (none) or a UID that names no calendar is None."""
        uid = self.integer(element, "CalendarUID", owner)
        return None if uid is None or uid < 0 else self.calendar_by_uid(uid)

    def task_type(self, element: Element, owner: str) -> TaskType:
        code = self.integer(element, "Type", owner)
        if code is None:
            return TaskType.FIXED_UNITS
        if code not in TASK_TYPE_CODES:
            self.problem(
                at(element, "Type"),
                owner,
                f"task type {code} is not 0 (fixed units), 1 (fixed duration) or 2 (fixed work)",
            )
            return TaskType.FIXED_UNITS
        return TASK_TYPE_CODES[code]

    def read_link(
        self,
        element: Element,
        owner: str,
        successor: int,
        durations: dict[int, int],
        left_out: set[int],
    ) -> Link | None:
        predecessor = self.integer(element, "PredecessorUID", owner)
        if predecessor is None:
            self.problem(element, owner, "a dependency has no <PredecessorUID>")
            return None
        if predecessor in left_out:
            return None
        if predecessor not in durations:
            self.problem(
                at(element, "PredecessorUID"),
                owner,
                f"predecessor UID {predecessor} names no task in the file",
            )
            return None
        if self.flag(element, "CrossProject", owner):
            return None  # a task in another project: the file does not carry its dates
        if predecessor == successor:
            self.problem(element, owner, "a task cannot be its own predecessor")
            return None
        code = self.integer(element, "Type", owner)
        if code is None:
            code = 1
        if code not in LINK_CODES:
            self.problem(
                at(element, "Type"),
                owner,
                f"dependency type {code} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)",
            )
            return None
        lag_format = self.integer(element, "LagFormat", owner) or LAG_FORMAT_DAYS
        unit = LagUnit.ELAPSED if lag_format in ELAPSED_FORMATS else LagUnit.WORKING
        if lag_format in PERCENT_FORMATS:
            percent = self.integer(element, "LinkLag", owner) or 0
            lag = math.floor(durations[predecessor] * percent / 100 + 0.5)
        else:
            lag = self.tenths(element, "LinkLag", owner) or 0
        return Link(predecessor, successor, LINK_CODES[code], lag, unit)
