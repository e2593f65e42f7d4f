"""Writing ``ScheduleData`` (and, when given, the computed dates and float) as a Microsoft
Project XML file that Microsoft Project opens."""

from __future__ import annotations

from schedule.engine.model import LagUnit, Link, Result
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.interchange.mspdi.calendar_xml import calendar_xml
from schedule.interchange.mspdi.formats import (
    CONSTRAINT_NUMBERS,
    LAG_FORMAT_DAYS,
    LAG_FORMAT_ELAPSED_DAYS,
    LINK_NUMBERS,
    NAMESPACE,
    OWNER_PARTY_FIELD,
    RESOURCE_OWNER_PARTY_FIELD,
    RESPONSIBLE_FIELD,
    STANDS_FOR_FIELD,
    TASK_TYPE_NUMBERS,
    format_cents,
    format_datetime,
    format_duration,
    xml_text,
)
from schedule.interchange.mspdi.resource_xml import assignments_xml, plan_calendars, resources_xml


def _outline_numbers(records: tuple[TaskRecord, ...]) -> dict[int, str]:
    numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for record in records:
        parent = record.task.parent
        counters[parent] = counters.get(parent, 0) + 1
        prefix = f"{numbers[parent]}." if parent is not None and parent in numbers else ""
        numbers[record.task.uid] = f"{prefix}{counters[parent]}"
    return numbers


