"""Working-time arithmetic: 8:00-12:00 and 13:00-17:00 weekdays, federal holidays, exceptions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from schedule.engine.calendar import WorkCalendar
from schedule.engine.errors import ScheduleError
from schedule.engine.model import CalendarException, CalendarSpec

DAY = 480


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar(CalendarSpec(), origin=date(2026, 1, 1))


def test_a_working_day_has_480_minutes_between_8_and_17_with_lunch(
    calendar: WorkCalendar,
) -> None:
    monday = datetime(2026, 6, 29, 8, 0)
    assert calendar.to_minutes(datetime(2026, 6, 29, 17, 0)) - calendar.to_minutes(monday) == DAY
    assert calendar.to_minutes(datetime(2026, 6, 29, 12, 30)) == calendar.to_minutes(
        datetime(2026, 6, 29, 13, 0)
    )
    assert calendar.to_minutes(datetime(2026, 6, 29, 10, 15)) - calendar.to_minutes(monday) == 135


def test_non_working_time_counts_up_to_it(calendar: WorkCalendar) -> None:
    friday_close = calendar.to_minutes(datetime(2026, 6, 26, 17, 0))
    assert calendar.to_minutes(datetime(2026, 6, 27, 12, 0)) == friday_close
    assert calendar.to_minutes(datetime(2026, 6, 29, 7, 0)) == friday_close
    assert calendar.to_minutes(datetime(2026, 6, 29, 8, 0)) == friday_close


def test_a_finish_is_the_end_of_the_previous_working_period(calendar: WorkCalendar) -> None:
    friday_close = calendar.to_minutes(datetime(2026, 6, 26, 17, 0))
    assert calendar.to_datetime(friday_close, finish=True) == datetime(2026, 6, 26, 17, 0)
    assert calendar.to_datetime(friday_close, finish=False) == datetime(2026, 6, 29, 8, 0)
    noon = calendar.to_minutes(datetime(2026, 6, 29, 12, 0))
    assert calendar.to_datetime(noon, finish=True) == datetime(2026, 6, 29, 12, 0)
    assert calendar.to_datetime(noon, finish=False) == datetime(2026, 6, 29, 13, 0)


def test_part_day_durations(calendar: WorkCalendar) -> None:
    start = calendar.to_minutes(datetime(2026, 6, 29, 10, 0))
    assert calendar.to_datetime(start + 240, finish=True) == datetime(2026, 6, 29, 15, 0)
    assert calendar.to_datetime(start + 120, finish=True) == datetime(2026, 6, 29, 12, 0)
    assert calendar.to_datetime(start + 121, finish=True) == datetime(2026, 6, 29, 13, 1)
    # 360 minutes on Monday, 480 on Tuesday, 60 on Wednesday.
    assert calendar.to_datetime(start + 900, finish=True) == datetime(2026, 7, 1, 9, 0)


def test_observed_independence_day_is_skipped(calendar: WorkCalendar) -> None:
    # 4 July 2026 is a Saturday: the federal holiday is observed on Friday 3 July.
    assert not calendar.is_working_day(date(2026, 7, 3))
    assert calendar.working_minutes_on(date(2026, 7, 3)) == 0
    thursday = calendar.to_minutes(datetime(2026, 7, 2, 8, 0))
    assert calendar.to_datetime(thursday + DAY, finish=False) == datetime(2026, 7, 6, 8, 0)
    assert calendar.to_datetime(thursday + 2 * DAY, finish=True) == datetime(2026, 7, 6, 17, 0)


def test_federal_holidays_can_be_turned_off() -> None:
    calendar = WorkCalendar(CalendarSpec(us_federal_holidays=False))
    assert calendar.is_working_day(date(2026, 7, 3))
    assert calendar.working_minutes_on(date(2026, 12, 25)) == DAY


def test_exceptions_close_days_and_open_others() -> None:
    spec = CalendarSpec(
        exceptions=(
            CalendarException(date(2026, 3, 2), date(2026, 3, 3), name="Closure"),
            CalendarException(date(2026, 3, 7), date(2026, 3, 7), ((480, 720),), name="Saturday"),
            # An exception wins over a holiday.
            CalendarException(date(2026, 7, 3), date(2026, 7, 3), ((480, 1020),)),
        )
    )
    calendar = WorkCalendar(spec)
    assert not calendar.is_working_day(date(2026, 3, 2))
    assert not calendar.is_working_day(date(2026, 3, 3))
    assert calendar.working_minutes_on(date(2026, 3, 7)) == 240
    assert calendar.working_minutes_on(date(2026, 7, 3)) == 540
    friday = calendar.to_minutes(datetime(2026, 3, 6, 17, 0))
    assert calendar.to_datetime(friday, finish=False) == datetime(2026, 3, 7, 8, 0)
    assert calendar.to_datetime(friday + 240, finish=True) == datetime(2026, 3, 7, 12, 0)
    assert calendar.to_datetime(friday + 241, finish=True) == datetime(2026, 3, 9, 8, 1)
    before = calendar.to_minutes(datetime(2026, 2, 27, 17, 0))
    assert calendar.to_datetime(before, finish=False) == datetime(2026, 3, 4, 8, 0)


def test_elapsed_minutes_run_round_the_clock(calendar: WorkCalendar) -> None:
    friday_close = calendar.to_minutes(datetime(2026, 6, 26, 17, 0))
    # Two elapsed days after Friday 17:00 is Sunday 17:00: the next working minute is Monday.
    assert calendar.add_elapsed(friday_close, 2 * 1440, finish=True) == friday_close
    assert calendar.add_elapsed(friday_close, 3 * 1440, finish=True) == friday_close + DAY
    monday = calendar.to_minutes(datetime(2026, 6, 29, 8, 0))
    assert calendar.add_elapsed(monday, 1440, finish=False) == monday + DAY


def test_round_trips_and_spans_grow_both_ways(calendar: WorkCalendar) -> None:
    moments = [datetime(2019, 1, 2, 9, 0), datetime(2031, 11, 12, 14, 45)]
    for moment in moments:
        minutes = calendar.to_minutes(moment)
        assert calendar.to_datetime(minutes, finish=False) == moment
        assert calendar.to_minutes(calendar.to_datetime(minutes, finish=True)) == minutes
    assert calendar.to_minutes(moments[0]) < 0 < calendar.to_minutes(moments[1])


def test_bulk_conversions_agree_with_single_ones(calendar: WorkCalendar) -> None:
    moments = [datetime(2026, 1, 1) + timedelta(minutes=37 * k) for k in range(2000)]
    minutes = calendar.minutes_of(moments)
    assert minutes == [calendar.to_minutes(m) for m in moments]
    assert calendar.datetimes_of(minutes, finish=True) == [
        calendar.to_datetime(m, finish=True) for m in minutes
    ]


def test_converting_100k_dates_over_years_agrees_with_single_ones(calendar: WorkCalendar) -> None:
    """A bulk conversion over more than fifty years of dates (its speed is the benchmark's)."""
    moments = [datetime(2026, 1, 1) + timedelta(minutes=263 * k) for k in range(100_000)]
    minutes = calendar.minutes_of(moments)
    assert len(minutes) == 100_000
    sample = moments[::997]
    assert minutes[::997] == [calendar.to_minutes(m) for m in sample]
    assert minutes == sorted(minutes)


def test_a_calendar_without_working_time_is_refused() -> None:
    with pytest.raises(ScheduleError, match="no working time"):
        WorkCalendar(CalendarSpec(name="Never", week=((),) * 7))
