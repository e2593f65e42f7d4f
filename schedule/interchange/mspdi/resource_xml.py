"""Writing resources, their rate tables and calendars, and assignments as Microsoft Project
XML, in the element order Project's schema asks for.

Calendars: the project calendar is UID 1. Every work resource gets a resource calendar of its
own, as Microsoft Project gives each one: derived from the project calendar, with exceptions
of its own when it differs from it only by exceptions; otherwise derived, unchanged, from a
base calendar written for it (named after the calendar, shared with any task or resource on
the same calendar). Task calendars are base calendars, as Project requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from schedule.engine.model import CalendarException, CalendarSpec, Rate, ResourceType, Result
from schedule.interchange.data import AssignmentRecord, ResourceRecord, ScheduleData
from schedule.interchange.mspdi.calendar_xml import (
    base_calendar_xml,
    derived_calendar_xml,
    derived_exceptions,
)
from schedule.interchange.mspdi.formats import (
    RESOURCE_OWNER_PARTY_FIELD,
    RESOURCE_TYPE_NUMBERS,
    STANDS_FOR_FIELD,
    format_cents,
    format_datetime,
    format_duration,
    format_rate,
    fraction_from_percent,
    xml_text,
)

#: Where Project's rate tables start and end when a row has no date of its own.
_START_OF_TIME = datetime(1984, 1, 1)
_END_OF_TIME = datetime(2049, 12, 31, 23, 59)


@dataclass
class CalendarPlan:
    """The calendars beyond the project's, and which UID each task and resource uses."""

    years: range
    project: CalendarSpec
    elements: list[str] = field(default_factory=list)
    base_uids: dict[CalendarSpec, int] = field(default_factory=dict)
    resource_uids: dict[int, int] = field(default_factory=dict)
    next_uid: int = 2

    def task_calendar(self, spec: CalendarSpec | None) -> int:
        return -1 if spec is None else self.base(spec)

    def base(self, spec: CalendarSpec) -> int:
        if spec == self.project:
            return 1
        if spec not in self.base_uids:
            uid = self.base_uids[spec] = self.take_uid()
            self.elements.append(base_calendar_xml(spec, self.years, uid=uid))
        return self.base_uids[spec]

    def take_uid(self) -> int:
        uid, self.next_uid = self.next_uid, self.next_uid + 1
        return uid

    def add_resource(self, record: ResourceRecord) -> None:
        resource = record.resource
        if resource.type is not ResourceType.WORK:
            return
        spec = resource.calendar
        own: tuple[CalendarException, ...] = ()
        base_uid = 1
        if spec is not None and not _same_time(spec, self.project):
            found = derived_exceptions(self.project, spec)
            if found:
                own = found
            else:
                base_uid = self.base(spec)
        uid = self.resource_uids[resource.uid] = self.take_uid()
        # The reader names a calendar with exceptions of its own after itself.
        name = spec.name if own and spec is not None else resource.name or f"Resource {uid}"
        self.elements.append(derived_calendar_xml(name, uid=uid, base_uid=base_uid, exceptions=own))


def _same_time(a: CalendarSpec, b: CalendarSpec) -> bool:
    return (a.week, a.exceptions, a.us_federal_holidays) == (
        b.week,
        b.exceptions,
        b.us_federal_holidays,
    )


def plan_calendars(data: ScheduleData, years: range) -> CalendarPlan:
    plan = CalendarPlan(years=years, project=data.calendar)
    for record in data.records:
        if record.task.calendar is not None:
            plan.base(record.task.calendar)
    for resource in data.resources:
        plan.add_resource(resource)
    return plan


# --------------------------------------------------------------------------------------------
# Resources


def _rate_fields(rate: Rate) -> str:
    return (
        f"<StandardRate>{format_rate(rate.standard)}</StandardRate>"
        "<StandardRateFormat>2</StandardRateFormat>"
        f"<OvertimeRate>{format_rate(rate.overtime)}</OvertimeRate>"
        "<OvertimeRateFormat>2</OvertimeRateFormat>"
        f"<CostPerUse>{format_cents(rate.per_use)}</CostPerUse>"
    )


