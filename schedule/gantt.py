"""The Gantt chart's layout, worked out once in Python so the template only prints it.

``gantt_chart`` takes plain rows (no model instances, so no query per row) and gives every
position as a percentage of the timeline: the browser and WeasyPrint both lay out absolutely
positioned boxes on percentages, which stays fast at thousands of rows where an SVG per row
would not. The partial ``schedule/_gantt.html`` renders the result, in the browser with
collapsible summary tasks, in the PDF expanded and split into pages, each with its own time
scale.

Dates are the schedule's wall-clock time: naive datetimes (as the engine gives them) or dates.
An aware datetime is read in the portal's time zone. A date used as a finish means the end of
that day.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

Moment = date | datetime

# Span of the chart (in days) up to which a finer time scale is used.
_WEEKS_UP_TO_DAYS = 140
_MONTHS_UP_TO_DAYS = 1100
# Width of one tick on screen: the timeline scrolls sideways rather than squeeze labels.
_TICK_WIDTH_REM = {"week": 3.5, "month": 3.25, "quarter": 3.0}
_INDENT_REM = 0.9


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One task, milestone or summary task as the chart shows it, in outline order."""

    uid: int
    wbs: str
    name: str
    outline_level: int
    parent: int | None
    is_summary: bool
    is_milestone: bool
    is_critical: bool
    start: Moment
    finish: Moment
    baseline_start: Moment | None = None
    baseline_finish: Moment | None = None
    percent_complete: int = 0
    #: Shown in the PDF's task table, not drawn: working days.
    duration_days: float | None = None
    total_float_days: float | None = None
    #: Its resources with their units, shown beside the bar when asked ("Analyst [50%]").
    resources: str = ""


@dataclass(frozen=True, slots=True)
class Tick:
    label: str
    left: float  # % of the timeline
    width: float  # % of the timeline, up to the next tick
    moment: datetime

    @property
    def style(self) -> str:
        return f"left:{self.left:.3f}%;width:{self.width:.3f}%"

    @property
    def line_style(self) -> str:
        return f"left:{self.left:.3f}%"


@dataclass(frozen=True, slots=True)
class Marker:
    """A vertical line across the chart (the status date, today) and its label."""

    label: str
    left: float
    #: The label sits after the line, or before it near the right edge so it stays inside.
    label_before: bool

    @property
    def style(self) -> str:
        return f"left:{self.left:.3f}%"


@dataclass(frozen=True, slots=True)
class TimeScale:
    unit: str  # "week", "month" or "quarter"
    start: datetime
    end: datetime
    ticks: tuple[Tick, ...]
    #: The upper band: months above weeks, years above months and quarters.
    bands: tuple[Tick, ...]

    @property
    def min_width(self) -> str:
        """The timeline's least width on screen, so tick labels are never squeezed."""
        return f"{len(self.ticks) * _TICK_WIDTH_REM[self.unit]:g}rem"


@dataclass(frozen=True, slots=True)
class GanttItem:
    """One row laid out. Positions are percentages of the timeline's width, except ``done``,
    the completed part as a percentage of the bar."""

    row: GanttRow
    kind: str  # "task", "milestone" or "summary"
    left: float
    width: float  # 0 for a milestone, which sits at ``left``
    baseline_left: float | None
    baseline_width: float | None
    done: int
    label: str  # what the bar says in words, for screen readers and as a tooltip
    indent: str
    #: A summary task whose descendants follow, in a group the disclosure button controls.
    opens_group: bool = False
    #: How many groups end after this row (its own descendants and its ancestors' included).
    closes: int = 0

    @property
    def bar_style(self) -> str:
        return f"left:{self.left:.3f}%;width:{self.width:.3f}%"

    @property
    def baseline_style(self) -> str:
        if self.baseline_left is None or self.baseline_width is None:
            return ""
        return f"left:{self.baseline_left:.3f}%;width:{self.baseline_width:.3f}%"

    @property
    def resources_style(self) -> str:
        """Just after the bar's end (a milestone's diamond)."""
        return f"left:{self.left + self.width:.3f}%"

    @property
    def done_style(self) -> str:
        return f"width:{self.done}%"

    @property
    def dom_id(self) -> str:
        return f"gantt-task-{self.row.uid}"

    @property
    def group_id(self) -> str:
        return f"gantt-group-{self.row.uid}"

    @property
    def close_groups(self) -> range:
        return range(self.closes)


@dataclass(frozen=True, slots=True)
class GanttPage:
    items: tuple[GanttItem, ...]
    first: bool


