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

import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from decimal import Decimal
from functools import cache, partial
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
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

    def iso(self, value: datetime | None) -> str | None:
        return None if value is None else _iso(value, self.zone)


@dataclass(frozen=True)
class Computed:
    """A field its serializer computes: the columns it reads, and its value from them."""

    reads: tuple[str, ...]
    value: Callable[[TaskList, Values], Any]


def _iso(value: datetime, zone: tzinfo) -> str:
    """A date-time as the REST framework writes it (ISO 8601 in the current time zone, UTC as
    ``Z``), without a field to call."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Serializer fields that write a value of these model fields as it is read (``int`` of an int,
# ``str`` of a str...).
_AS_READ: dict[type[serializers.Field], tuple[type[models.Field], ...]] = {
    serializers.IntegerField: (models.IntegerField,),
    serializers.BooleanField: (models.BooleanField,),
    serializers.CharField: (models.CharField, models.TextField),
}


def _model_field(model: type[models.Model], source: str) -> models.Field | None:
    """The model field at the end of ``source`` ("parent.uid"), if it is one."""
    found: Any = None
    for part in source.split("."):
        if model is None:
            return None
        try:
            found = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = found.related_model
    return found if isinstance(found, models.Field) else None


def _remembered(write: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``write`` of a value written once per answer however often it recurs (choices, and
    dates that tasks share)."""
    written: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        if value not in written:
            written[value] = write(value)
        return written[value]

    return remembered


def _amount_writer(field: serializers.DecimalField, places: int) -> Callable[[Any], str]:
    """An amount as the REST framework writes it: a string with the field's decimal
    places, rounded as the field rounds."""
    exponent = Decimal(".1") ** places
    context = decimal.getcontext().copy()
    if field.max_digits is not None:
        context.prec = field.max_digits
    rounding = field.rounding

    def write(value: Any) -> str:
        if not isinstance(value, Decimal):
            value = Decimal(str(value).strip())
        return f"{value.quantize(exponent, rounding=rounding, context=context):f}"

    return write


