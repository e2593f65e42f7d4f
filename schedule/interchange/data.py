"""A schedule as files carry it: the engine's input plus what people read (WBS, names, notes,
owner party, responsible person, baseline dates) and, for files saved by a scheduling tool, the
values that tool computed, so the engine can be checked against them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from schedule.engine.model import Assignment, CalendarSpec, Link, Project, Resource, Task


@dataclass(frozen=True, slots=True)
class FileValues:
    """What the tool that wrote the file computed for a task (minutes are working minutes)."""

    start: datetime | None = None
    finish: datetime | None = None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_slack: int | None = None
    free_slack: int | None = None
    critical: bool | None = None


@dataclass(frozen=True, slots=True)
class TaskRecord:
    task: Task
    wbs: str = ""
    outline_level: int = 1
    notes: str = ""
    #: "customer", "provider" or "shared"; "" when the file does not say.
    owner_party: str = ""
    #: The responsible person as the file names them (a name or an email address).
    responsible: str = ""
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    baseline_duration: int | None = None  # working minutes
    baseline_work: int | None = None  # working minutes
    baseline_cost: Decimal | None = None
    file_values: FileValues = field(default_factory=FileValues)


@dataclass(frozen=True, slots=True)
class ResourceRecord:
    resource: Resource
    #: "customer", "provider" or "shared"; "" when the file does not say.
    owner_party: str = ""
    #: The member (a name or an email address) or the role the resource stands for.
    stands_for: str = ""
    initials: str = ""
    group: str = ""


@dataclass(frozen=True, slots=True)
class AssignmentFileValues:
    """What the tool that wrote the file computed for an assignment."""

    start: datetime | None = None
    finish: datetime | None = None
    cost: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    assignment: Assignment
    baseline_work: int | None = None  # working minutes
    baseline_cost: Decimal | None = None
    file_values: AssignmentFileValues = field(default_factory=AssignmentFileValues)


@dataclass(frozen=True, slots=True)
class ScheduleData:
    name: str
    start: datetime
    records: tuple[TaskRecord, ...]  # outline order: a summary task before its children
    links: tuple[Link, ...] = ()
    calendar: CalendarSpec = field(default_factory=CalendarSpec)
    status_date: datetime | None = None
    critical_float: int = 0  # working minutes
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    resources: tuple[ResourceRecord, ...] = ()
    assignments: tuple[AssignmentRecord, ...] = ()

    def to_project(self) -> Project:
        return Project(
            start=self.start,
            tasks=tuple(r.task for r in self.records),
            links=self.links,
            calendar=self.calendar,
            status_date=self.status_date,
            critical_float=self.critical_float,
            minutes_per_day=self.minutes_per_day,
            minutes_per_week=self.minutes_per_week,
            resources=tuple(r.resource for r in self.resources),
            assignments=tuple(a.assignment for a in self.assignments),
        )
