"""The schedule's task list as the API answers it, built from plain values.

A page of the task list is read-only and can be long: building it through ``TaskSerializer``
costs a serializer's field machinery for every field of every task, and a model instance for
every task, link and assignment. Here the same answer is made from ``values()`` rows: one
query for the page of tasks, one for the predecessors of those tasks, one for their
assignments, and the agreed baseline's dates read for the page alone, whatever the number of
tasks.

The serializers stay the description of the answer: its keys and their order come from
``TaskSerializer`` (with ``PredecessorSerializer`` and ``AssignmentSerializer`` for what is
nested), which the schema and single-task answers use, so a field added to a serializer is
added to the list too. A plain field of the serializer is read from its column (``parent.uid``
from ``parent__uid``) and written as the serializer's field writes it; each field the
serializer computes (a method field) is computed here, in ``TASK_COMPUTED``,
``PREDECESSOR_COMPUTED`` and ``ASSIGNMENT_COMPUTED``. Money is left out, keys and all, for
whoever may not see costs, as the serializers leave it out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from schedule.models import Assignment, Dependency, Schedule
from schedule.selectors.tasks import VarianceClock, days

from .serializers.resources import MONEY_FIELDS, AssignmentSerializer
from .serializers.tasks import TASK_MONEY_FIELDS, PredecessorSerializer, TaskSerializer

Values = dict[str, Any]
Row = dict[str, Any]


@dataclass(frozen=True)
class TaskList:
    """What the rows of one answer share: the schedule's working day, the agreed baseline's
    dates of these tasks (uid to start and finish), whether the reader sees costs, and the
    predecessors and assignments of these tasks, by task id."""

    per_day: int
    see_costs: bool
    baseline: Mapping[int, tuple[datetime, datetime]]
    variance_clock: VarianceClock | None
    zone: tzinfo
    predecessors: Mapping[int, list[Row]]
    assignments: Mapping[int, list[Row]]

    def days(self, minutes: int | None) -> float | None:
        return days(minutes, self.per_day)

    def iso(self, value: datetime | None) -> str | None:
        return None if value is None else _iso(value, self.zone)


@dataclass(frozen=True)
class Computed:
    """A field its serializer computes: the columns it reads, and its value from them."""

    reads: tuple[str, ...]
    value: Callable[[Values, TaskList], Any]


def _iso(value: datetime, zone: tzinfo) -> str:
    """A date-time as the REST framework writes it (ISO 8601 in the current time zone, UTC as
    ``Z``), without a field to call."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _writer(field: serializers.Field, zone: tzinfo) -> Callable[[Any], Any]:
    """How ``field`` writes a value that is not null: the common kinds directly, any other
    through the field itself."""
    kind = type(field)
    if kind is serializers.IntegerField:
        return int
    if kind is serializers.BooleanField:
        return bool
    if kind is serializers.CharField:
        return str
    if (
        kind is serializers.DateTimeField
        and not hasattr(field, "timezone")
        and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() == ISO_8601
    ):
        return lambda value: _iso(value, zone)
    return field.to_representation


# A key of a row: its name, and either the column it is read from and how it is written, or
# (column None) how it is computed from the whole row.
_Key = tuple[str, str | None, Callable[..., Any]]


class FlatRows:
    """The answer of ``serializer`` for one object, made from a ``values()`` row."""

    def __init__(
        self,
        serializer: type[serializers.Serializer],
        computed: Mapping[str, Computed],
        money: Sequence[str],
    ) -> None:
        self._fields = serializer().fields
        self._computed = computed
        self._money = frozenset(money)
        columns: dict[str, None] = {}
        for name, field in self._fields.items():
            if not isinstance(field, serializers.SerializerMethodField):
                columns[self._column(name, field)] = None
            elif name in computed:
                columns.update(dict.fromkeys(computed[name].reads))
            else:
                raise LookupError(
                    f"{serializer.__name__}.{name} is computed by the serializer; say how "
                    "its rows compute it."
                )
        #: The columns of ``values()`` its rows are made from.
        self.columns = tuple(columns)
        self._keys: dict[tuple[tzinfo, bool], tuple[_Key, ...]] = {}

    @staticmethod
    def _column(name: str, field: serializers.Field) -> str:
        return (field.source or name).replace(".", "__")

    def _keys_of(self, page: TaskList) -> tuple[_Key, ...]:
        """The keys in the serializer's order, money left out for whoever may not see it,
        written in the reader's time zone."""
        made = (page.zone, page.see_costs)
        if made not in self._keys:
            keys: list[_Key] = []
            for name, field in self._fields.items():
                if name in self._money and not page.see_costs:
                    continue
                if isinstance(field, serializers.SerializerMethodField):
                    keys.append((name, None, self._computed[name].value))
                else:
                    keys.append((name, self._column(name, field), _writer(field, page.zone)))
            self._keys[made] = tuple(keys)
        return self._keys[made]

    def rows(self, values: Iterable[Values], page: TaskList) -> list[Row]:
        keys = self._keys_of(page)
        made = []
        for one in values:
            row: Row = {}
            for name, column, write in keys:
                if column is None:
                    row[name] = write(one, page)
                else:
                    value = one[column]
                    row[name] = None if value is None else write(value)
            made.append(row)
        return made


