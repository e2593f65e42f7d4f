"""Task and link operations of a change request, applied to plain data (``apply_changes``),
and the dispatch of every operation (assignments and cost: ``assignments``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from schedule.choices import ChangeOp
from schedule.engine.calendar import working_day_edge
from schedule.engine.model import Constraint, LagUnit, Link, LinkType, Task
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.limits import (
    MAX_CHANGES,
    MAX_DURATION_DAYS,
    MAX_LAG_DAYS,
    MAX_NAME_LENGTH,
    MAX_UID,
    date_error,
    days_error,
)

from .assignments import ASSIGNMENT_OPS, AssignmentChanges, money
from .errors import ChangeError

TASK_EDITS = {
    "name",
    "duration_days",
    "milestone",
    "constraint",
    "constraint_date",
    "deadline",
    "fixed_cost",
}
LINK_FIELDS = {"type", "lag_days", "lag_unit"}
FINISH_CONSTRAINTS = {Constraint.FNET, Constraint.FNLT, Constraint.MFO}
#: The values an operation sends, in words, with the key an API client sent them under.
WHAT = {
    "constraint_date": "The constraint date (constraint_date)",
    "deadline": "The deadline (deadline)",
    "duration_days": "The duration (duration_days)",
    "lag_days": "The lag (lag_days)",
}

#: Why a date makes no sense for the program (``programs.limits.program_date_error``
#: bound to it), or None when it does.
DateCheck = Callable[[date | datetime, str], str | None]


def _when(
    value: Any,
    *,
    finish: bool,
    data: ScheduleData,
    where: str,
    key: str,
    date_check: DateCheck | None = None,
) -> datetime | None:
    """A date sent for ``key``: a date alone is the start (or the end) of that working day."""
    if value in (None, ""):
        return None
    moment: date | datetime
    try:
        if isinstance(value, date):
            moment = value.replace(tzinfo=None) if isinstance(value, datetime) else value
        elif "T" in str(value):
            moment = datetime.fromisoformat(str(value)).replace(tzinfo=None)
        else:
            moment = date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ChangeError([f"{where}: “{value}” is not a date (YYYY-MM-DD)."]) from None
    what = WHAT.get(key, key)
    problem = date_error(moment, what=what) or (date_check and date_check(moment, what))
    if problem:
        raise ChangeError([f"{where}: {problem}"])
    if isinstance(moment, datetime):
        return moment
    return working_day_edge(data.calendar, moment, finish=finish)


def _minutes(
    value: Any,
    data: ScheduleData,
    where: str,
    *,
    key: str = "duration_days",
    low: float = 0,
    high: float = MAX_DURATION_DAYS,
) -> int:
    """Days as working minutes, refused (naming ``key``) unless finite and in range."""
    problem = days_error(value, low=low, high=high, what=WHAT.get(key, key))
    if problem:
        raise ChangeError([f"{where}: {problem}"])
    return round(float(value) * data.minutes_per_day)


def _uid(value: Any, where: str, *, key: str = "uid") -> int:
    """A task UID as sent; 0 when missing (no task has it)."""
    if value in (None, ""):
        return 0
    try:
        uid = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ChangeError([f"{where}: {key} “{value}” is not a task UID."]) from None
    if not 0 <= uid <= MAX_UID:
        raise ChangeError([f"{where}: {key} is a task UID between 1 and {MAX_UID:,}."])
    return uid


def _name(value: Any, where: str) -> str:
    name = str(value or "").strip()
    if len(name) > MAX_NAME_LENGTH:
        raise ChangeError(
            [f"{where}: name is at most {MAX_NAME_LENGTH} characters; this one has {len(name):,}."]
        )
    return name


def _descendants(records: list[TaskRecord], uid: int) -> set[int]:
    gone = {uid}
    for record in records:  # outline order: parents come before their children
        if record.task.parent in gone:
            gone.add(record.task.uid)
    return gone


def apply_changes(
    data: ScheduleData, ops: list[dict[str, Any]], *, date_check: DateCheck | None = None
) -> ScheduleData:
    """``data`` with ``ops`` applied, or ChangeError listing every problem found. A summary
    task's duration rolls up, so no change sets it; ``date_check`` refuses dates that make
    no sense for the program."""
    records = list(data.records)
    links = list(data.links)
    problems: list[str] = []
    next_uid = max((r.task.uid for r in records), default=0) + 1
    staffing = AssignmentChanges(data)
    if not ops:
        raise ChangeError(["A change request changes at least one thing."])
    if len(ops) > MAX_CHANGES:
        raise ChangeError([f"A change request makes at most {MAX_CHANGES} changes."])
    for number, op in enumerate(ops, start=1):
        where = f"Change {number}"
        try:
            kind = op.get("op") if isinstance(op, dict) else None
            by_uid = {r.task.uid: i for i, r in enumerate(records)}
            if kind == ChangeOp.UPDATE_TASK:
                uid = _uid(op.get("uid"), where)
                if uid not in by_uid:
                    raise ChangeError([f"{where}: there is no task with UID {uid}."])
                unknown = set(op) - TASK_EDITS - {"op", "uid"}
                if unknown:
                    raise ChangeError([f"{where}: {', '.join(sorted(unknown))} cannot change."])
                record = records[by_uid[uid]]
                task = record.task
                edits: dict[str, Any] = {}
                if "name" in op:
                    if not str(op["name"]).strip():
                        raise ChangeError([f"{where}: task UID {uid} needs a name."])
                    edits["name"] = _name(op["name"], where)
                if "duration_days" in op:
                    if any(r.task.parent == uid for r in records):
                        title = f"{record.wbs} {task.name}".strip()
                        raise ChangeError(
                            [
                                f"{where}: {title} is a summary task: its duration comes from "
                                "its tasks."
                            ]
                        )
                    edits["duration"] = _minutes(op["duration_days"], data, where)
                if "milestone" in op:
                    edits["milestone"] = bool(op["milestone"])
                if "fixed_cost" in op:
                    edits["fixed_cost"] = money(op["fixed_cost"], where, what="The fixed cost")
                if "constraint" in op:
                    try:
                        edits["constraint"] = Constraint(op["constraint"])
                    except ValueError:
                        raise ChangeError(
                            [f"{where}: “{op['constraint']}” is not a constraint."]
                        ) from None
                constraint = edits.get("constraint", task.constraint)
                if "constraint_date" in op:
                    edits["constraint_date"] = _when(
                        op["constraint_date"],
                        finish=constraint in FINISH_CONSTRAINTS,
                        data=data,
                        where=where,
                        key="constraint_date",
                        date_check=date_check,
                    )
                if "deadline" in op:
                    edits["deadline"] = _when(
                        op["deadline"],
                        finish=True,
                        data=data,
                        where=where,
                        key="deadline",
                        date_check=date_check,
                    )
                records[by_uid[uid]] = replace(record, task=replace(task, **edits))
                if "duration" in edits:
                    staffing.follow_duration(task, edits["duration"])
            elif kind == ChangeOp.ADD_TASK:
                name = _name(op.get("name"), where)
                if not name:
                    raise ChangeError([f"{where}: name the new task."])
                parent = _uid(op.get("parent_uid"), where, key="parent_uid") or None
                if parent is not None and parent not in by_uid:
                    raise ChangeError([f"{where}: there is no summary task with UID {parent}."])
                task = Task(
                    uid=next_uid,
                    name=name,
                    duration=_minutes(op.get("duration_days", 0), data, where),
                    milestone=bool(op.get("milestone", False)),
                    parent=parent,
                )
                level = 1 if parent is None else records[by_uid[parent]].outline_level + 1
                new = TaskRecord(task=task, outline_level=level)
                if parent is None:
                    records.append(new)
                else:
                    last = max(
                        i
                        for i, r in enumerate(records)
                        if r.task.uid in _descendants(records, parent)
                    )
                    records.insert(last + 1, new)
                next_uid += 1
            elif kind == ChangeOp.REMOVE_TASK:
                uid = _uid(op.get("uid"), where)
                if uid not in by_uid:
                    raise ChangeError([f"{where}: there is no task with UID {uid}."])
                gone = _descendants(records, uid)
                records = [r for r in records if r.task.uid not in gone]
                links = [
                    link
                    for link in links
                    if link.predecessor not in gone and link.successor not in gone
                ]
            elif kind in (ChangeOp.ADD_LINK, ChangeOp.UPDATE_LINK, ChangeOp.REMOVE_LINK):
                pred = _uid(op.get("predecessor"), where, key="predecessor")
                succ = _uid(op.get("successor"), where, key="successor")
                for uid in (pred, succ):
                    if uid not in by_uid:
                        raise ChangeError([f"{where}: there is no task with UID {uid}."])
                existing = next(
                    (
                        i
                        for i, lk in enumerate(links)
                        if (lk.predecessor, lk.successor) == (pred, succ)
                    ),
                    None,
                )
                if kind == ChangeOp.REMOVE_LINK:
                    if existing is None:
                        raise ChangeError([f"{where}: task {succ} does not depend on task {pred}."])
                    del links[existing]
                    continue
                if kind == ChangeOp.ADD_LINK and existing is not None:
                    raise ChangeError([f"{where}: task {succ} already depends on task {pred}."])
                if kind == ChangeOp.UPDATE_LINK and existing is None:
                    raise ChangeError([f"{where}: task {succ} does not depend on task {pred}."])
                lag = _minutes(
                    op.get("lag_days", 0),
                    data,
                    where,
                    key="lag_days",
                    low=-MAX_LAG_DAYS,
                    high=MAX_LAG_DAYS,
                )
                try:
                    link = Link(
                        predecessor=pred,
                        successor=succ,
                        type=LinkType(op.get("type", "FS")),
                        lag=lag,
                        lag_unit=LagUnit(op.get("lag_unit", "working")),
                    )
                except ValueError:
                    raise ChangeError(
                        [
                            f"{where}: the link type is FS, SS, FF or SF; the lag unit working or "
                            "elapsed."
                        ]
                    ) from None
                if existing is None:
                    links.append(link)
                else:
                    links[existing] = link
            elif kind in ASSIGNMENT_OPS:
                staffing.apply(kind, op, where, records)
            else:
                raise ChangeError(
                    [
                        f"{where}: choose a change: "
                        + ", ".join(f"{label} ({value})" for value, label in ChangeOp.choices)
                        + "."
                    ]
                )
        except ChangeError as error:
            problems.extend(error.problems)
    if problems:
        raise ChangeError(problems)
    summaries = {r.task.parent for r in records if r.task.parent is not None}
    for record in records:
        if record.task.uid in summaries and record.task.milestone:
            problems.append(f"Task UID {record.task.uid} has tasks under it: it is no milestone.")
    if problems:
        raise ChangeError(problems)
    assignments = staffing.kept({r.task.uid for r in records})
    if (
        tuple(records) == tuple(data.records)
        and tuple(links) == tuple(data.links)
        and assignments == tuple(data.assignments)
    ):
        raise ChangeError(
            [
                "This change request changes nothing: every task, link and assignment it names "
                "stays as it is (same names, durations, dates, logic, people and cost)."
            ]
        )
    return replace(data, records=tuple(records), links=tuple(links), assignments=assignments)
