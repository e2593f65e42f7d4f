"""Traffic lights on the performance indices, and the variances that need an explanation.

An index is green inside the green band, yellow inside the yellow band around it, and red
outside both; the bands include their edges. The defaults are DOMAIN.md section 5's
convention: 0.95 to 1.05 green, 0.90 to 0.95 or 1.05 to 1.10 yellow, else red. Far above 1 is
red too: an index that good usually means a baseline that no longer describes the work.
An undefined index (nothing spent, nothing planned) is "none".

The overall light is the worst of the indices', naming the one that set it; between two of
the same colour, the one further from 1, then the first given. "none" counts only when no
index has a colour.

Variances: a cost or schedule variance needs an explanation (a variance analysis report)
once its size reaches a threshold, |variance| >= threshold, in percent (CV% or SV%) and/or in
dollars, as the program sets them. Favourable variances cross too: as in ANSI/EIA-748
practice and tools such as Cobra, an underrun or a lead as large as the threshold is
explained as an overrun or a slip is, since either says the baseline no longer describes the
work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from schedule.engine.earned import EarnedValue

from .earned_schedule import EarnedSchedule
from .errors import EarnedValueDataError

ONE = Decimal(1)


def _decimal(value: Decimal | float | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


class Colour(StrEnum):
    NONE = "none"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def severity(self) -> int:
        return {Colour.NONE: 0, Colour.GREEN: 1, Colour.YELLOW: 2, Colour.RED: 3}[self]


@dataclass(frozen=True, slots=True)
class Bands:
    green_low: Decimal = Decimal("0.95")
    green_high: Decimal = Decimal("1.05")
    yellow_low: Decimal = Decimal("0.90")
    yellow_high: Decimal = Decimal("1.10")

    def __post_init__(self) -> None:
        for name in ("green_low", "green_high", "yellow_low", "yellow_high"):
            object.__setattr__(self, name, _decimal(getattr(self, name)))
        if not self.yellow_low <= self.green_low <= self.green_high <= self.yellow_high:
            raise EarnedValueDataError(
                [
                    "The bands nest: yellow low <= green low <= green high <= yellow high "
                    f"(given {self.yellow_low}, {self.green_low}, {self.green_high}, "
                    f"{self.yellow_high})."
                ]
            )

    def colour(self, value: Decimal | None) -> Colour:
        if value is None:
            return Colour.NONE
        if self.green_low <= value <= self.green_high:
            return Colour.GREEN
        if self.yellow_low <= value <= self.yellow_high:
            return Colour.YELLOW
        return Colour.RED


DEFAULT_BANDS = Bands()


@dataclass(frozen=True, slots=True)
class Light:
    colour: Colour
    indicator: str  # "CPI", "SPI", "SPI(t)"
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class Lights:
    lights: tuple[Light, ...]  # one per indicator, in the order given
    overall: Light  # the worst, naming the indicator that set it


def light(indicator: str, value: Decimal | None, bands: Bands = DEFAULT_BANDS) -> Light:
    return Light(bands.colour(value), indicator, value)


def overall(lights: Sequence[Light]) -> Light:
    """The worst of ``lights``: highest severity, then furthest from 1, then first given."""
    if not lights:
        return Light(Colour.NONE, "", None)
    return max(
        lights,
        key=lambda each: (
            each.colour.severity,
            abs(each.value - ONE) if each.value is not None else Decimal(0),
        ),
    )


def performance_lights(
    value: EarnedValue, schedule: EarnedSchedule | None = None, bands: Bands = DEFAULT_BANDS
) -> Lights:
    """The lights of CPI, SPI and, given the earned schedule, SPI(t), with the overall one."""
    indicators = [light("CPI", value.cpi, bands), light("SPI", value.spi, bands)]
    if schedule is not None:
        indicators.append(light("SPI(t)", schedule.spi_t, bands))
    return Lights(tuple(indicators), overall(indicators))


@dataclass(frozen=True, slots=True)
class Threshold:
    """When a variance needs an explanation: |variance %| >= ``percent`` and/or |variance|
    >= ``amount`` dollars. ``None`` leaves a test out; with both set, either crossing is
    enough unless ``both_required``."""

    percent: Decimal | None = Decimal(10)
    amount: Decimal | None = None
    both_required: bool = False

    def __post_init__(self) -> None:
        for name in ("percent", "amount"):
            given = getattr(self, name)
            if given is not None:
                object.__setattr__(self, name, _decimal(given))
                if getattr(self, name) < 0:
                    raise EarnedValueDataError([f"A variance threshold's {name} is negative."])


@dataclass(frozen=True, slots=True)
class VarianceThresholds:
    cost: Threshold = field(default_factory=Threshold)
    schedule: Threshold = field(default_factory=Threshold)


class Direction(StrEnum):
    FAVOURABLE = "favourable"  # under cost, ahead of schedule
    UNFAVOURABLE = "unfavourable"


@dataclass(frozen=True, slots=True)
class VarianceBreach:
    variance: str  # "cost" or "schedule"
    amount: Decimal
    percent: Decimal | None
    direction: Direction
    crossed: tuple[str, ...]  # which thresholds it reached: "percent", "amount"


def _breach(
    variance: str, amount: Decimal, percent: Decimal | None, threshold: Threshold
) -> VarianceBreach | None:
    tests = []
    if threshold.percent is not None:
        tests.append(("percent", percent is not None and abs(percent) >= threshold.percent))
    if threshold.amount is not None:
        tests.append(("amount", abs(amount) >= threshold.amount))
    crossed = tuple(name for name, passed in tests if passed)
    if not crossed or (threshold.both_required and len(crossed) < len(tests)):
        return None
    direction = Direction.UNFAVOURABLE if amount < 0 else Direction.FAVOURABLE
    return VarianceBreach(variance, amount, percent, direction, crossed)


def variance_breaches(
    cv: Decimal,
    cv_percent: Decimal | None,
    sv: Decimal,
    sv_percent: Decimal | None,
    thresholds: VarianceThresholds | None = None,
) -> list[VarianceBreach]:
    """The cost and schedule variances that reach their thresholds, in either direction.
    An undefined percentage (EV or PV of 0) does not reach a percent threshold."""
    limits = thresholds or VarianceThresholds()
    found = [
        _breach("cost", cv, cv_percent, limits.cost),
        _breach("schedule", sv, sv_percent, limits.schedule),
    ]
    return [breach for breach in found if breach is not None]