@dataclass(frozen=True, slots=True)
class GanttChart:
    scale: TimeScale | None  # None when there is nothing to draw
    items: tuple[GanttItem, ...]
    status: Marker | None
    today: Marker | None
    has_baseline: bool
    has_critical: bool
    pages: tuple[GanttPage, ...] = field(default=())

    @property
    def summary_count(self) -> int:
        return sum(1 for item in self.items if item.opens_group)

    @property
    def page_images(self) -> tuple[tuple[str, str], ...]:
        """Each page drawn as one SVG image, as the PDF shows the chart: (data: URL, text
        alternative), see ``schedule.gantt_svg``."""
        from schedule.gantt_svg import gantt_page_image  # it draws what this module lays out

        return tuple(gantt_page_image(self, page, n) for n, page in enumerate(self.pages, 1))


def gantt_chart(
    rows: Sequence[GanttRow],
    *,
    status_date: Moment | None,
    today: date,
    rows_per_page: int | None = None,
    span: Sequence[Moment] = (),
) -> GanttChart:
    """Lay out ``rows`` (outline order: a summary task before its descendants). With
    ``rows_per_page`` the rows are split into pages, for print; otherwise one page holds them
    all. ``span``: moments the timeline covers besides the rows' (the whole schedule's first
    start and last finish, when ``rows`` are one page of it)."""
    status = _as_finish(status_date) if status_date is not None else None
    moments: list[datetime] = [_as_start(moment) for moment in span]
    for row in rows:
        moments += [_as_start(row.start), _as_finish(row.finish)]
        if row.baseline_start is not None and row.baseline_finish is not None:
            moments += [_as_start(row.baseline_start), _as_finish(row.baseline_finish)]
    if not rows:
        return GanttChart(None, (), None, None, False, False, (GanttPage((), True),))
    if status is not None:
        moments.append(status)
    scale = _time_scale(min(moments), max(moments))
    place = _Placer(scale.start, scale.end)

    items = _lay_out(rows, place)
    status_marker = None
    if status is not None:
        status_marker = _marker(f"Status date {day_text(status_date)}", place(status))
    today_marker = None
    today_moment = datetime.combine(today, time())
    if scale.start <= today_moment <= scale.end and (status is None or today != status.date()):
        today_marker = _marker(f"Today {_day(today)}", place(today_moment))
    size = rows_per_page or max(len(items), 1)
    pages = tuple(
        GanttPage(items[i : i + size], i == 0) for i in range(0, max(len(items), 1), size)
    )
    return GanttChart(
        scale=scale,
        items=items,
        status=status_marker,
        today=today_marker,
        has_baseline=any(item.baseline_left is not None for item in items),
        has_critical=any(row.is_critical for row in rows),
        pages=pages,
    )


