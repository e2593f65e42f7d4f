"""Reading the resources of a Microsoft Project XML file (their type, rates, calendar and
custom fields) and their assignments to tasks.

Choices, where Microsoft Project leaves room:

- ``StandardRate`` and ``OvertimeRate`` are per hour whatever ``StandardRateFormat`` says:
  the format is only how Project shows the rate (ProjectLibre's $35,000 a year is written
  ``16.8269...``). Costs (``CostPerUse``, ``Cost``, ``ActualCost``, ``FixedCost``, baseline
  costs) are written in cents.
- The rate table is ``<Rates>`` table A (``RateTable`` 0) when the file has one, else the
  resource's own ``StandardRate``, ``OvertimeRate`` and ``CostPerUse``; a rate table of
  nothing but zeros is no rate table (the resource is free). A row in effect from 1984 or
  earlier (Project's "start of time") is in effect from the start of time.
- A work resource's calendar that gives the same working time as the project calendar (the
  calendar Project derives for every resource, unchanged) is ``None``: the resource follows
  the project calendar, also when the portal changes it later. Material and cost resources
  have no calendar: one the file names is left out.
- The null resource (UID 0 without a name) and assignments to no resource (UID -65535, or -1
  as Aspose.Tasks writes) are left out, as are assignments to tasks that are left out.
- An assignment's ``ActualCost`` is taken as entered only when it is not zero (Project writes
  0 for every assignment not started). A cost resource's ``Cost`` is its amount; a work or
  material assignment's ``Cost`` is what Project computed, kept as a file value.
- ``RemainingWork`` equal to work less actual work is not kept (``None`` means exactly that).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.etree.ElementTree import Element

from schedule.engine.model import Assignment, CalendarSpec, Rate, Resource, ResourceType
from schedule.interchange.data import AssignmentFileValues, AssignmentRecord, ResourceRecord
from schedule.interchange.mspdi.calendars import CalendarReader, has_working_time
from schedule.interchange.mspdi.formats import (
    RATE_STEP,
    RESOURCE_TYPE_CODES,
    UNASSIGNED_RESOURCE_UIDS,
    cents_to_dollars,
    percent_from_fraction,
)
from schedule.interchange.mspdi.parse import at

#: Custom field aliases that carry the resource's owner party and whom it stands for.
RESOURCE_ALIASES = {
    "owner party": "owner party",
    "resource owner party": "owner party",
    "stands for": "stands for",
}
_START_OF_TIME_YEAR = 1984


@dataclass(frozen=True, slots=True)
class _RateRow:
    start: datetime | None
    end: datetime | None
    rate: Rate
    element: Element


class ResourceReader(CalendarReader):
    """Resources and assignments, read after the project calendar and the tasks."""

    #: Custom field IDs to the alias that says what they carry (set up by the reader).
    custom_fields: dict[str, str]

    # Resources ------------------------------------------------------------------------------

    def read_resources(self, root: Element, project: CalendarSpec) -> list[ResourceRecord]:
        container = root.find("Resources")
        records: list[ResourceRecord] = []
        seen: dict[int, Element] = {}
        #: Resource UIDs left out (the null resource): their assignments are left out too.
        self.left_out_resources: set[int] = set()
        for element in container.findall("Resource") if container is not None else []:
            uid = self.integer(element, "UID", "Resource")
            if uid is None:
                if self.text(element, "UID") is None:
                    name = self.text(element, "Name")
                    named = f" ('{name}')" if name else ""
                    self.problem(element, "", f"a resource{named} has no <UID>")
                continue
            owner = f"Resource UID {uid}"
            if self.flag(element, "IsNull", owner) or (uid == 0 and not self.text(element, "Name")):
                self.left_out_resources.add(uid)
                continue
            if uid in seen:
                self.problem(
                    element,
                    owner,
                    f"UID {uid} is used by another resource too (line {self.line(seen[uid])})",
                )
                continue
            seen[uid] = element
            records.append(self.read_resource(element, owner, uid, project))
        return records

    def read_resource(
        self, element: Element, owner: str, uid: int, project: CalendarSpec
    ) -> ResourceRecord:
        kind = self.resource_type(element, owner)
        max_units = 100
        if kind is ResourceType.WORK:
            fraction = self.decimal(element, "MaxUnits", owner)
            if fraction is not None and fraction < 0:
                self.problem(at(element, "MaxUnits"), owner, "max units cannot be negative")
            elif fraction is not None:
                max_units = percent_from_fraction(fraction)
        custom: dict[str, str] = {}
        for attribute in element.findall("ExtendedAttribute"):
            alias = self.custom_fields.get(self.text(attribute, "FieldID") or "")
            if alias in RESOURCE_ALIASES:
                custom[RESOURCE_ALIASES[alias]] = self.text(attribute, "Value") or ""
        resource = Resource(
            uid=uid,
            name=self.text(element, "Name") or "",
            type=kind,
            max_units=max_units,
            calendar=self.resource_calendar(element, owner, kind, project),
            rates=self.read_rates(element, owner),
        )
        return ResourceRecord(
            resource=resource,
            owner_party=custom.get("owner party", "").casefold(),
            stands_for=custom.get("stands for", ""),
            initials=self.text(element, "Initials") or "",
            group=self.text(element, "Group") or "",
        )

    def resource_type(self, element: Element, owner: str) -> ResourceType:
        """Project 2010 and later mark a cost resource with ``<IsCostResource>``; earlier
        versions use ``<Type>`` 2."""
        if self.flag(element, "IsCostResource", owner):
            return ResourceType.COST
        code = self.integer(element, "Type", owner)
        if code is None:
            return ResourceType.WORK
        if code not in RESOURCE_TYPE_CODES:
            self.problem(
                at(element, "Type"),
                owner,
                f"resource type {code} is not 0 (material), 1 (work) or 2 (cost)",
            )
            return ResourceType.WORK
        return RESOURCE_TYPE_CODES[code]

    def resource_calendar(
        self, element: Element, owner: str, kind: ResourceType, project: CalendarSpec
    ) -> CalendarSpec | None:
        calendar_uid = self.integer(element, "CalendarUID", owner)
        if kind is not ResourceType.WORK or calendar_uid is None or calendar_uid < 0:
            return None
        spec = self.calendar_by_uid(calendar_uid)
        if spec is None:
            return None
        if not has_working_time(spec):
            self.problem(
                at(element, "CalendarUID"),
                owner,
                f"the resource's calendar '{spec.name}' (UID {calendar_uid}) has no working "
                "time, so no work could ever be scheduled for it",
            )
            return None
        if spec.week == project.week and spec.exceptions == project.exceptions:
            return None
        return spec

    def read_rates(self, element: Element, owner: str) -> tuple[Rate, ...]:
        container = element.find("Rates")
        rows: list[_RateRow] = []
        for row in container.findall("Rate") if container is not None else []:
            if (self.integer(row, "RateTable", owner) or 0) != 0:
                continue  # tables B to E: the portal keeps table A
            start = self.moment(row, "RatesFrom", owner)
            rate = self.rate(
                row,
                owner,
                None if start is None or start.year <= _START_OF_TIME_YEAR else start.date(),
            )
            rows.append(_RateRow(start, self.moment(row, "RatesTo", owner), rate, row))
        if not rows:
            rates: tuple[Rate, ...] = (self.rate(element, owner, None),)
        else:
            rows.sort(key=lambda r: r.rate.effective or date.min)
            self.check_overlaps(rows, owner)
            rates = tuple(r.rate for r in rows)
        free = Rate()
        return () if all(r == free for r in rates) else rates

    def rate(self, element: Element, owner: str, effective: date | None) -> Rate:
        values: dict[str, Decimal] = {}
        for name in ("StandardRate", "OvertimeRate", "CostPerUse"):
            value = self.decimal(element, name, owner) or Decimal(0)
            if value < 0:
                self.problem(at(element, name), owner, "a rate or cost cannot be negative")
                value = Decimal(0)
            values[name] = value
        return Rate(
            effective=effective,
            standard=values["StandardRate"].quantize(RATE_STEP, rounding=ROUND_HALF_UP),
            overtime=values["OvertimeRate"].quantize(RATE_STEP, rounding=ROUND_HALF_UP),
            per_use=cents_to_dollars(values["CostPerUse"]),
        )

    def check_overlaps(self, rows: list[_RateRow], owner: str) -> None:
        for before, after in itertools.pairwise(rows):
            start = after.rate.effective
            if start is None or before.rate.effective == start:
                self.problem(
                    after.element,
                    owner,
                    "two rows of rate table A start on the same date; each row must start "
                    "after the one before it",
                )
            elif before.end is not None and after.start is not None and before.end > after.start:
                self.problem(
                    after.element,
                    owner,
                    f"the rate from {after.start:%Y-%m-%d} overlaps the row before it, which "
                    f"runs to {before.end:%Y-%m-%d %H:%M}",
                )

    # Assignments ----------------------------------------------------------------------------

    def read_assignments(
        self,
        root: Element,
        tasks: set[int],
        left_out_tasks: set[int],
        resources: dict[int, Resource],
    ) -> list[AssignmentRecord]:
        container = root.find("Assignments")
        records: list[AssignmentRecord] = []
        seen: dict[int, Element] = {}
        for element in container.findall("Assignment") if container is not None else []:
            uid = self.integer(element, "UID", "Assignment")
            if uid is None:
                if self.text(element, "UID") is None:
                    self.problem(element, "", "an assignment has no <UID>")
                continue
            owner = f"Assignment UID {uid}"
            task = self.integer(element, "TaskUID", owner)
            resource_uid = self.integer(element, "ResourceUID", owner)
            if task is None or resource_uid is None:
                missing = "<TaskUID>" if task is None else "<ResourceUID>"
                if self.text(element, missing.strip("<>")) is None:
                    self.problem(element, owner, f"the assignment has no {missing}")
                continue
            if task in left_out_tasks or resource_uid in UNASSIGNED_RESOURCE_UIDS:
                continue
            if resource_uid in self.left_out_resources:
                continue
            if task not in tasks:
                self.problem(
                    at(element, "TaskUID"), owner, f"task UID {task} names no task in the file"
                )
                continue
            resource = resources.get(resource_uid)
            if resource is None:
                self.problem(
                    at(element, "ResourceUID"),
                    owner,
                    f"resource UID {resource_uid} names no resource in the file",
                )
                continue
            if uid in seen:
                self.problem(
                    element,
                    owner,
                    f"UID {uid} is used by another assignment too (line {self.line(seen[uid])})",
                )
                continue
            seen[uid] = element
            records.append(self.read_assignment(element, owner, uid, task, resource))
        return records

    def read_assignment(
        self, element: Element, owner: str, uid: int, task: int, resource: Resource
    ) -> AssignmentRecord:
        units = self.decimal(element, "Units", owner)
        if units is not None and units < 0:
            self.problem(at(element, "Units"), owner, "units cannot be negative")
            units = None
        work = self.work(element, "Work", owner) or 0
        actual_work = self.work(element, "ActualWork", owner) or 0
        remaining = self.work(element, "RemainingWork", owner)
        if remaining == max(0, work - actual_work):
            remaining = None
        cost = self.money(element, "Cost", owner)
        actual_cost = self.money(element, "ActualCost", owner)
        baseline_work = baseline_cost = None
        for baseline in element.findall("Baseline"):
            if self.integer(baseline, "Number", owner) == 0:
                baseline_work = self.work(baseline, "Work", owner)
                baseline_cost = self.money(baseline, "Cost", owner)
        kind = resource.type
        assignment = Assignment(
            uid=uid,
            task=task,
            resource=resource.uid,
            units=(
                percent_from_fraction(units)
                if kind is ResourceType.WORK and units is not None
                else 100
            ),
            work=work,
            actual_work=actual_work,
            remaining_work=remaining,
            delay=max(0, self.tenths(element, "Delay", owner) or 0),
            quantity=(units.normalize() if kind is ResourceType.MATERIAL and units else Decimal(0)),
            cost=(cost or Decimal(0)) if kind is ResourceType.COST else None,
            actual_cost=actual_cost or None,
        )
        return AssignmentRecord(
            assignment=assignment,
            baseline_work=baseline_work,
            baseline_cost=baseline_cost,
            file_values=AssignmentFileValues(
                start=self.moment(element, "Start", owner, placeholder=True),
                finish=self.moment(element, "Finish", owner, placeholder=True),
                cost=cost,
            ),
        )

    def work(self, element: Element, name: str, owner: str) -> int | None:
        minutes = self.minutes(element, name, owner)
        if minutes is not None and minutes < 0:
            self.problem(at(element, name), owner, "work cannot be negative")
            return None
        return minutes

    def money(self, element: Element, name: str, owner: str) -> Decimal | None:
        """A cost in dollars from the cents MSPDI writes."""
        cents = self.decimal(element, name, owner)
        return None if cents is None else cents_to_dollars(cents)
