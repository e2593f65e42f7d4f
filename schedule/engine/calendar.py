"""Working-time arithmetic: datetimes to working minutes and back.

The engine schedules in integer working minutes counted from an origin day, so a duration or a
working lag is a plain addition. A calendar keeps, for a span of days, the working minutes
elapsed before each day (``_cum``) and, per distinct day pattern, a table from minute of the day
to working minutes done by then; converting either way is then an index or a bisect, never a
walk over days. The span grows lazily, a year at a time, in both directions, and US federal
holidays are fetched only for the years it covers.

An exception wins over a holiday, a holiday over the usual week.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from .errors import Problem, ScheduleError
from .model import STANDARD_DAY, CalendarException, CalendarSpec, WorkingTimes

_MINUTES_PER_DAY = 1440
#: Earliest and latest ordinals the calendar will cover (datetime's own range).
_MIN_ORDINAL = date(1, 1, 2).toordinal()
_MAX_ORDINAL = date(9999, 12, 30).toordinal()
#: Converted datetimes kept per calendar before the memo starts again.
_CACHE_LIMIT = 2_000_000
_MINUTE_STEPS = tuple(timedelta(minutes=m) for m in range(_MINUTES_PER_DAY + 1))
#: Where minutes count from when a calendar converts minutes before it has seen any date.
_DEFAULT_ORIGIN = date(2000, 1, 1).toordinal()
#: Beyond any minute a calendar reaches (the engine's "no date").
FAR = 1 << 62


class _DayPattern:
    """Lookup tables for one day's working times, shared by every day with those times."""

    __slots__ = ("done_by", "end_of", "periods", "start_of", "total")

    def __init__(self, periods: WorkingTimes) -> None:
        self.periods = periods
        done_by = [0] * (_MINUTES_PER_DAY + 1)
        start_of: list[int] = []
        end_of: list[int] = [periods[0][0] if periods else 0]
        worked = 0
        position = 0
        for begin, end in periods:
            for minute in range(position, begin + 1):
                done_by[minute] = worked
            for minute in range(begin, end):
                start_of.append(minute)
                worked += 1
                done_by[minute + 1] = worked
                end_of.append(minute + 1)
            position = end
        for minute in range(position, _MINUTES_PER_DAY + 1):
            done_by[minute] = worked
        #: minute of the day -> working minutes done by then
        self.done_by = done_by
        #: n -> minute of the day at which the n-th working minute (0-based) starts
        self.start_of = start_of
        #: n -> minute of the day at which n working minutes are done (n >= 1)
        self.end_of = end_of
        self.total = worked


@lru_cache(maxsize=64)
def _day_pattern(times: WorkingTimes) -> _DayPattern:
    return _DayPattern(times)


@lru_cache(maxsize=512)
def _federal_holidays(year: int) -> frozenset[int]:
    """Ordinals of the US federal holidays (observed days included) falling in ``year``.
    Cached for the process: the ``holidays`` package takes tens of milliseconds the first time.
    """
    found = holidays.country_holidays("US", years=[year - 1, year, year + 1], observed=True)
    return frozenset(day.toordinal() for day in found if day.year == year)


