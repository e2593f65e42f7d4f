"""The shared SVG charts of the PDF exports, read back as XML: each drawing names itself
(title and description), draws a marker for every value, escapes every text, tells its series
apart by dash and marker as its legend does, and puts a bar on the side of zero its sign
says."""

from __future__ import annotations

import base64
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring

from programs.svg_charts import (
    Bar,
    Reference,
    Series,
    bar_chart,
    line_chart,
    nice_ticks,
    svg_data_url,
)

NS = "{http://www.w3.org/2000/svg}"
MARKS = {f"{NS}circle", f"{NS}rect", f"{NS}polygon", f"{NS}path"}


def _marks(group: Element) -> list[Element]:
    return [e for e in group if e.get("class") == "mark"]


def _texts(root: Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{NS}text")]


def _line() -> Element:
    return fromstring(
        line_chart(
            title="Costs <of> R&D",
            desc='PV, EV & AC "to date"',
            labels=["Jan 2027", "Feb 2027", "Mar <2027>", "Apr 2027"],
            series=[
                Series("Planned value", [100, 200, 300, 400]),
                Series("Earned value", [90, None, 250, 330]),
                Series("Actual cost", [95, 210, 280, None]),
            ],
            reference=Reference(350, "Budget at completion <BAC>"),
        )
    )


def test_a_line_chart_names_itself_and_draws_a_marker_for_each_value() -> None:
    root = _line()
    assert root.findtext(f"{NS}title") == "Costs <of> R&D"
    assert root.findtext(f"{NS}desc") == 'PV, EV & AC "to date"'
    groups = [g for g in root.iter(f"{NS}g") if g.get("class") == "series"]
    assert [g.get("data-series") for g in groups] == [
        "Planned value",
        "Earned value",
        "Actual cost",
    ]
    assert [len(_marks(g)) for g in groups] == [4, 3, 3]  # one per value, none for a gap
    assert all(m.tag in MARKS for g in groups for m in _marks(g))


def test_a_line_chart_escapes_its_text() -> None:
    texts = _texts(_line())
    assert "Mar <2027>" in texts and "Budget at completion <BAC>" in texts


def test_series_differ_by_dash_and_marker_in_the_plot_and_the_legend_alike() -> None:
    root = _line()
    series = {g.get("data-series"): g for g in root.iter(f"{NS}g") if g.get("class") == "series"}
    legend = {
        g.get("data-series"): g for g in root.iter(f"{NS}g") if g.get("class") == "legend-item"
    }
    assert set(legend) == set(series)

    def look(group: Element) -> tuple[str, str]:
        """The line's dash pattern and the marker's shape (its element, its corners)."""
        line = next(
            e for e in group if e.tag in (f"{NS}path", f"{NS}line") and e.get("class") != "mark"
        )
        marker = _marks(group)[0]
        corners = len((marker.get("points") or "").split())
        return line.get("stroke-dasharray", "solid"), f"{marker.tag}{corners}"

    plot_looks = {name: look(g) for name, g in series.items()}
    assert {name: look(g) for name, g in legend.items()} == plot_looks
    assert len(set(plot_looks.values())) == 3  # no two series look alike without colour
    assert len({d for d, _ in plot_looks.values()}) == 3
    assert len({m for _, m in plot_looks.values()}) == 3


def test_the_y_axis_has_ticks_and_the_given_values_are_used() -> None:
    root = fromstring(
        line_chart(
            title="Rating",
            desc="d",
            labels=["A", "B"],
            series=[Series("Rating", [2, 4])],
            y_ticks=[1, 2, 3, 4, 5],
            y_format=lambda v: f"{v:.0f}",
        )
    )
    axis = next(g for g in root.iter(f"{NS}g") if g.get("class") == "axis axis--y")
    assert _texts(axis) == ["1", "2", "3", "4", "5"]
    assert nice_ticks(0, 1_234_567) == [0, 500_000, 1_000_000, 1_500_000]


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="one value"):
        line_chart(title="t", desc="d", labels=["A", "B"], series=[Series("S", [1])])


def test_bars_lie_on_the_side_of_zero_their_sign_says() -> None:
    root = fromstring(
        bar_chart(
            title="Milestone slip",
            desc="Days <late> or early",
            bars=[
                Bar("Go-live <phase 1>", 12, "12 days late"),
                Bar("Cutover", -5),
                Bar("Kickoff", 0),
            ],
        )
    )
    assert root.findtext(f"{NS}title") == "Milestone slip"
    assert root.findtext(f"{NS}desc") == "Days <late> or early"
    zero = next(e for e in root.iter(f"{NS}line") if e.get("class") == "zero")
    x0 = float(zero.get("x1"))
    bars = [g for g in root.iter(f"{NS}g") if g.get("class") == "bar"]
    shapes = [next((e for e in g if e.get("class") == "bar-shape"), None) for g in bars]
    late, early, none = shapes
    assert late is not None and float(late.get("x")) == pytest.approx(x0)
    assert float(late.get("width")) > 0
    assert early is not None
    assert float(early.get("x")) + float(early.get("width")) == pytest.approx(x0)
    assert float(early.get("x")) < x0
    assert none is None  # nothing to draw for no slip, its words still say so
    texts = _texts(root)
    assert "Go-live <phase 1>" in texts and "12 days late" in texts and "-5" in texts


def test_the_data_url_carries_the_drawing() -> None:
    svg = bar_chart(title="t", desc="d", bars=[Bar("A", 1)])
    url = svg_data_url(svg)
    assert url.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(url.split(",", 1)[1]).decode() == svg
