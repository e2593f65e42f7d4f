"""Assignment operations of a change request: who works on a task, how much, at what cost.

- ``add_assignment``: ``task_uid``, ``resource_uid``, optional ``units`` (percent, 100 by
  default) and ``work_hours`` (by default the task's duration at those units);
- ``update_assignment``: ``uid`` and any of ``units``, ``work_hours``;
- ``remove_assignment``: ``uid``.

Units and work keep Microsoft Project's meaning: on a fixed-units or fixed-work task the
assignment lasts its work over its units, so changing units moves the finish; on a
fixed-duration task a change of units changes the work instead.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from schedule.choices import ChangeOp
from schedule.engine.model import Assignment, ResourceType, Task, TaskType
from schedule.interchange.data import AssignmentRecord, ScheduleData, TaskRecord

from .errors import ChangeError

ASSIGNMENT_OPS = {ChangeOp.ADD_ASSIGNMENT, ChangeOp.UPDATE_ASSIGNMENT, ChangeOp.REMOVE_ASSIGNMENT}
ASSIGNMENT_EDITS = {"units", "work_hours"}
#: Units above this are a typing error, not a team (100 people full time is 10,000 %).
MAX_UNITS = 100_000
MAX_WORK_HOURS = 1_000_000
MAX_MONEY = Decimal("999999999999.99")


def money(value: Any, where: str, *, what: str) -> Decimal:
    """Dollars as sent, refused (naming ``what``) unless a finite amount from 0 up to the
    limit, in cents."""
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("$"))
    except (InvalidOperation, ValueError):
        raise ChangeError([f"{where}: {what} “{value}” is not an amount of dollars."]) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_MONEY:
        raise ChangeError([f"{where}: {what} is between $0 and ${MAX_MONEY:,}."])
    return amount.quantize(Decimal("0.01"))


def _whole(value: Any, where: str, *, what: str, high: int) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ChangeError([f"{where}: {what} “{value}” is not a number."]) from None
    if not math.isfinite(number) or not 0 <= number <= high:
        raise ChangeError([f"{where}: {what} is between 0 and {high:,}."])
    return round(number)


def _uid(value: Any, where: str, key: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise ChangeError([f"{where}: {key} “{value}” is not a UID."]) from None


class AssignmentChanges:
    """The schedule's assignments as the operations leave them, checked one by one."""

    def __init__(self, data: ScheduleData) -> None:
        self.data = data
        self.records: dict[int, AssignmentRecord] = {a.assignment.uid: a for a in data.assignments}
        self.resources = {r.resource.uid: r for r in data.resources}
        self.next_uid = max(self.records, default=0) + 1

    def kept(self, task_uids: set[int]) -> tuple[AssignmentRecord, ...]:
        """The assignments left, in UID order, without those of removed tasks."""
        return tuple(
            record
            for uid, record in sorted(self.records.items())
            if record.assignment.task in task_uids
        )

    def _task(self, records: list[TaskRecord], uid: int, where: str) -> TaskRecord:
        found = next((r for r in records if r.task.uid == uid), None)
        if found is None:
            raise ChangeError([f"{where}: there is no task with UID {uid}."])
        if any(r.task.parent == uid for r in records):
            raise ChangeError(
                [
                    f"{where}: {found.wbs} {found.task.name} is a summary task: people are "
                    "assigned to the tasks under it.".replace("  ", " ")
                ]
            )
        return found

    def _work(self, record: TaskRecord, op: dict[str, Any], units: int, where: str) -> int:
        if "work_hours" in op:
            return 60 * _whole(
                op["work_hours"], where, what="The work (hours)", high=MAX_WORK_HOURS
            )
        return (record.task.duration * units + 50) // 100

    def follow_duration(self, task: Task, duration: int) -> None:
        """A new duration for a task with people on it, as Microsoft Project takes it: on a
        fixed-work task their units change to fit the work in it; otherwise their work does
        (duration x units), so the duration asked for is the one scheduled."""
        for uid, record in list(self.records.items()):
            a = record.assignment
            resource = self.resources.get(a.resource)
            if a.task != task.uid or resource is None:
                continue
            if resource.resource.type is not ResourceType.WORK or not a.units:
                continue
            if task.type is TaskType.FIXED_WORK and duration > 0:
                changed = replace(a, units=max(1, (a.work * 100 + duration // 2) // duration))
            else:
                changed = replace(a, work=(duration * a.units + 50) // 100)
            self.records[uid] = replace(record, assignment=changed)

    def apply(self, kind: str, op: dict[str, Any], where: str, records: list[TaskRecord]) -> None:
        if kind == ChangeOp.ADD_ASSIGNMENT:
            self._add(op, where, records)
        elif kind == ChangeOp.UPDATE_ASSIGNMENT:
            self._update(op, where, records)
        else:
            uid = _uid(op.get("uid"), where, "uid")
            if uid not in self.records:
                raise ChangeError([f"{where}: there is no assignment with UID {uid}."])
            del self.records[uid]

    def _add(self, op: dict[str, Any], where: str, records: list[TaskRecord]) -> None:
        unknown = set(op) - {"op", "task_uid", "resource_uid", *ASSIGNMENT_EDITS}
        if unknown:
            raise ChangeError([f"{where}: {', '.join(sorted(unknown))} cannot be set."])
        record = self._task(records, _uid(op.get("task_uid"), where, "task_uid"), where)
        resource_uid = _uid(op.get("resource_uid"), where, "resource_uid")
        resource = self.resources.get(resource_uid)
        if resource is None:
            raise ChangeError(
                [f"{where}: there is no resource with UID {resource_uid} in this schedule."]
            )
        if any(
            a.assignment.task == record.task.uid and a.assignment.resource == resource_uid
            for a in self.records.values()
        ):
            raise ChangeError(
                [
                    f"{where}: {resource.resource.name} is already assigned to "
                    f"{record.task.name} (UID {record.task.uid})."
                ]
            )
        units = _whole(op.get("units", 100), where, what="The units (%)", high=MAX_UNITS)
        work = self._work(record, op, units, where)
        if resource.resource.type is not ResourceType.WORK:
            units, work = 100, 0
        assignment = Assignment(
            uid=self.next_uid, task=record.task.uid, resource=resource_uid, units=units, work=work
        )
        self.records[self.next_uid] = AssignmentRecord(assignment)
        self.next_uid += 1

    def _update(self, op: dict[str, Any], where: str, records: list[TaskRecord]) -> None:
        uid = _uid(op.get("uid"), where, "uid")
        found = self.records.get(uid)
        if found is None:
            raise ChangeError([f"{where}: there is no assignment with UID {uid}."])
        unknown = set(op) - {"op", "uid", *ASSIGNMENT_EDITS}
        if unknown:
            raise ChangeError([f"{where}: {', '.join(sorted(unknown))} cannot change."])
        assignment = found.assignment
        record = self._task(records, assignment.task, where)
        units = assignment.units
        if "units" in op:
            units = _whole(op["units"], where, what="The units (%)", high=MAX_UNITS)
        if "work_hours" in op:
            work = self._work(record, op, units, where)
        elif record.task.type is TaskType.FIXED_DURATION:
            work = (record.task.duration * units + 50) // 100
        else:
            work = assignment.work
        changed = replace(assignment, units=units, work=work)
        self.records[uid] = replace(found, assignment=changed)