class WorkCalendar:
    """Working-time arithmetic for one ``CalendarSpec``.

    Working minutes count from the first day of ``origin`` (by default the first day of the
    year of the first date converted); they are negative before it. Only differences matter,
    so two calendars agree on durations, never necessarily on the raw numbers.
    """

    def __init__(
        self, spec: CalendarSpec, *, origin: date | None = None, allow_empty: bool = False
    ) -> None:
        if len(spec.week) != 7:
            raise ScheduleError([Problem(f"Calendar {spec.name!r} must describe seven days.")])
        self.spec = spec
        self._week = [self._pattern(times) for times in spec.week]
        self._exceptions: dict[int, _DayPattern] = {}
        for exception in spec.exceptions:
            pattern = self._pattern(exception.working_times)
            for ordinal in range(exception.start.toordinal(), exception.end.toordinal() + 1):
                self._exceptions[ordinal] = pattern
        if not allow_empty and not self.has_working_time():
            raise ScheduleError([Problem(f"Calendar {spec.name!r} has no working time.")])
        self._closed = self._pattern(())
        self._holiday_years: set[int] = set()
        self._holidays: set[int] = set()
        # Covered days are [_lo, _lo + len(_days)); _cum has one more entry than _days.
        self._lo = 0
        self._days: list[_DayPattern] = []
        self._cum: list[int] = [0]
        self._origin = origin
        self._midnights: dict[int, datetime] = {}
        #: Working minutes in a year, at least one: how far to extend for a distant date.
        self._yearly = max(1, sum(p.total for p in self._week) * 52)
        self._start_cache: dict[int, datetime] = {}
        self._finish_cache: dict[int, datetime] = {}
        self._on_clocks: dict[WorkCalendar, OnClock] = {}
        if origin is not None:
            self._cover_first(origin.toordinal())

    # -- public arithmetic --------------------------------------------------------------------

    def to_minutes(self, moment: datetime) -> int:
        """Working minutes from the origin up to ``moment`` (seconds are dropped). A moment in
        non-working time counts the working time before it, so Friday 17:00, Saturday noon and
        Monday 08:00 are the same number."""
        ordinal = moment.toordinal()
        index = ordinal - self._lo
        if index < 0 or index >= len(self._days):
            self._cover(ordinal)
            index = ordinal - self._lo
        return self._cum[index] + self._days[index].done_by[moment.hour * 60 + moment.minute]

    def minutes_of(self, moments: Iterable[datetime]) -> list[int]:
        """``to_minutes`` for many datetimes at once (the engine's bulk conversion)."""
        out: list[int] = []
        append = out.append
        for moment in moments:
            ordinal = moment.toordinal()
            index = ordinal - self._lo
            if index < 0 or index >= len(self._days):
                self._cover(ordinal)
                index = ordinal - self._lo
            append(self._cum[index] + self._days[index].done_by[moment.hour * 60 + moment.minute])
        return out

    def to_datetime(self, minutes: int, *, finish: bool) -> datetime:
        """The datetime at ``minutes`` working minutes from the origin. As a start
        (``finish=False``) it is the start of the next working minute (Monday 08:00); as a
        finish it is the end of the previous working period (Friday 17:00)."""
        cache = self._finish_cache if finish else self._start_cache
        found = cache.get(minutes)
        if found is None:
            found = cache[minutes] = self._convert(minutes, finish)
        return found

    def datetimes_of(self, minutes: Sequence[int], *, finish: bool) -> list[datetime]:
        """``to_datetime`` for many values at once. When all were converted before (a
        schedule computed again), one lookup each, in a single pass."""
        cache = self._finish_cache if finish else self._start_cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        try:
            return list(map(cache.__getitem__, minutes))
        except KeyError:
            pass
        get = cache.get
        convert = self._convert
        out: list[datetime] = []
        append = out.append
        for value in minutes:
            found = get(value)
            if found is None:
                found = cache[value] = convert(value, finish)
            append(found)
        return out

    def add_elapsed(self, minutes: int, elapsed: int, *, finish: bool) -> int:
        """Working minutes reached ``elapsed`` clock minutes (weekends and nights included)
        after the moment ``minutes`` (a finish or a start per ``finish``)."""
        moment = self.to_datetime(minutes, finish=finish) + timedelta(minutes=elapsed)
        return self.to_minutes(moment)

    def on(self, clock: WorkCalendar) -> OnClock:
        """This calendar read on ``clock``, a calendar working whenever it does; kept, as a
        shared calendar meets the same clock run after run."""
        found = self._on_clocks.get(clock)
        if found is None:
            found = self._on_clocks[clock] = OnClock(self, clock)
        return found

    def day_times(self, ordinal: int) -> WorkingTimes:
        """The working periods of the day ``ordinal`` (exceptions and holidays applied)."""
        return self._day(ordinal).periods

    def has_working_time(self) -> bool:
        """Whether the calendar works at all (its week or an exception)."""
        return any(p.total for p in self._week) or any(p.total for p in self._exceptions.values())

    def working_minutes_on(self, day: date) -> int:
        return self._day(day.toordinal()).total

    def is_working_day(self, day: date) -> bool:
        return self._day(day.toordinal()).total > 0

    # -- internals ----------------------------------------------------------------------------

    def _pattern(self, times: WorkingTimes) -> _DayPattern:
        times = tuple(times)
        previous = 0
        for begin, end in times:
            if not (previous <= begin < end <= _MINUTES_PER_DAY):
                raise ScheduleError(
                    [Problem(f"Calendar {self.spec.name!r}: working times {times} are not valid.")]
                )
            previous = end
        return _day_pattern(times)

    def _day(self, ordinal: int) -> _DayPattern:
        index = ordinal - self._lo
        if index < 0 or index >= len(self._days):
            self._cover(ordinal)
            index = ordinal - self._lo
        return self._days[index]

    def _convert(self, minutes: int, finish: bool) -> datetime:
        self._cover_origin()
        cum = self._cum
        if (minutes <= cum[0]) if finish else (minutes < cum[0]):
            self._extend_back(1 + (cum[0] - minutes) // self._yearly)
            while (minutes <= self._cum[0]) if finish else (minutes < self._cum[0]):
                self._extend_back(1)
            cum = self._cum
        if (minutes > cum[-1]) if finish else (minutes >= cum[-1]):
            self._extend_forward(1 + (minutes - cum[-1]) // self._yearly)
            while (minutes > self._cum[-1]) if finish else (minutes >= self._cum[-1]):
                self._extend_forward(1)
            cum = self._cum
        if finish:
            index = bisect_left(cum, minutes) - 1
            minute_of_day = self._days[index].end_of[minutes - cum[index]]
        else:
            index = bisect_right(cum, minutes) - 1
            minute_of_day = self._days[index].start_of[minutes - cum[index]]
        ordinal = self._lo + index
        midnight = self._midnights.get(ordinal)
        if midnight is None:
            midnight = self._midnights[ordinal] = datetime.fromordinal(ordinal)
        return midnight + _MINUTE_STEPS[minute_of_day]

    def _patterns_for(self, first: int, last: int) -> list[_DayPattern]:
        """Day patterns for ordinals ``first`` to ``last`` inclusive."""
        if self.spec.us_federal_holidays:
            wanted = set(range(date.fromordinal(first).year, date.fromordinal(last).year + 1))
            for year in sorted(wanted - self._holiday_years):
                self._holidays |= _federal_holidays(year)
                self._holiday_years.add(year)
        week = self._week
        exceptions = self._exceptions
        federal = self._holidays
        closed = self._closed
        days = []
        for ordinal in range(first, last + 1):
            pattern = exceptions.get(ordinal)
            if pattern is None:
                pattern = closed if ordinal in federal else week[(ordinal - 1) % 7]
            days.append(pattern)
        return days

    def _cover_origin(self) -> None:
        """Cover the origin's year, when no date has been converted yet."""
        if not self._days:
            self._cover_first(self._origin.toordinal() if self._origin else _DEFAULT_ORIGIN)

    def _cover_first(self, ordinal: int) -> None:
        year = date.fromordinal(ordinal).year
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        self._lo = first
        self._days = self._patterns_for(first, last)
        cum = [0]
        total = 0
        for pattern in self._days:
            total += pattern.total
            cum.append(total)
        self._cum = cum

    def _cover(self, ordinal: int) -> None:
        if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
            raise ScheduleError([Problem(f"{date.fromordinal(ordinal)} is out of range.")])
        if not self._days:
            self._cover_first(ordinal)
        if ordinal < self._lo:
            self._extend_back(date.fromordinal(self._lo).year - date.fromordinal(ordinal).year)
        end = self._lo + len(self._days)
        if ordinal >= end:
            self._extend_forward(date.fromordinal(ordinal).year - date.fromordinal(end).year + 1)

    def _extend_forward(self, years: int) -> None:
        first = self._lo + len(self._days)
        if first > _MAX_ORDINAL:
            raise ScheduleError([Problem("The schedule runs past the year 9999.")])
        year = min(date.fromordinal(first).year + years - 1, 9999)
        last = min(date(year, 12, 31).toordinal(), _MAX_ORDINAL)
        added = self._patterns_for(first, last)
        cum = self._cum
        total = cum[-1]
        for pattern in added:
            total += pattern.total
            cum.append(total)
        self._days.extend(added)

    def _extend_back(self, years: int) -> None:
        last = self._lo - 1
        if last < _MIN_ORDINAL:
            raise ScheduleError([Problem("The schedule runs before the year 1.")])
        year = max(date.fromordinal(last).year - years + 1, 1)
        first = max(date(year, 1, 1).toordinal(), _MIN_ORDINAL)
        added = self._patterns_for(first, last)
        head = [0] * (len(added) + 1)
        total = self._cum[0]
        head[-1] = total
        for position in range(len(added) - 1, -1, -1):
            total -= added[position].total
            head[position] = total
        self._cum = head[:-1] + self._cum
        self._days = added + self._days
        self._lo = first


class OnClock:
    """A calendar's working minutes read as minutes of a clock that works whenever it does
    (the engine's union clock), in integer arithmetic: the calendar is the clock less the
    stretches of clock minutes it does not work (leave days, another shift's hours), kept in
    order, so that a conversion is a bisect and an addition, never a datetime.

    Calendar minutes here count from an arbitrary point; only their differences mean
    anything. A clock minute the calendar does not work reads as the calendar's working time
    before it, so a moment read as a start or as a finish gives the same number (no working
    time of the calendar lies between the two). Gaps are known for the days covered, which
    grow a year at a time, as the clock's do.
    """

    __slots__ = (
        "_anchor",
        "_calendar",
        "_clock",
        "_end",
        "_ends",
        "_first",
        "_gaps",
        "_hi",
        "_lo",
        "_marks",
        "_shifts",
        "_starts",
    )

    def __init__(self, calendar: WorkCalendar, clock: WorkCalendar) -> None:
        self._calendar = calendar
        self._clock = clock
        #: (from, to) clock minutes the calendar does not work, in order.
        self._gaps: list[tuple[int, int]] = []
        #: Clock minutes the calendar does not work before the first gap: where its minutes
        #: count from, fixed as gaps are found before it.
        self._anchor = 0
        if calendar is clock:
            self._first = self._end = 0
            self._index()
            self._lo, self._hi = -FAR, FAR
            return
        clock._cover_origin()
        self._first = self._end = clock._lo
        self._grow(forward=True)

    def forward(self, at: int, delay: int, left: int) -> tuple[int, int]:
        """Start and finish on the clock of ``left`` calendar minutes of work that begins
        ``delay`` calendar minutes after the clock minute ``at``. Work clear of every gap
        (most work, on a calendar that is the clock less some leave) is plain addition."""
        while True:
            gap = bisect_right(self._starts, at) - 1
            after = at >= self._ends[gap]
            if after and at + delay + left < self._starts[gap + 1]:
                first = at + delay
                last = first + left
            else:
                marks, shifts = self._marks, self._shifts
                begin = (at - shifts[gap] if after else marks[gap]) + delay
                first = begin + shifts[bisect_right(marks, begin, gap) - 1]
                done = begin + left - 1
                last = done + shifts[bisect_right(marks, done, gap) - 1] + 1 if left else first
            if self._lo <= at and last < self._hi:
                return first, last
            self._grow(forward=at >= self._lo)

    def backward(self, limit: int, delay: int, left: int) -> tuple[int, int]:
        """Start and finish on the clock of ``left`` calendar minutes of work, begun
        ``delay`` calendar minutes after its start, that must be done by the clock minute
        ``limit`` (the inverse of ``forward``)."""
        while True:
            gap = bisect_right(self._starts, limit) - 1
            gap_end = self._ends[gap]
            begin = limit - left - delay
            if limit > gap_end and begin >= gap_end:
                first = begin if left else limit
                last = limit
            else:
                marks, shifts = self._marks, self._shifts
                end = limit - shifts[gap] if limit >= gap_end else marks[gap]
                before = bisect_right(marks, end - 1, 0, gap + 1) - 1
                last = end + shifts[before]
                begin = end - left - delay
                first = (
                    begin + shifts[bisect_right(marks, begin, 0, before + 1) - 1] if left else last
                )
            if self._lo <= first and self._lo < last and limit <= self._hi:
                return first, last
            self._grow(forward=limit > self._hi)

    def minutes(self, at: int) -> int:
        """Calendar minutes worked by the clock minute ``at``."""
        while not self._lo <= at <= self._hi:
            self._grow(forward=at > self._hi)
        gap = bisect_right(self._starts, at) - 1
        if at < self._ends[gap]:
            return self._marks[gap]
        return at - self._shifts[gap]

    def start(self, minutes: int) -> int:
        """The clock minute at which the calendar's minute ``minutes`` begins (the clock's
        reading of its ``to_datetime(minutes, finish=False)``)."""
        at = minutes + self._shifts[bisect_right(self._marks, minutes) - 1]
        while not self._lo <= at < self._hi:
            self._grow(forward=at >= self._hi)
            at = minutes + self._shifts[bisect_right(self._marks, minutes) - 1]
        return at

    def finish(self, minutes: int) -> int:
        """The clock minute by which ``minutes`` calendar minutes are done (the clock's
        reading of its ``to_datetime(minutes, finish=True)``)."""
        return self.start(minutes - 1) + 1

    def _grow(self, *, forward: bool) -> None:
        """Cover the clock's next days in one direction (a year more of them when the clock
        has no more)."""
        clock = self._clock
        if forward:
            if self._end == clock._lo + len(clock._days):
                clock._extend_forward(1)
            end = clock._lo + len(clock._days)
            self._gaps.extend(self._gaps_in(self._end, end))
            self._end = end
        else:
            if self._first == clock._lo:
                clock._extend_back(1)
            found = self._gaps_in(clock._lo, self._first)
            self._anchor -= sum(end - begin for begin, end in found)
            self._gaps[:0] = found
            self._first = clock._lo
        self._index()
        self._lo = clock._cum[self._first - clock._lo]
        self._hi = clock._cum[self._end - clock._lo]

    def _gaps_in(self, first: int, end: int) -> list[tuple[int, int]]:
        """Clock minutes the calendar does not work on days ``first`` to ``end`` (ordinals,
        the last excluded)."""
        clock = self._clock
        calendar = self._calendar
        lo = clock._lo
        gaps: list[tuple[int, int]] = []
        for ordinal in range(first, end):
            ours = clock._days[ordinal - lo]
            theirs = calendar._day(ordinal)
            if ours is theirs or ours.periods == theirs.periods:
                continue
            base = clock._cum[ordinal - lo]
            done_by = ours.done_by
            closed = 0
            for begin, end_of_period in ours.periods:
                cursor = begin
                for their_begin, their_end in theirs.periods:
                    if their_end <= cursor or their_begin >= end_of_period:
                        continue
                    if their_begin > cursor:
                        closed += self._close(
                            gaps, base + done_by[cursor], base + done_by[their_begin]
                        )
                    cursor = their_end
                if cursor < end_of_period:
                    closed += self._close(
                        gaps, base + done_by[cursor], base + done_by[end_of_period]
                    )
            if ours.total - closed != theirs.total:
                raise ValueError(
                    f"Calendar {calendar.spec.name!r} works outside the clock "
                    f"{clock.spec.name!r} on {date.fromordinal(ordinal)}."
                )
        return gaps

    @staticmethod
    def _close(gaps: list[tuple[int, int]], begin: int, end: int) -> int:
        """Add a gap (joined to the one it continues); its length."""
        if gaps and gaps[-1][1] == begin:
            gaps[-1] = (gaps[-1][0], end)
        else:
            gaps.append((begin, end))
        return end - begin

    def _index(self) -> None:
        """The bisect tables, behind a sentinel gap at the start of time: per gap its first
        clock minute, its end, the calendar minute it sits at, and the clock minutes the
        calendar does not work up to its end."""
        closed = self._anchor
        starts, ends, marks, shifts = [-FAR], [-FAR], [-FAR], [closed]
        for begin, end in self._gaps:
            starts.append(begin)
            ends.append(end)
            marks.append(begin - closed)
            closed += end - begin
            shifts.append(closed)
        starts.append(FAR)  # where ``forward`` looks for the next gap
        self._starts, self._ends, self._marks, self._shifts = starts, ends, marks, shifts


@lru_cache(maxsize=2048)
def calendar_problems(spec: CalendarSpec) -> tuple[str, ...]:
    """What is wrong with a calendar ("has no working time", bad periods), once per spec."""
    try:
        WorkCalendar(spec)
    except ScheduleError as error:
        return tuple(problem.message for problem in error.problems)
    return ()


def span_minutes(calendar: WorkCalendar, start: datetime, finish: datetime) -> int:
    """Working minutes between two datetimes (negative when ``finish`` is before ``start``)."""
    return calendar.to_minutes(finish) - calendar.to_minutes(start)


def shared_calendar(spec: CalendarSpec, origin: date) -> WorkCalendar:
    """A ``WorkCalendar`` kept between calls, so that recomputing a schedule (after an edit,
    or the DCMA critical path test's delayed copy) reuses its day tables and converted
    datetimes. One per thread: a calendar's caches are not shared across threads."""
    return _shared_calendar(spec, origin, threading.get_ident())


@lru_cache(maxsize=512)
def _shared_calendar(spec: CalendarSpec, origin: date, thread: int) -> WorkCalendar:
    return WorkCalendar(spec, origin=origin)


def working_day_edge(spec: CalendarSpec, day: date, *, finish: bool) -> datetime:
    """``day`` at the start of its working time, or (``finish``) at its end, by the week of
    ``spec``: a finish on 5 March is 17:00 on 5 March, as Microsoft Project records it. A day
    the week does not work takes the standard day's edges (8:00 and 17:00), so a date people
    type is never moved to another day."""
    periods = spec.week[day.weekday()] or STANDARD_DAY
    minute = periods[-1][1] if finish else periods[0][0]
    return datetime.combine(day, time()) + timedelta(minutes=minute)


# -- calendars made of others ------------------------------------------------------------------


def _intersect_times(a: WorkingTimes, b: WorkingTimes) -> WorkingTimes:
    out: list[tuple[int, int]] = []
    for begin_a, end_a in a:
        for begin_b, end_b in b:
            begin, end = max(begin_a, begin_b), min(end_a, end_b)
            if begin < end:
                out.append((begin, end))
    return tuple(sorted(out))


def _union_times(days: Iterable[WorkingTimes]) -> WorkingTimes:
    merged: list[list[int]] = []
    for begin, end in sorted(period for day in days for period in day):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return tuple((begin, end) for begin, end in merged)


def _exception_days(specs: Sequence[CalendarSpec]) -> list[int]:
    days: set[int] = set()
    for spec in specs:
        for exception in spec.exceptions:
            days.update(range(exception.start.toordinal(), exception.end.toordinal() + 1))
    return sorted(days)


def _as_exceptions(days: dict[int, WorkingTimes]) -> tuple[CalendarException, ...]:
    """Consecutive days with the same working times as one exception each."""
    out: list[CalendarException] = []
    for ordinal in sorted(days):
        times = days[ordinal]
        last = out[-1] if out else None
        if last is not None and last.end.toordinal() == ordinal - 1 and last.working_times == times:
            out[-1] = CalendarException(last.start, date.fromordinal(ordinal), times)
        else:
            day = date.fromordinal(ordinal)
            out.append(CalendarException(day, day, times))
    return tuple(out)


@lru_cache(maxsize=1024)
def intersect_calendars(first: CalendarSpec, second: CalendarSpec) -> CalendarSpec:
    """The working time two calendars share: where a task calendar meets a resource's
    calendar, Microsoft Project schedules the resource's work. Holidays of either close the
    day; each exception day of either becomes an exception with the time both work that day.
    The result may have no working time at all (the caller says which task and resource)."""
    if first == second:
        return first
    calendars = (WorkCalendar(first, allow_empty=True), WorkCalendar(second, allow_empty=True))
    days = {
        ordinal: _intersect_times(calendars[0].day_times(ordinal), calendars[1].day_times(ordinal))
        for ordinal in _exception_days((first, second))
    }
    return CalendarSpec(
        name=f"{first.name} ∩ {second.name}",
        week=tuple(_intersect_times(a, b) for a, b in zip(first.week, second.week, strict=True)),
        us_federal_holidays=first.us_federal_holidays or second.us_federal_holidays,
        exceptions=_as_exceptions(days),
    )


def union_calendar(specs: Sequence[CalendarSpec]) -> CalendarSpec:
    """See ``_union_calendar``; the same calendars give the same clock, made once."""
    return _union_calendar(frozenset(specs))


@lru_cache(maxsize=64)
def _union_calendar(specs: frozenset[CalendarSpec]) -> CalendarSpec:
    """A calendar working whenever any of ``specs`` works (at least): the engine's common
    clock when tasks and resources keep different hours, so that every one of their working
    minutes is a minute of it. A US federal holiday is closed only if every calendar closes
    it; otherwise the holiday works the united week, more than any calendar works, which
    costs nothing but unused minutes."""
    distinct = sorted(specs, key=lambda spec: (spec.name, spec.week, spec.exceptions))
    if len(distinct) == 1:
        return distinct[0]
    calendars = [WorkCalendar(spec, allow_empty=True) for spec in distinct]
    days = {
        ordinal: _union_times(calendar.day_times(ordinal) for calendar in calendars)
        for ordinal in _exception_days(distinct)
    }
    week = tuple(_union_times(day) for day in zip(*(spec.week for spec in distinct), strict=True))
    holidays = all(spec.us_federal_holidays for spec in distinct)
    for spec, calendar in zip(distinct, calendars, strict=True):
        # One calendar that already works whenever any other does (the project calendar
        # beside people's leave) is the clock itself: its tasks stay plain arithmetic.
        if (
            spec.week == week
            and spec.us_federal_holidays == holidays
            and all(calendar.day_times(ordinal) == times for ordinal, times in days.items())
        ):
            return spec
    return CalendarSpec(
        name="Common clock",
        week=week,
        us_federal_holidays=holidays,
        exceptions=_as_exceptions(days),
    )
