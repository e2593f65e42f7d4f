"""Traffic lights on the indices and the variances that need an explanation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmp.evm.earned_schedule import earned_schedule
from pmp.evm.errors import EarnedValueDataError
from pmp.evm.lights import (
    Bands,
    Colour,
    Direction,
    Light,
    Threshold,
    VarianceThresholds,
    light,
    overall,
    performance_lights,
    variance_breaches,
)
from schedule.engine.earned import indicators


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        ("0.8999", Colour.RED),
        ("0.9000", Colour.YELLOW),
        ("0.9499", Colour.YELLOW),
        ("0.9500", Colour.GREEN),
        ("1.0500", Colour.GREEN),
        ("1.0501", Colour.YELLOW),
        ("1.1000", Colour.YELLOW),
        ("1.1001", Colour.RED),
    ],
)
def test_the_default_bands_are_domains_convention_edges_included(
    value: str, colour: Colour
) -> None:
    assert light("CPI", Decimal(value)) == Light(colour, "CPI", Decimal(value))


def test_an_undefined_index_has_no_colour() -> None:
    assert light("SPI", None).colour is Colour.NONE


def test_bands_are_settings_given_as_numbers_or_text() -> None:
    strict = Bands(green_low=0.98, green_high="1.02", yellow_low=Decimal("0.95"), yellow_high=1.05)  # type: ignore[arg-type]
    assert strict.green_low == Decimal("0.98")
    assert strict.colour(Decimal("0.97")) is Colour.YELLOW
    with pytest.raises(EarnedValueDataError, match="The bands nest"):
        Bands(green_low=Decimal("0.8"), yellow_low=Decimal("0.9"))


def test_the_overall_light_is_the_worst_and_names_it() -> None:
    value = indicators(bac=100_00, pv=100_00, ev=93_00, ac=80_00)  # CPI 1.1625, SPI 0.93
    schedule = earned_schedule(
        planned=[50_00, 100_00], ev=93_00, at=2, baseline_start=date(2026, 1, 1)
    )
    lights = performance_lights(value, schedule)
    assert [(each.indicator, each.colour) for each in lights.lights] == [
        ("CPI", Colour.RED),
        ("SPI", Colour.YELLOW),
        ("SPI(t)", Colour.YELLOW),  # ES 1.86 of 2 months: 0.93
    ]
    assert (lights.overall.indicator, lights.overall.colour) == ("CPI", Colour.RED)


def test_between_equal_colours_the_one_furthest_from_one_sets_the_light() -> None:
    lights = [light("CPI", Decimal("0.93")), light("SPI", Decimal("0.91"))]
    assert overall(lights).indicator == "SPI"
    assert overall([light("CPI", None), light("SPI", Decimal(1))]).colour is Colour.GREEN
    assert overall([light("CPI", None)]).colour is Colour.NONE
    assert overall([]).colour is Colour.NONE


INDEX = st.decimals(min_value=0, max_value=3, places=4)


@settings(max_examples=300, deadline=None)
@given(INDEX, INDEX)
def test_lights_worsen_with_the_distance_below_and_above_the_green_band(
    first: Decimal, second: Decimal
) -> None:
    low, high = sorted((first, second))
    severity = {value: light("CPI", value).colour.severity for value in (low, high)}
    if high <= 1:  # below 1 the lower index is no better
        assert severity[low] >= severity[high]
    if low >= 1:  # above 1 the higher index is no better
        assert severity[high] >= severity[low]


def test_variances_of_ten_percent_or_more_need_an_explanation_either_way() -> None:
    found = variance_breaches(
        Decimal("-1000.00"), Decimal("-10.00"), Decimal("1500.00"), Decimal("12.50")
    )
    assert [(b.variance, b.direction, b.crossed) for b in found] == [
        ("cost", Direction.UNFAVOURABLE, ("percent",)),
        ("schedule", Direction.FAVOURABLE, ("percent",)),
    ]
    assert variance_breaches(Decimal("-999.00"), Decimal("-9.99"), Decimal("0"), Decimal("0")) == []


def test_a_dollar_threshold_alone_or_both_together() -> None:
    dollars = VarianceThresholds(cost=Threshold(percent=None, amount=Decimal(50_000)))
    breaches = variance_breaches(
        Decimal("-50000.00"), Decimal("-2.00"), Decimal("-100.00"), Decimal("-1.00"), dollars
    )
    assert [(b.variance, b.crossed) for b in breaches] == [("cost", ("amount",))]
    both = VarianceThresholds(
        schedule=Threshold(percent=Decimal(10), amount=Decimal(50_000), both_required=True)
    )
    assert (
        variance_breaches(Decimal(0), Decimal(0), Decimal("-20000.00"), Decimal("-20.00"), both)
        == []
    )
    assert variance_breaches(Decimal(0), Decimal(0), Decimal("-60000.00"), Decimal("-20.00"), both)[
        0
    ].crossed == ("percent", "amount")


def test_an_undefined_percentage_does_not_cross_and_thresholds_are_not_negative() -> None:
    assert variance_breaches(Decimal("-5.00"), None, Decimal("-5.00"), None) == []
    with pytest.raises(EarnedValueDataError, match="negative"):
        Threshold(amount=Decimal(-1))
