"""Microsoft Project XML (MSPDI): read a file into ``ScheduleData``, write one Microsoft Project
opens.

Reading follows what Microsoft Project itself means by each element, with these choices:

- Durations (``PT#H#M#S``) are working time; they become working minutes. Lags (``LinkLag``)
  are tenths of a minute; a lag whose ``LagFormat`` is elapsed (em, eh, ed, ew, emo, e%) is
  counted round the clock (``LagUnit.ELAPSED``). A percent lag (``LagFormat`` 19/20/51/52)
  stores the percentage itself in ``LinkLag``; it becomes that share of the predecessor's
  duration, in minutes, since the engine has no percent lags.
- A task flagged as a milestone keeps the flag only when its duration is zero: Microsoft
  Project schedules a "milestone" with a duration over that duration, so dropping the flag keeps
  its dates identical; the engine requires milestones to be zero-duration.
- The project summary (UID 0), null (blank) rows and inactive tasks with their subtasks are
  left out; dependencies on them are dropped, as Microsoft Project ignores them in scheduling.
- ProjectLibre writes its project summary as an ordinary task at outline level 0; outline levels
  are shifted so the shallowest task sits at level 1 and that task becomes a summary task.
- Aspose.Tasks writes 2000-01-01T00:00:00 (and GanttProject 1970-01-01) for dates that are
  not set; those placeholders are read as "not set".
- The project calendar's exceptions come from ``<Exceptions>`` when present (Project 2007 and
  later), else from the ``DayType 0`` week days older versions write; recurring exceptions are
  expanded into one exception per occurrence. Imported calendars carry their own holidays, so
  ``us_federal_holidays`` is off.

- Tasks: ``Type`` 0/1/2 is fixed units/duration/work (fixed units when absent);
  ``CalendarUID`` naming a calendar in the file is the task calendar, -1 or any other UID is
  none. A task's ``ActualCost`` is taken as entered only when the task has no assignments and
  it is not zero (with assignments Project sums theirs). Costs are written in cents.
- Resources, rates and assignments: see ``resources`` (rates are per hour whatever their
  display format; the null resource and unassigned rows are left out; a work resource on the
  project calendar's time has no calendar of its own).

The package: ``formats`` (durations, dates, codes, money), ``parse`` (safe parsing with line
numbers, typed values and problems), ``calendars`` (reading calendars), ``calendar_xml``
(writing them), ``resources`` (reading resources and assignments), ``resource_xml`` (writing
them with the resource calendars), ``reader`` and ``writer``.
"""

from schedule.interchange.mspdi.formats import (
    CONSTRAINT_CODES,
    LAG_FORMAT_DAYS,
    LAG_FORMAT_ELAPSED_DAYS,
    LINK_CODES,
    NAMESPACE,
    OWNER_PARTY_FIELD,
    RESPONSIBLE_FIELD,
    format_datetime,
    format_duration,
    parse_datetime,
    parse_duration,
)
from schedule.interchange.mspdi.reader import read_mspdi
from schedule.interchange.mspdi.writer import write_mspdi

__all__ = [
    "CONSTRAINT_CODES",
    "LAG_FORMAT_DAYS",
    "LAG_FORMAT_ELAPSED_DAYS",
    "LINK_CODES",
    "NAMESPACE",
    "OWNER_PARTY_FIELD",
    "RESPONSIBLE_FIELD",
    "format_datetime",
    "format_duration",
    "parse_datetime",
    "parse_duration",
    "read_mspdi",
    "write_mspdi",
]
