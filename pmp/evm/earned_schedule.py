"""Earned schedule (Walt Lipke, "Schedule is Different", The Measurable News, 2003).

Earned value measures the schedule in money, and at the end of a late project its SV is 0
and its SPI 1 however late it is. Earned schedule measures it in time: ES is how far into
the baseline the plan had earned what has been earned now.

    ES      = C + (EV - PV_C) / (PV_C+1 - PV_C)
    SV(t)   = ES - AT
    SPI(t)  = ES / AT
    IEAC(t) = PD / SPI(t)

where PV_k is the baseline's cumulative planned value at the end of period k (PV_0 = 0),
C the number of whole periods whose cumulative PV is at most EV, AT the number of periods
elapsed, and PD the planned duration: the periods the baseline takes to plan its whole
budget (its BAC, the last figure of the curve).

Conventions:
- Periods are months. Period 1 is the month the baseline starts in, period k the k-th month
  from it; each ends on its month's last day, the status date of that period.
- Flat periods: where the plan adds nothing for some months, C counts them, so ES is the
  latest time at which the plan had earned as much as EV (with EV = 0 before anything was
  planned, ES is the months planned to earn nothing).
- Complete: once EV reaches BAC, C is PD and ES = PD; IEAC(t) is then AT, the actual
  duration.
- AT = 0 (nothing has elapsed): SPI(t) and IEAC(t) are undefined (``None``). ES = 0 with
  time elapsed gives SPI(t) = 0 and an undefined IEAC(t).
- A duration D in periods is a date by counting months from the baseline start: the whole
  months of D bring it to the end of month floor(D); a fraction f of the next month is the
  day ceil(f x the days of that month) within it. A whole D ends on its month's last day.
  A forecast beyond the year 9999 (an SPI(t) close to nothing) has no date.
- The measures are computed exactly (fractions of integer cents) and rounded half up to
  four places once, at the end.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

from schedule.engine.cost import round_half_up, to_dollars

from .errors import EarnedValueDataError

PLACES = 4


@dataclass(frozen=True, slots=True)
class EarnedSchedule:
    es: Decimal  # earned schedule, in periods
    at: Decimal  # actual time: periods elapsed (the status date's month to its day)
    sv_t: Decimal  # ES - AT, in periods
    spi_t: Decimal | None  # ES / AT
    pd: int  # planned duration, in periods
    ieac_t: Decimal | None  # PD / SPI(t), in periods
    planned_finish: date  # the end of period PD
    forecast_finish: date | None  # IEAC(t) periods from the baseline start
    complete: bool  # EV has reached BAC
    # The interpolation's terms, for showing the formula with its values:
    whole_periods: int  # C
    ev: Decimal
    pv_c: Decimal  # cumulative PV at the end of period C
    pv_next: Decimal | None  # at the end of period C + 1; None once complete


def to_places(value: Fraction) -> Decimal:
    """``value`` to four decimal places, halves away from zero."""
    return Decimal(round_half_up(value.numerator * 10**PLACES, value.denominator)).scaleb(-PLACES)


def month_end(start: date, months: int) -> date:
    """The last day of the ``months``-th month counting ``start``'s month as the first."""
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def date_after(start: date, periods: Fraction) -> date:
    """The date ``periods`` months into a baseline starting in ``start``'s month."""
    whole = floor(periods)
    fraction = periods - whole
    if fraction == 0:
        return month_end(start, whole)
    last = month_end(start, whole + 1)
    return last.replace(day=max(1, ceil(fraction * last.day)))


def _forecast(start: date, periods: Fraction) -> date | None:
    """The forecast finish; ``None`` past the calendar's end (year 9999), where a schedule
    performance close to nothing sends it."""
    if start.year + periods / 12 >= 9999:
        return None
    return date_after(start, periods)


def periods_elapsed(baseline_start: date, status_date: date) -> Fraction:
    """AT: the months from the baseline's first to the status date, the status date's own
    month counted to its day (a whole month at its last day, 20/30 of November on 20
    November); 0 before the baseline starts."""
    whole = (status_date.year - baseline_start.year) * 12 + (
        status_date.month - baseline_start.month
    )
    if whole < 0:
        return Fraction(0)
    days = calendar.monthrange(status_date.year, status_date.month)[1]
    return whole + Fraction(status_date.day, days)


def planned_duration(planned: Sequence[int]) -> int:
    """PD: the periods the curve takes to reach its last figure, the BAC."""
    return planned.index(planned[-1]) + 1


def validate(planned: Sequence[int], ev: int, at: Fraction | int) -> list[str]:
    if not planned:
        return ["The baseline has no planned value curve."]
    problems = []
    if planned[-1] <= 0:
        problems.append("The baseline's planned value curve plans no budget.")
    for k, (before, after) in enumerate(zip((0, *planned), planned, strict=False), start=1):
        if after < before:
            problems.append(
                f"Period {k}: the cumulative planned value falls ({before} to {after} cents); "
                "a cumulative curve never does."
            )
    if not 0 <= ev <= planned[-1]:
        problems.append(
            f"EV ({ev} cents) is outside 0 to the budget at completion ({planned[-1]} cents)."
        )
    if at < 0:
        problems.append(f"Actual time is {at} periods: it cannot be negative.")
    return problems


def earned_schedule(
    *, planned: Sequence[int], ev: int, at: Fraction | int, baseline_start: date
) -> EarnedSchedule:
    """Earned schedule of ``ev`` (cumulative EV in cents) after ``at`` periods against the
    baseline's cumulative planned value ``planned`` (cents at the end of periods 1, 2, ...,
    through the period it reaches BAC or later), which starts in ``baseline_start``'s month.
    Raises ``EarnedValueDataError`` with every problem found."""
    problems = validate(planned, ev, at)
    if problems:
        raise EarnedValueDataError(problems)
    pd = planned_duration(planned)
    curve = (0, *planned[:pd])  # PV_0 .. PV_PD
    whole = min(pd, bisect_right(curve, ev) - 1)  # C: the last k <= PD with PV_k <= EV
    if whole == pd:
        es = Fraction(pd)
        pv_next = None
    else:
        es = whole + Fraction(ev - curve[whole], curve[whole + 1] - curve[whole])
        pv_next = curve[whole + 1]
    spi_t = None if at == 0 else es / at
    ieac_t = None if not spi_t else pd / spi_t
    return EarnedSchedule(
        es=to_places(es),
        at=to_places(Fraction(at)),
        sv_t=to_places(es - at),
        spi_t=None if spi_t is None else to_places(spi_t),
        pd=pd,
        ieac_t=None if ieac_t is None else to_places(ieac_t),
        planned_finish=month_end(baseline_start, pd),
        forecast_finish=None if ieac_t is None else _forecast(baseline_start, ieac_t),
        complete=ev == planned[-1],
        whole_periods=whole,
        ev=to_dollars(ev),
        pv_c=to_dollars(curve[whole]),
        pv_next=None if pv_next is None else to_dollars(pv_next),
    )