class _Placer:
    """Moments to percentages of the timeline."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.start = start
        self.span = (end - start).total_seconds()

    def __call__(self, moment: datetime) -> float:
        return (moment - self.start).total_seconds() * 100.0 / self.span


def _lay_out(rows: Sequence[GanttRow], place: _Placer) -> tuple[GanttItem, ...]:
    has_children = {row.parent for row in rows if row.parent is not None}
    items: list[GanttItem] = []
    closes: list[int] = []
    open_groups: list[int] = []  # uids of the summary tasks whose group is open
    for row in rows:
        # Groups of summary tasks this row is not inside end before it.
        if items:
            while open_groups and open_groups[-1] != row.parent:
                open_groups.pop()
                closes[-1] += 1
        opens = row.is_summary and row.uid in has_children
        items.append(_item(row, place, opens))
        closes.append(0)
        if opens:
            open_groups.append(row.uid)
    if closes:
        closes[-1] += len(open_groups)
    return tuple(
        replace(item, closes=count) if count else item
        for item, count in zip(items, closes, strict=True)
    )


def _item(row: GanttRow, place: _Placer, opens_group: bool) -> GanttItem:
    start, finish = _as_start(row.start), _as_finish(row.finish)
    if row.is_milestone:
        # A milestone is a point in time: where it finishes.
        left, width = place(finish), 0.0
        kind = "milestone"
    else:
        left, width = place(start), max(place(finish) - place(start), 0.0)
        kind = "summary" if row.is_summary else "task"
    b_left = b_width = None
    if row.baseline_start is not None and row.baseline_finish is not None:
        if row.is_milestone:
            b_left, b_width = place(_as_finish(row.baseline_finish)), 0.0
        else:
            b_left = place(_as_start(row.baseline_start))
            b_width = max(place(_as_finish(row.baseline_finish)) - b_left, 0.0)
    percent = min(max(row.percent_complete, 0), 100)
    return GanttItem(
        row=row,
        kind=kind,
        left=left,
        width=width,
        baseline_left=b_left,
        baseline_width=b_width,
        done=percent,
        label=_label(row, kind, percent),
        indent=f"{max(row.outline_level - 1, 0) * _INDENT_REM:g}rem",
        opens_group=opens_group,
    )


def _label(row: GanttRow, kind: str, percent: int) -> str:
    name = row.name or f"Task {row.uid}"
    if kind == "milestone":
        text = f"{name} (milestone): {_day(row.finish)}"
    else:
        what = " (summary)" if kind == "summary" else ""
        text = f"{name}{what}: {_day(row.start)} to {_day(row.finish)}"
    if row.is_critical:
        text += ", critical"
    if percent:
        text += f", {percent}% complete"
    if row.baseline_start is not None and row.baseline_finish is not None:
        if kind == "milestone":
            text += f", baseline {_day(row.baseline_finish)}"
        else:
            text += f", baseline {_day(row.baseline_start)} to {_day(row.baseline_finish)}"
    return text


def _marker(label: str, left: float) -> Marker:
    return Marker(label=label, left=left, label_before=left > 75.0)


# -- the time scale -------------------------------------------------------------------------


def _time_scale(first: datetime, last: datetime) -> TimeScale:
    """Weeks, months or quarters, whichever keeps the chart readable for its span; the
    timeline starts and ends on whole units."""
    days = (last - first).total_seconds() / 86400
    if days <= _WEEKS_UP_TO_DAYS:
        unit = "week"
    elif days <= _MONTHS_UP_TO_DAYS:
        unit = "month"
    else:
        unit = "quarter"
    start = _unit_start(first.date(), unit)
    boundaries = [start]
    while boundaries[-1] <= last.date() or len(boundaries) < 2:
        boundaries.append(_next_unit(boundaries[-1], unit))
    # When the last moment falls exactly on a boundary the chart ends there.
    if len(boundaries) > 2 and datetime.combine(boundaries[-2], time()) >= last:
        boundaries.pop()
    begin = datetime.combine(boundaries[0], time())
    end = datetime.combine(boundaries[-1], time())
    place = _Placer(begin, end)
    ticks = tuple(
        Tick(_tick_label(day, unit), place(_at(day)), place(_at(after)) - place(_at(day)), _at(day))
        for day, after in itertools.pairwise(boundaries)
    )
    band_unit = "month" if unit == "week" else "year"
    band_starts = [boundaries[0]]
    while _at(band_starts[-1]) < end:
        band_starts.append(_next_unit(_unit_start(band_starts[-1], band_unit), band_unit))
    bands = []
    for day, after in itertools.pairwise(band_starts):
        left, right = place(_at(day)), min(place(_at(after)), 100.0)
        label = f"{day:%b %Y}" if band_unit == "month" else f"{day.year}"
        bands.append(Tick(label, left, right - left, _at(day)))
    return TimeScale(unit, begin, end, ticks, tuple(bands))


def _at(day: date) -> datetime:
    return datetime.combine(day, time())


def _unit_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def _next_unit(day: date, unit: str) -> date:
    if unit == "week":
        return day + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _tick_label(day: date, unit: str) -> str:
    if unit == "week":
        return f"{day.day} {day:%b}"
    if unit == "month":
        return f"{day:%b}"
    return f"Q{(day.month - 1) // 3 + 1}"


# -- dates ----------------------------------------------------------------------------------


def _naive(moment: datetime) -> datetime:
    if timezone.is_aware(moment):
        return timezone.make_naive(moment)
    return moment


def _as_start(moment: Moment) -> datetime:
    if isinstance(moment, datetime):
        return _naive(moment)
    return datetime.combine(moment, time())


def _as_finish(moment: Moment) -> datetime:
    """A date as a finish is the end of that day."""
    if isinstance(moment, datetime):
        return _naive(moment)
    return datetime.combine(moment + timedelta(days=1), time())


def day_text(moment: Moment | None) -> str:
    """3 Mar 2027; "" for no date."""
    return "" if moment is None else _day(moment)


def _day(moment: Moment) -> str:
    """3 Mar 2027."""
    day = _naive(moment).date() if isinstance(moment, datetime) else moment
    return f"{day.day} {day:%b %Y}"
