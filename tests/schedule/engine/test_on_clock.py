"""A calendar read on the engine's clock in integer arithmetic (``OnClock``) gives the dates
that converting through datetimes gives: the clock's minute to a datetime, to the calendar's
minutes, and back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from schedule.engine.calendar import WorkCalendar, union_calendar
from schedule.engine.model import STANDARD_DAY, CalendarException, CalendarSpec, WorkingTimes

ORIGIN = date(2026, 1, 5)
YEAR = 250 * 480  # about a year of the standard calendar's working minutes

DAYS: tuple[WorkingTimes, ...] = (
    (),
    STANDARD_DAY,
    ((0, 360), (1320, 1440)),  # a night shift
    ((0, 1440),),
    ((420, 720), (780, 1080)),
    ((480, 600),),
)


@st.composite
def calendars(draw: st.DrawFn, name: str) -> CalendarSpec:
    """A week of varied days (at least one working), holidays or not, and a few exceptions
    (leave, extra days, part days) around the origin."""
    week = draw(st.lists(st.sampled_from(DAYS), min_size=7, max_size=7))
    if not any(week):
        week[0] = STANDARD_DAY
    exceptions = []
    for _ in range(draw(st.integers(0, 4))):
        first = ORIGIN + timedelta(days=draw(st.integers(-400, 800)))
        last = first + timedelta(days=draw(st.integers(0, 9)))
        exceptions.append(CalendarException(first, last, draw(st.sampled_from(DAYS))))
    return CalendarSpec(name, tuple(week), draw(st.booleans()), tuple(exceptions))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[CalendarSpec, CalendarSpec]:
    """A calendar and the clock it runs on: the union of it and other calendars."""
    specs = [draw(calendars(f"Calendar {k}")) for k in range(draw(st.integers(1, 3)))]
    return specs[0], union_calendar(specs)


def _through_datetimes(
    calendar: WorkCalendar, clock: WorkCalendar, at: int, delay: int, left: int
) -> tuple[int, int, int, int]:
    """Forward and backward dates as the engine computed them before, through datetimes."""
    begin = calendar.to_minutes(clock.to_datetime(at, finish=False)) + delay
    first = clock.to_minutes(calendar.to_datetime(begin, finish=False))
    last = clock.to_minutes(calendar.to_datetime(begin + left, finish=True)) if left else first
    end = calendar.to_minutes(clock.to_datetime(at, finish=True))
    late_last = clock.to_minutes(calendar.to_datetime(end, finish=True))
    late_first = (
        clock.to_minutes(calendar.to_datetime(end - left - delay, finish=False))
        if left
        else late_last
    )
    return first, last, late_first, late_last


@settings(max_examples=200, deadline=None)
@given(
    pairs(),
    st.lists(
        st.tuples(
            st.integers(-2 * YEAR, 3 * YEAR),
            st.sampled_from((0, 0, 0, 60, 480, 2400)),
            st.sampled_from((0, 1, 59, 480, 2400, 9600, 48000)),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_work_on_a_calendar_read_on_its_clock(
    pair: tuple[CalendarSpec, CalendarSpec], works: list[tuple[int, int, int]]
) -> None:
    calendar, clock = (WorkCalendar(spec, origin=ORIGIN) for spec in pair)
    on = calendar.on(clock)
    for at, delay, left in works:
        first, last, late_first, late_last = _through_datetimes(calendar, clock, at, delay, left)
        assert on.forward(at, delay, left) == (first, last)
        assert on.backward(at, delay, left) == (late_first, late_last)


@settings(max_examples=100, deadline=None)
@given(pairs(), st.lists(st.integers(-2 * YEAR, 3 * YEAR), min_size=2, max_size=8))
def test_minutes_starts_and_finishes_read_on_the_clock(
    pair: tuple[CalendarSpec, CalendarSpec], moments: list[int]
) -> None:
    calendar, clock = (WorkCalendar(spec, origin=ORIGIN) for spec in pair)
    on = calendar.on(clock)
    reference = moments[0]
    for at in moments:
        worked = calendar.to_minutes(clock.to_datetime(at, finish=False))
        assert worked == calendar.to_minutes(clock.to_datetime(at, finish=True))
        assert on.minutes(at) - on.minutes(reference) == worked - calendar.to_minutes(
            clock.to_datetime(reference, finish=False)
        )
        minutes = on.minutes(at)
        assert on.start(minutes) == clock.to_minutes(calendar.to_datetime(worked, finish=False))
        assert on.finish(minutes) == clock.to_minutes(calendar.to_datetime(worked, finish=True))


def test_the_clock_read_on_itself_is_the_identity() -> None:
    clock = WorkCalendar(CalendarSpec(), origin=ORIGIN)
    on = clock.on(clock)
    assert on.forward(1000, 60, 480) == (1060, 1540)
    assert on.backward(1000, 60, 480) == (460, 1000)
    assert on.minutes(-(10**9)) == -(10**9)


def test_leave_days_are_the_only_gaps() -> None:
    """A person's calendar, the project's less a week of leave: work clear of the leave is
    plain addition; work across it waits for the person's return."""
    project = CalendarSpec("Project")
    leave = CalendarException(date(2026, 3, 2), date(2026, 3, 6), name="Leave")
    person = CalendarSpec("Person", exceptions=(leave,))
    clock = WorkCalendar(union_calendar([project, person]), origin=ORIGIN)
    assert clock.spec == project  # the project calendar works whenever the person does
    on = WorkCalendar(person, origin=ORIGIN).on(clock)
    friday = clock.to_minutes(datetime(2026, 2, 27, 8, 0))
    assert on.forward(friday, 0, 480) == (friday, friday + 480)
    # Two days from Friday 27 February: Friday, then Monday 9 March after the leave.
    monday_after = clock.to_minutes(datetime(2026, 3, 9, 17, 0))
    assert monday_after == friday + 7 * 480
    assert on.forward(friday, 0, 960) == (friday, monday_after)
    assert on.backward(monday_after, 0, 960) == (friday, monday_after)
    # Work that must be done by the end of the leave is done by its start.
    assert on.backward(monday_after - 480, 0, 480) == (friday, friday + 480)