def write_mspdi(data: ScheduleData, result: Result | None = None) -> bytes:
    """The schedule as Microsoft Project XML; with ``result``, the computed dates, float and
    criticality too (Microsoft Project recalculates on open either way)."""
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<Project xmlns="{NAMESPACE}">',
        "<SaveVersion>14</SaveVersion>",
        f"<Name>{xml_text(data.name)}</Name><Title>{xml_text(data.name)}</Title>",
        "<ScheduleFromStart>1</ScheduleFromStart>",
        f"<StartDate>{format_datetime(data.start)}</StartDate>",
    ]
    if result is not None:
        out.append(f"<FinishDate>{format_datetime(result.finish)}</FinishDate>")
    slack_days = round(data.critical_float / data.minutes_per_day) if data.minutes_per_day else 0
    out += [
        f"<CriticalSlackLimit>{slack_days}</CriticalSlackLimit>",
        "<CalendarUID>1</CalendarUID>",
        f"<MinutesPerDay>{data.minutes_per_day}</MinutesPerDay>",
        f"<MinutesPerWeek>{data.minutes_per_week}</MinutesPerWeek>",
        "<DaysPerMonth>20</DaysPerMonth>",
        "<DurationFormat>7</DurationFormat>",
        "<HonorConstraints>0</HonorConstraints>",
    ]
    if data.status_date is not None:
        out.append(f"<StatusDate>{format_datetime(data.status_date)}</StatusDate>")
    out.append("<NewTasksAreManual>0</NewTasksAreManual>")
    out.append("<ExtendedAttributes>")
    for field_id, field_name, alias in (
        OWNER_PARTY_FIELD,
        RESPONSIBLE_FIELD,
        RESOURCE_OWNER_PARTY_FIELD,
        STANDS_FOR_FIELD,
    ):
        out.append(
            f"<ExtendedAttribute><FieldID>{field_id}</FieldID><FieldName>{field_name}</FieldName>"
            f"<Alias>{alias}</Alias></ExtendedAttribute>"
        )
    out.append("</ExtendedAttributes>")
    last = result.finish if result is not None else data.start
    years = range(data.start.year - 1, last.year + 3)
    plan = plan_calendars(data, years)
    out.append(calendar_xml(data.calendar, years, *plan.elements))

    parents = {r.task.parent for r in data.records if r.task.parent is not None}
    outline = _outline_numbers(data.records)
    predecessors: dict[int, list[Link]] = {}
    for link in data.links:
        predecessors.setdefault(link.successor, []).append(link)
    times = result.tasks if result is not None else {}

    out.append("<Tasks>")
    summary_name = xml_text(data.name)
    out.append(
        f"<Task><UID>0</UID><ID>0</ID><Name>{summary_name}</Name><Type>1</Type><IsNull>0</IsNull>"
        "<WBS>0</WBS><OutlineNumber>0</OutlineNumber><OutlineLevel>0</OutlineLevel>"
        f"<Start>{format_datetime(result.start if result else data.start)}</Start>"
        + (f"<Finish>{format_datetime(result.finish)}</Finish>" if result else "")
        + "<Summary>1</Summary></Task>"
    )
    for index, record in enumerate(data.records, start=1):
        task = record.task
        computed = times.get(task.uid)
        summary = task.uid in parents
        number = outline[task.uid]
        part = [
            f"<Task><UID>{task.uid}</UID><ID>{index}</ID><Name>{xml_text(task.name)}</Name>",
            "<Active>1</Active>",
            f"<Manual>{int(task.manual)}</Manual><Type>{TASK_TYPE_NUMBERS[task.type]}</Type>"
            "<IsNull>0</IsNull>",
            # An empty WBS is left out: Microsoft Project derives one from the outline.
            f"<WBS>{xml_text(record.wbs)}</WBS>" if record.wbs else "",
            f"<OutlineNumber>{number}</OutlineNumber>",
            f"<OutlineLevel>{record.outline_level}</OutlineLevel>",
        ]
        start = computed.start if computed else task.start if task.manual else None
        if start is not None:
            part.append(f"<Start>{format_datetime(start)}</Start>")
        if computed is not None:
            part.append(f"<Finish>{format_datetime(computed.finish)}</Finish>")
        duration = computed.duration if computed is not None and summary else task.duration
        part.append(f"<Duration>{format_duration(duration)}</Duration>")
        if task.manual and task.start is not None:
            part.append(f"<ManualStart>{format_datetime(task.start)}</ManualStart>")
            part.append(f"<ManualDuration>{format_duration(task.duration)}</ManualDuration>")
        part.append("<DurationFormat>7</DurationFormat>")
        if computed is not None:
            part.append(f"<Work>{format_duration(computed.work)}</Work>")
        part.append(f"<EffortDriven>{int(task.effort_driven)}</EffortDriven>")
        part.append(
            f"<Milestone>{int(task.milestone)}</Milestone><Summary>{int(summary)}</Summary>"
        )
        if computed is not None:
            part += [
                f"<Critical>{int(computed.critical)}</Critical>",
                f"<EarlyStart>{format_datetime(computed.early_start)}</EarlyStart>",
                f"<EarlyFinish>{format_datetime(computed.early_finish)}</EarlyFinish>",
                f"<LateStart>{format_datetime(computed.late_start)}</LateStart>",
                f"<LateFinish>{format_datetime(computed.late_finish)}</LateFinish>",
                f"<FreeSlack>{computed.free_float * 10}</FreeSlack>",
                f"<TotalSlack>{computed.total_float * 10}</TotalSlack>",
            ]
        part.append(f"<FixedCost>{format_cents(task.fixed_cost)}</FixedCost>")
        part.append(f"<PercentComplete>{task.percent_complete}</PercentComplete>")
        if task.actual_start is not None:
            part.append(f"<ActualStart>{format_datetime(task.actual_start)}</ActualStart>")
        if task.actual_finish is not None:
            part.append(f"<ActualFinish>{format_datetime(task.actual_finish)}</ActualFinish>")
        if task.actual_cost is not None:
            part.append(f"<ActualCost>{format_cents(task.actual_cost)}</ActualCost>")
        part.append(f"<ConstraintType>{CONSTRAINT_NUMBERS[task.constraint]}</ConstraintType>")
        part.append(f"<CalendarUID>{plan.task_calendar(task.calendar)}</CalendarUID>")
        if task.constraint_date is not None:
            part.append(f"<ConstraintDate>{format_datetime(task.constraint_date)}</ConstraintDate>")
        if task.deadline is not None:
            part.append(f"<Deadline>{format_datetime(task.deadline)}</Deadline>")
        part.append(
            f"<IgnoreResourceCalendar>{int(task.ignore_resource_calendars)}"
            "</IgnoreResourceCalendar>"
        )
        if record.notes:
            part.append(f"<Notes>{xml_text(record.notes)}</Notes>")
        for link in predecessors.get(task.uid, ()):
            lag_format = (
                LAG_FORMAT_ELAPSED_DAYS if link.lag_unit is LagUnit.ELAPSED else LAG_FORMAT_DAYS
            )
            part.append(
                f"<PredecessorLink><PredecessorUID>{link.predecessor}</PredecessorUID>"
                f"<Type>{LINK_NUMBERS[link.type]}</Type><CrossProject>0</CrossProject>"
                f"<LinkLag>{link.lag * 10}</LinkLag><LagFormat>{lag_format}</LagFormat>"
                "</PredecessorLink>"
            )
        for (field_id, _, _), value in (
            (OWNER_PARTY_FIELD, record.owner_party),
            (RESPONSIBLE_FIELD, record.responsible),
        ):
            if value:
                part.append(
                    f"<ExtendedAttribute><FieldID>{field_id}</FieldID>"
                    f"<Value>{xml_text(value)}</Value></ExtendedAttribute>"
                )
        part.append(_baseline_xml(record))
        part.append("</Task>")
        out.append("".join(part))
    out.append("</Tasks>")
    out.append(resources_xml(data.resources, plan))
    kinds = {r.resource.uid: r.resource.type for r in data.resources}
    out.append(assignments_xml(data.assignments, kinds, result))
    out.append("</Project>\n")
    return "".join(out).encode("utf-8")


def _baseline_xml(record: TaskRecord) -> str:
    values = {
        "Start": record.baseline_start and format_datetime(record.baseline_start),
        "Finish": record.baseline_finish and format_datetime(record.baseline_finish),
        "Duration": None
        if record.baseline_duration is None
        else format_duration(record.baseline_duration),
        "Work": None if record.baseline_work is None else format_duration(record.baseline_work),
        "Cost": None if record.baseline_cost is None else format_cents(record.baseline_cost),
    }
    written = "".join(f"<{n}>{v}</{n}>" for n, v in values.items() if v is not None)
    return f"<Baseline><Number>0</Number>{written}</Baseline>" if written else ""