def _rates_xml(rates: tuple[Rate, ...]) -> str:
    """Rate table A; each row runs to the start of the next (Project's own way)."""
    rows = []
    for index, rate in enumerate(rates):
        start = (
            _START_OF_TIME
            if rate.effective is None
            else datetime.combine(rate.effective, datetime.min.time())
        )
        following = rates[index + 1].effective if index + 1 < len(rates) else None
        end = (
            _END_OF_TIME if following is None else datetime.combine(following, datetime.min.time())
        )
        rows.append(
            f"<Rate><RatesFrom>{format_datetime(start)}</RatesFrom>"
            f"<RatesTo>{format_datetime(end)}</RatesTo><RateTable>0</RateTable>"
            f"{_rate_fields(rate)}</Rate>"
        )
    return f"<Rates>{''.join(rows)}</Rates>"


def resources_xml(records: Iterable[ResourceRecord], plan: CalendarPlan) -> str:
    out = ["<Resources>"]
    for index, record in enumerate(records, start=1):
        resource = record.resource
        work = resource.type is ResourceType.WORK
        first = resource.rates[0] if resource.rates else Rate()
        part = [
            f"<Resource><UID>{resource.uid}</UID><ID>{index}</ID>",
            f"<Name>{xml_text(resource.name)}</Name>",
            f"<Type>{RESOURCE_TYPE_NUMBERS[resource.type]}</Type><IsNull>0</IsNull>",
            f"<Initials>{xml_text(record.initials)}</Initials>" if record.initials else "",
            f"<Group>{xml_text(record.group)}</Group>" if record.group else "",
            f"<MaxUnits>{fraction_from_percent(resource.max_units)}</MaxUnits>" if work else "",
            _rate_fields(first),
        ]
        if resource.uid in plan.resource_uids:
            part.append(f"<CalendarUID>{plan.resource_uids[resource.uid]}</CalendarUID>")
        for (field_id, _, _), value in (
            (RESOURCE_OWNER_PARTY_FIELD, record.owner_party),
            (STANDS_FOR_FIELD, record.stands_for),
        ):
            if value:
                part.append(
                    f"<ExtendedAttribute><FieldID>{field_id}</FieldID>"
                    f"<Value>{xml_text(value)}</Value></ExtendedAttribute>"
                )
        part.append(f"<IsCostResource>{int(resource.type is ResourceType.COST)}</IsCostResource>")
        if resource.rates:
            part.append(_rates_xml(resource.rates))
        part.append("</Resource>")
        out.append("".join(part))
    out.append("</Resources>")
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Assignments


def assignments_xml(
    records: Iterable[AssignmentRecord],
    resources: dict[int, ResourceType],
    result: Result | None,
) -> str:
    times = result.assignments if result is not None else {}
    out = ["<Assignments>"]
    for record in records:
        a = record.assignment
        kind = resources.get(a.resource, ResourceType.WORK)
        cost = a.cost if a.cost is not None else record.file_values.cost
        computed = times.get(a.uid)
        part = [
            f"<Assignment><UID>{a.uid}</UID><TaskUID>{a.task}</TaskUID>"
            f"<ResourceUID>{a.resource}</ResourceUID>",
            f"<ActualCost>{format_cents(a.actual_cost)}</ActualCost>"
            if a.actual_cost is not None
            else "",
            f"<ActualWork>{format_duration(a.actual_work)}</ActualWork>",
            f"<Cost>{format_cents(cost)}</Cost>" if cost is not None else "",
            f"<Delay>{a.delay * 10}</Delay>",
        ]
        if computed is not None:
            part.append(f"<Finish>{format_datetime(computed.finish)}</Finish>")
        part.append(f"<RemainingWork>{format_duration(a.remaining)}</RemainingWork>")
        if computed is not None:
            part.append(f"<Start>{format_datetime(computed.start)}</Start>")
        if kind is ResourceType.WORK:
            part.append(f"<Units>{fraction_from_percent(a.units)}</Units>")
        elif kind is ResourceType.MATERIAL:
            part.append(f"<Units>{format_rate(a.quantity)}</Units>")
        part.append(f"<Work>{format_duration(a.work)}</Work>")
        if record.baseline_work is not None or record.baseline_cost is not None:
            part.append("<Baseline><Number>0</Number>")
            if record.baseline_work is not None:
                part.append(f"<Work>{format_duration(record.baseline_work)}</Work>")
            if record.baseline_cost is not None:
                part.append(f"<Cost>{format_cents(record.baseline_cost)}</Cost>")
            part.append("</Baseline>")
        part.append("</Assignment>")
        out.append("".join(part))
    out.append("</Assignments>")
    return "".join(out)