def _remaining(values: Values) -> int:
    """Work left: as entered, else work less actual work (``Assignment.remaining``)."""
    if values["remaining_work"] is not None:
        return int(values["remaining_work"])
    return max(0, values["work"] - values["actual_work"])


def _baseline(values: Values, page: TaskList, end: int) -> str | None:
    dates = page.baseline.get(values["uid"])
    return None if dates is None else page.iso(dates[end])


def _finish_variance(values: Values, page: TaskList) -> float | None:
    dates = page.baseline.get(values["uid"])
    if dates is None or page.variance_clock is None:
        return None
    return page.variance_clock.days_between(dates[1], values["finish"])


PREDECESSOR_COMPUTED = {
    "lag_days": Computed(("lag",), lambda v, page: page.days(v["lag"]) or 0.0),
}

ASSIGNMENT_COMPUTED = {
    "work_days": Computed(("work",), lambda v, page: page.days(v["work"]) or 0.0),
    "actual_work_days": Computed(
        ("actual_work",), lambda v, page: page.days(v["actual_work"]) or 0.0
    ),
    "remaining_work_days": Computed(
        ("remaining_work", "work", "actual_work"),
        lambda v, page: page.days(_remaining(v)) or 0.0,
    ),
    "delay_days": Computed(("delay",), lambda v, page: page.days(v["delay"]) or 0.0),
}

TASK_COMPUTED = {
    "duration_days": Computed(("duration",), lambda v, page: page.days(v["duration"]) or 0.0),
    "total_float_days": Computed(("total_float",), lambda v, page: page.days(v["total_float"])),
    "free_float_days": Computed(("free_float",), lambda v, page: page.days(v["free_float"])),
    "baseline_start": Computed(("uid",), lambda v, page: _baseline(v, page, 0)),
    "baseline_finish": Computed(("uid",), lambda v, page: _baseline(v, page, 1)),
    "finish_variance_days": Computed(("uid", "finish"), _finish_variance),
    "predecessors": Computed(("id",), lambda v, page: page.predecessors.get(v["id"], [])),
    "work_days": Computed(("work",), lambda v, page: page.days(v["work"]) or 0.0),
    "assignments": Computed(("id",), lambda v, page: page.assignments.get(v["id"], [])),
}


@cache
def task_rows() -> FlatRows:
    return FlatRows(TaskSerializer, TASK_COMPUTED, TASK_MONEY_FIELDS)


@cache
def predecessor_rows() -> FlatRows:
    return FlatRows(PredecessorSerializer, PREDECESSOR_COMPUTED, ())


@cache
def assignment_rows() -> FlatRows:
    return FlatRows(AssignmentSerializer, ASSIGNMENT_COMPUTED, MONEY_FIELDS)


def task_values(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The tasks of ``queryset`` as the values their rows are made of, in its order."""
    return queryset.prefetch_related(None).values(*task_rows().columns)


def _grouped(
    queryset: QuerySet[Any], shape: FlatRows, owner: str, page: TaskList
) -> dict[int, list[Row]]:
    """The rows of ``queryset`` by the id in its ``owner`` column, in its order."""
    values = list(queryset.values(*dict.fromkeys((owner, *shape.columns))))
    grouped: dict[int, list[Row]] = defaultdict(list)
    for one, row in zip(values, shape.rows(values, page), strict=True):
        grouped[one[owner]].append(row)
    return grouped


def task_list(
    tasks: Sequence[Values],
    *,
    schedule: Schedule,
    see_costs: bool,
    baseline: Mapping[int, tuple[datetime, datetime]] | None = None,
    variance_clock: VarianceClock | None = None,
) -> list[Row]:
    """The answer for ``tasks`` (rows of ``task_values``), each with its predecessors in
    outline order of the predecessors and its assignments by UID, as ``TaskSerializer``
    writes them."""
    ids = [values["id"] for values in tasks]
    page = TaskList(
        per_day=schedule.minutes_per_day,
        see_costs=see_costs,
        baseline=baseline or {},
        variance_clock=variance_clock,
        zone=timezone.get_current_timezone(),
        predecessors={},
        assignments={},
    )
    links = Dependency.objects.filter(successor_id__in=ids).order_by("predecessor__position")
    assigned = Assignment.objects.filter(task_id__in=ids).order_by("uid")
    page = replace(
        page,
        predecessors=_grouped(links, predecessor_rows(), "successor_id", page),
        assignments=_grouped(assigned, assignment_rows(), "task_id", page),
    )
    return task_rows().rows(tasks, page)