def _writer(field: serializers.Field, dates: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """How ``field`` writes a value that is not null: amounts and dates directly, any other
    through the field itself."""
    if (
        isinstance(field, serializers.DecimalField)
        and type(field) is serializers.DecimalField
        and field.decimal_places is not None
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and not field.localize
        and not field.normalize_output
    ):
        return _amount_writer(field, field.decimal_places)
    if (
        type(field) is serializers.DateTimeField
        and not hasattr(field, "timezone")
        and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() == ISO_8601
    ):
        return dates
    if isinstance(field, serializers.ChoiceField):
        return _remembered(field.to_representation)
    return field.to_representation


@dataclass(frozen=True)
class _Key:
    """A key of a row: read from ``column`` (as read, or written as ``field`` writes it), or
    computed from the whole row."""

    name: str
    column: str
    field: serializers.Field
    as_read: bool
    computed: Computed | None


def _maker(keys: tuple[_Key, ...]) -> Callable[..., Callable[[Values], Row]]:
    """A function that takes the writers of ``keys`` (for each key neither computed nor as
    read) and the computations (for each computed key), in the order of the keys, and gives a
    function making a row of these keys from values. It is written out as Python, as
    ``dataclasses`` writes its methods, so that a row is one dictionary display: a key read
    as it is costs no call, and no key costs a loop."""
    params, entries = [], []
    for n, key in enumerate(keys):
        name, column = repr(key.name), repr(key.column)
        if key.computed is not None:
            params.append(f"c{n}")
            entries.append(f"{name}: c{n}(values)")
        elif key.as_read:
            entries.append(f"{name}: values[{column}]")
        else:
            params.append(f"w{n}")
            entries.append(f"{name}: None if (v := values[{column}]) is None else w{n}(v)")
    source = (
        f"def maker({', '.join(params)}):\n"
        "    def row(values):\n"
        f"        return {{{', '.join(entries)}}}\n"
        "    return row\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)
    maker: Callable[..., Callable[[Values], Row]] = namespace["maker"]
    return maker


class FlatRows:
    """The answer of ``serializer`` for one object, made from a ``values()`` row."""

    def __init__(
        self,
        serializer: type[serializers.ModelSerializer[Any]],
        computed: Mapping[str, Computed],
        money: Sequence[str],
    ) -> None:
        model = serializer.Meta.model
        keys: list[_Key] = []
        for name, field in serializer().fields.items():
            if not isinstance(field, serializers.SerializerMethodField):
                source = field.source or name
                read = _model_field(model, source)
                as_read = isinstance(read, _AS_READ.get(type(field), ()))
                keys.append(_Key(name, source.replace(".", "__"), field, as_read, None))
            elif name in computed:
                keys.append(_Key(name, "", field, False, computed[name]))
            else:
                raise LookupError(
                    f"{serializer.__name__}.{name} is computed by the serializer; say how "
                    "its rows compute it."
                )
        columns: dict[str, None] = {}
        for key in keys:
            columns.update(dict.fromkeys(key.computed.reads if key.computed else [key.column]))
        #: The columns of ``values()`` its rows are made from.
        self.columns = tuple(columns)
        self._keys = {
            True: tuple(keys),
            False: tuple(key for key in keys if key.name not in money),
        }
        self._makers = {costs: _maker(keys) for costs, keys in self._keys.items()}

    def rows(self, values: Iterable[Values], page: TaskList) -> list[Row]:
        """The rows of ``values`` in the serializer's key order, money left out for whoever
        may not see it."""
        dates = _remembered(lambda value: _iso(value, page.zone))
        keys = self._keys[page.see_costs]
        row = self._makers[page.see_costs](
            *(
                partial(key.computed.value, page) if key.computed else _writer(key.field, dates)
                for key in keys
                if not key.as_read
            )
        )
        return [row(one) for one in values]


def _remaining(values: Values) -> int:
    """Work left: as entered, else work less actual work (``Assignment.remaining``)."""
    if values["remaining_work"] is not None:
        return int(values["remaining_work"])
    return max(0, values["work"] - values["actual_work"])


def _baseline(page: TaskList, values: Values, end: int) -> str | None:
    dates = page.baseline.get(values["uid"])
    return None if dates is None else page.iso(dates[end])


def _finish_variance(page: TaskList, values: Values) -> float | None:
    dates = page.baseline.get(values["uid"])
    if dates is None or page.variance_clock is None:
        return None
    return page.variance_clock.days_between(dates[1], values["finish"])


def _in_days(column: str, *, null: bool = False) -> Computed:
    """Working minutes of ``column`` in working days; none are 0, or null with ``null``."""
    if null:
        return Computed((column,), lambda page, v: days(v[column], page.per_day))
    return Computed((column,), lambda page, v: days(v[column], page.per_day) or 0.0)


PREDECESSOR_COMPUTED = {
    "lag_days": _in_days("lag"),
}

ASSIGNMENT_COMPUTED = {
    "work_days": _in_days("work"),
    "actual_work_days": _in_days("actual_work"),
    "remaining_work_days": Computed(
        ("remaining_work", "work", "actual_work"),
        lambda page, v: days(_remaining(v), page.per_day) or 0.0,
    ),
    "delay_days": _in_days("delay"),
}

TASK_COMPUTED = {
    "duration_days": _in_days("duration"),
    "total_float_days": _in_days("total_float", null=True),
    "free_float_days": _in_days("free_float", null=True),
    "baseline_start": Computed(("uid",), lambda page, v: _baseline(page, v, 0)),
    "baseline_finish": Computed(("uid",), lambda page, v: _baseline(page, v, 1)),
    "finish_variance_days": Computed(("uid", "finish"), _finish_variance),
    "predecessors": Computed(("id",), lambda page, v: page.predecessors.get(v["id"], [])),
    "work_days": _in_days("work"),
    "assignments": Computed(("id",), lambda page, v: page.assignments.get(v["id"], [])),
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
