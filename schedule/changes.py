"""What a change request does to a schedule, worked out on plain data before anyone decides:
its operations are checked against the schedule (each problem names the change and the task),
applied to a copy, and both copies computed, so the impact on the finish date and the critical
path is known before approval.

An operation is a dict with ``op`` (``schedule.choices.ChangeOp``) and, by op:
- ``update_task``: ``uid`` and any of ``name``, ``duration_days``, ``milestone``,
  ``constraint`` (a ``Constraint`` value), ``constraint_date``, ``deadline`` (ISO dates);
- ``add_task``: ``name``, ``duration_days``, optional ``parent_uid``, ``milestone``;
- ``remove_task``: ``uid`` (a summary task goes with everything under it);
- ``add_link`` / ``update_link``: ``predecessor``, ``successor``, ``type``, ``lag_days``,
  ``lag_unit``; ``remove_link``: ``predecessor``, ``successor``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from schedule.engine.calendar import working_day_edge
from schedule.engine.cpm import compute
from schedule.engine.errors import ScheduleError
from schedule.engine.model import Constraint, LagUnit, Link, LinkType, Result, Task
from schedule.interchange.data import ScheduleData, TaskRecord

from .choices import ChangeOp
from .limits import (
    MAX_CHANGES,
    MAX_DURATION_DAYS,
    MAX_LAG_DAYS,
    MAX_NAME_LENGTH,
    MAX_UID,
    date_error,
    days_error,
)

TASK_EDITS = {"name", "duration_days", "milestone", "constraint", "constraint_date", "deadline"}
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


class ChangeError(ValueError):
    """The operations cannot be applied; ``problems`` name the change (1-based) and the task."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class Impact:
    finish_before: datetime
    finish_after: datetime
    finish_delta_days: float
    critical_added: tuple[int, ...]
    critical_removed: tuple[int, ...]
    #: (uid, name, finish before, finish after, working days moved), largest moves first.
    moved: tuple[tuple[int, str, datetime | None, datetime | None, float], ...]

    def as_json(self, names: dict[int, str]) -> dict[str, Any]:
        return {
            "finish_before": self.finish_before.isoformat(),
            "finish_after": self.finish_after.isoformat(),
            "finish_delta_days": self.finish_delta_days,
            "critical_added": [{"uid": u, "name": names.get(u, "")} for u in self.critical_added],
            "critical_removed": [
                {"uid": u, "name": names.get(u, "")} for u in self.critical_removed
            ],
            "moved": [
                {
                    "uid": uid,
                    "name": name,
                    "finish_before": before.isoformat() if before else None,
                    "finish_after": after.isoformat() if after else None,
                    "delta_days": delta,
                }
                for uid, name, before, after, delta in self.moved
            ],
        }


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
    if tuple(records) == tuple(data.records) and tuple(links) == tuple(data.links):
        raise ChangeError(
            [
                "This change request changes nothing: every task and link it names stays as "
                "it is (same names, durations, dates and logic)."
            ]
        )
    return replace(data, records=tuple(records), links=tuple(links))


def assess_impact(
    data: ScheduleData, ops: list[dict[str, Any]], *, date_check: DateCheck | None = None
) -> tuple[ScheduleData, Impact]:
    """Apply ``ops`` to a copy and compare the computed schedules."""
    changed = apply_changes(data, ops, date_check=date_check)
    try:
        before = compute(data.to_project())
    except ScheduleError as error:
        raise ChangeError([f"The schedule as it stands cannot be computed: {error}"]) from error
    try:
        after = compute(changed.to_project())
    except ScheduleError as error:
        raise ChangeError(
            [f"With these changes the schedule cannot be computed: {error}"]
        ) from error
    names = {r.task.uid: r.task.name for r in (*data.records, *changed.records)}
    return changed, _impact(before, after, data.minutes_per_day, names)


def _critical(result: Result) -> set[int]:
    return set(result.critical_path)


def _impact(before: Result, after: Result, minutes_per_day: int, names: dict[int, str]) -> Impact:
    from schedule.engine.calendar import WorkCalendar

    calendar = WorkCalendar(after.project.calendar)

    def days(a: datetime, b: datetime) -> float:
        return round((calendar.to_minutes(b) - calendar.to_minutes(a)) / minutes_per_day, 2)

    moved = []
    for uid, times in after.tasks.items():
        old = before.tasks.get(uid)
        if old is None or times.summary:
            continue
        if old.finish != times.finish:
            moved.append(
                (uid, names.get(uid, ""), old.finish, times.finish, days(old.finish, times.finish))
            )
    moved.sort(key=lambda m: (-abs(m[4]), m[0]))
    return Impact(
        finish_before=before.finish,
        finish_after=after.finish,
        finish_delta_days=days(before.finish, after.finish),
        critical_added=tuple(sorted(_critical(after) - _critical(before))),
        critical_removed=tuple(sorted(_critical(before) - _critical(after))),
        moved=tuple(moved[:25]),
    )
