"""Business days and fiscal years as federal offices count them."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from programs.federal_calendar import (
    add_business_days,
    add_months,
    business_day_of_month,
    fiscal_year,
    fiscal_year_bounds,
    is_business_day,
    month_end,
    months_between,
)
from schedule.engine.calendar import WorkCalendar
from schedule.engine.model import CalendarSpec


def test_weekends_and_observed_federal_holidays_are_not_business_days() -> None:
    assert not is_business_day(date(2026, 7, 3))  # Independence Day observed (a Friday)
    assert not is_business_day(date(2026, 11, 26))  # Thanksgiving
    assert not is_business_day(date(2026, 11, 28))  # a Saturday
    assert is_business_day(date(2026, 11, 30))


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_business_days_are_the_schedule_standard_calendar_working_days(day: date) -> None:
    assert is_business_day(day) == WorkCalendar(CalendarSpec()).is_working_day(day)


def test_adding_business_days_skips_weekends_and_holidays() -> None:
    # Wednesday before Thanksgiving: Thursday is the holiday, then Friday, then Monday.
    assert add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert add_business_days(date(2026, 11, 25), 2) == date(2026, 11, 30)
    assert add_business_days(date(2026, 11, 25), 0) == date(2026, 11, 25)


def test_the_nth_business_day_of_a_month() -> None:
    # January 2027: the 1st is New Year's Day, the 2nd and 3rd a weekend.
    assert business_day_of_month(date(2027, 1, 20), 1) == date(2027, 1, 4)
    # Martin Luther King Jr. Day (18 January) does not count.
    assert business_day_of_month(date(2027, 1, 1), 10) == date(2027, 1, 15)
    assert business_day_of_month(date(2027, 1, 1), 11) == date(2027, 1, 19)
    # A month has about 21 business days: asking for the 30th gives its last.
    assert business_day_of_month(date(2027, 2, 1), 30) == date(2027, 2, 26)


def test_fiscal_years_start_in_october() -> None:
    assert fiscal_year(date(2026, 9, 30)) == 2026
    assert fiscal_year(date(2026, 10, 1)) == 2027
    assert fiscal_year_bounds(2027) == (date(2026, 10, 1), date(2027, 9, 30))


def test_month_arithmetic() -> None:
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 1)
    assert add_months(date(2027, 1, 15), -13) == date(2025, 12, 1)
    assert months_between(date(2026, 10, 31), date(2027, 9, 1)) == 11
