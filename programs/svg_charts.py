"""Small charts as SVG drawings for the portal's PDF exports: a line chart (several series
over labelled points, a y axis with ticks, an optional horizontal reference line) and a
horizontal bar chart of signed values (days late or early, a variance).

Plain data in, SVG text out, no Django. Sizes are in points (a Letter page's content box is
about 490 pt wide); text is real SVG text in Public Sans. Every drawing has a ``<title>`` and
a ``<desc>``, and the export prints the same figures as a table beside it. Series are told
apart by their dash pattern and point marker, repeated in the legend, and not by colour
alone; the bar chart writes each value in words at the end of its bar. ``svg_data_url`` turns
a drawing into the data: URL an ``<img>`` of a WeasyPrint page takes (``programs.exports``
lets those, and only those, through).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

FONT = "Public Sans, DejaVu Sans, sans-serif"
INK = "#1b1b1b"
MUTED = "#565c65"
RULE = "#dfe1e2"
EDGE = "#a9aeb1"
#: USWDS colours for up to six series, each paired with its own dash pattern and marker.
COLOURS = ("#005ea2", "#c05600", "#00a398", "#54278f", "#1b1b1b", "#b50909")
DASHES = ("", "6 3", "1.5 2.5", "7 2 1.5 2", "3 3", "10 3")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")
LATE = "#b50909"
EARLY = "#005ea2"

CHAR_WIDTH = 0.56  # of the font size: the average width of a Public Sans character
Number = float | int


@dataclass(frozen=True)
class Series:
    """A line of the chart: one value per x label, None where it has none (a gap)."""

    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the plot at ``value`` (a budget, a threshold)."""

    value: Number
    label: str


@dataclass(frozen=True)
class Bar:
    """A bar of the bar chart; ``text`` is its value in words (``value`` signed if None)."""

    label: str
    value: Number
    text: str | None = None


def svg_data_url(svg: str) -> str:
    """The drawing as a data: URL, for an ``<img>`` in a PDF export."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _n(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def _open(width: float, height: float, title: str, desc: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'width="{_n(width)}pt" height="{_n(height)}pt" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="{FONT}" font-size="8" fill="{INK}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values covering ``low`` to ``high`` (about ``count`` of them); whole
    numbers only if ``whole`` (days, counts)."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(math.ceil(step), 1)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _marker(shape: str, x: float, y: float, colour: str, size: float = 2.6) -> str:
    """A point marker (class "mark"): filled shapes, except the cross, which is stroked."""
    common = f'class="mark" fill="{colour}" stroke="{colour}" stroke-width="0.6"'
    if shape == "circle":
        return f'<circle {common} cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}"/>'
    if shape == "square":
        s = size * 0.9
        return (
            f'<rect {common} x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" '
            f'height="{_n(2 * s)}"/>'
        )
    if shape == "cross":
        s = size
        return (
            f'<path class="mark" fill="none" stroke="{colour}" stroke-width="1.2" '
            f'd="M{_n(x - s)} {_n(y - s)}L{_n(x + s)} {_n(y + s)}M{_n(x - s)} {_n(y + s)}'
            f'L{_n(x + s)} {_n(y - s)}"/>'
        )
    s = size * 1.25
    if shape == "triangle":
        points = [(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)]
    elif shape == "triangle-down":
        points = [(x, y + s), (x + s, y - s * 0.8), (x - s, y - s * 0.8)]
    else:  # diamond
        points = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    joined = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
    return f'<polygon {common} points="{joined}"/>'


def _style(index: int) -> tuple[str, str, str]:
    return (
        COLOURS[index % len(COLOURS)],
        DASHES[index % len(DASHES)],
        MARKERS[index % len(MARKERS)],
    )


def line_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    y_label: str = "",
    y_ticks: Sequence[Number] | None = None,
    y_format: Callable[[float], str] = lambda v: f"{v:g}",
    reference: Reference | None = None,
    width: float = 468.0,
    height: float = 216.0,
) -> str:
    """Each series as a line with a marker at each of its values, over the x ``labels``; the
    y axis runs over ``y_ticks`` (round values chosen from the data when not given)."""
    if any(len(s.values) != len(labels) for s in series):
        raise ValueError("Every series needs one value (or None) per label.")
    values = [float(v) for s in series for v in s.values if v is not None]
    if reference is not None:
        values.append(float(reference.value))
    ticks = (
        [float(t) for t in y_ticks]
        if y_ticks
        else nice_ticks(min(values, default=0.0), max(values, default=1.0))
    )
    low, high = min(ticks), max(ticks)
    if high == low:
        high = low + 1

    tick_texts = [y_format(t) for t in ticks]
    left = 8 + max((_text_width(t, 7) for t in tick_texts), default=0) + (12 if y_label else 0)
    places = _legend_places([s.name for s in series], left, width - 10)
    legend_rows = max((row for _, row in places), default=-1) + 1
    top, right = 8.0, 10.0
    bottom = 22.0 + legend_rows * 13.0
    plot_w, plot_h = width - left - right, height - top - bottom

    inset = min(10.0, plot_w / 10)  # the first and last points clear the axes

    def x_at(index: int) -> float:
        if len(labels) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * index / (len(labels) - 1)

    def y_at(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    out = _open(width, height, title, desc, "chart chart--line")
    out.append(f'<g class="axis axis--y" font-size="7" fill="{MUTED}">')
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_at(tick)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}" '
            f'stroke="{RULE}" stroke-width="0.5"/>'
            f'<text x="{_n(left - 4)}" y="{_n(y + 2.5)}" text-anchor="end">{escape(text)}</text>'
        )
    if y_label:
        mid = top + plot_h / 2
        out.append(
            f'<text x="8" y="{_n(mid)}" text-anchor="middle" '
            f'transform="rotate(-90 8 {_n(mid)})">{escape(y_label)}</text>'
        )
    out.append("</g>")

    # x labels: as many as fit side by side, always the last one.
    out.append(f'<g class="axis axis--x" font-size="7" fill="{MUTED}">')
    widest = max((_text_width(label, 7) for label in labels), default=0) + 6
    room = plot_w / max(len(labels), 1)
    every = max(math.ceil(widest / room), 1) if room > 0 else 1
    last = len(labels) - 1
    for index, label in enumerate(labels):
        if index % every and index != last:
            continue
        if index != last and last - index < every and last % every:
            continue  # would overlap the last label
        x = x_at(index)
        half = _text_width(label, 7) / 2
        text_x = min(max(x, half + 1), width - half - 1)  # kept inside the drawing
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(top + plot_h)}" x2="{_n(x)}" y2="{_n(top + plot_h + 3)}" '
            f'stroke="{EDGE}" stroke-width="0.5"/>'
            f'<text x="{_n(text_x)}" y="{_n(top + plot_h + 11)}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    out.append("</g>")
    out.append(
        f'<line x1="{_n(left)}" y1="{_n(top + plot_h)}" x2="{_n(left + plot_w)}" '
        f'y2="{_n(top + plot_h)}" stroke="{INK}" stroke-width="0.75"/>'
        f'<line x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(top + plot_h)}" '
        f'stroke="{INK}" stroke-width="0.75"/>'
    )

    if reference is not None:
        y = y_at(float(reference.value))
        out.append(
            f'<g class="reference"><line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot_w)}" '
            f'y2="{_n(y)}" stroke="{MUTED}" stroke-width="0.75" stroke-dasharray="2 2"/>'
            f'<text x="{_n(left + plot_w - 2)}" y="{_n(y - 3)}" text-anchor="end" font-size="7" '
            f'fill="{MUTED}">{escape(reference.label)}</text></g>'
        )

    for index, line in enumerate(series):
        colour, dash, shape = _style(index)
        points = [(x_at(i), y_at(float(v))) for i, v in enumerate(line.values) if v is not None]
        out.append(f'<g class="series" data-series="{escape(line.name)}">')
        # A gap (None) breaks the line: each run of values is its own path.
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(line.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((x_at(i), y_at(float(v))))
        for run in runs:
            if len(run) > 1:
                d = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in run)
                dashed = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(
                    f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.4"{dashed}/>'
                )
        out.extend(_marker(shape, x, y, colour) for x, y in points)
        out.append("</g>")

    out.append(_legend([s.name for s in series], places, height - legend_rows * 13.0 - 2))
    out.append("</svg>")
    return "".join(out)


LEGEND_CHARS = 60


def _legend_width(name: str) -> float:
    return 27 + _text_width(_cut(name, LEGEND_CHARS), 7.5) + 14


def _legend_places(names: Sequence[str], left: float, right: float) -> list[tuple[float, int]]:
    """Where each legend item goes: its x and its row, side by side while they fit."""
    places: list[tuple[float, int]] = []
    x, row = left, 0
    for name in names:
        item = _legend_width(name)
        if x > left and x + item > right:
            x, row = left, row + 1
        places.append((x, row))
        x += item
    return places


def _legend(names: Sequence[str], places: Sequence[tuple[float, int]], top: float) -> str:
    """Each series' line sample and marker beside its name, as in the plot."""
    if not names:
        return ""
    out = ['<g class="legend" font-size="7.5">']
    for index, (name, (x, row)) in enumerate(zip(names, places, strict=True)):
        colour, dash, shape = _style(index)
        y = top + row * 13 + 6
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<g class="legend-item" data-series="{escape(name)}">'
            f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 22)}" y2="{_n(y)}" stroke="{colour}" '
            f'stroke-width="1.4"{dashed}/>'
            + _marker(shape, x + 11, y, colour)
            + f'<text x="{_n(x + 27)}" y="{_n(y + 2.6)}">{escape(_cut(name, LEGEND_CHARS))}</text>'
            "</g>"
        )
    out.append("</g>")
    return "".join(out)


def bar_chart(
    *,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    axis_label: str = "",
    value_format: Callable[[float], str] = lambda v: f"{v:+g}",
    width: float = 468.0,
    bar_height: float = 11.0,
    label_chars: int = 34,
    whole: bool = False,
) -> str:
    """A horizontal bar per item from a zero line: positive values to the right (solid),
    negative to the left (hatched), each with its value in words at its end; ``whole``: the
    axis ticks are whole numbers."""
    gap = 4.0
    labels_w = (
        min(
            max((_text_width(b.label, 7.5) for b in bars), default=40),
            label_chars * 7.5 * CHAR_WIDTH,
        )
        + 8
    )
    texts = [b.text if b.text is not None else value_format(float(b.value)) for b in bars]
    text_w = max((_text_width(t, 7) for t in texts), default=0) + 6
    values = [0.0, *(float(b.value) for b in bars)]
    ticks = nice_ticks(min(values), max(values), 5, whole=whole)
    low, high = min(ticks), max(ticks)
    if high == low:
        high = low + 1
    top = 6.0
    plot_left = labels_w + (text_w if low < 0 else 0)
    plot_w = width - plot_left - (text_w if high > 0 else 0) - 6
    rows_h = max(len(bars), 1) * (bar_height + gap)
    height = top + rows_h + 24 + (10 if axis_label else 0)

    def x_at(value: float) -> float:
        return plot_left + plot_w * (value - low) / (high - low)

    zero = x_at(0.0)
    out = _open(width, height, title, desc, "chart chart--bar")
    out.append(
        '<defs><pattern id="bar-hatch" patternUnits="userSpaceOnUse" width="3" height="3" '
        f'patternTransform="rotate(45)"><rect x="0" y="0" width="3" height="3" fill="#ffffff"/>'
        f'<rect x="0" y="0" width="1.4" height="3" fill="{EARLY}"/></pattern></defs>'
    )
    out.append(f'<g class="axis axis--x" font-size="7" fill="{MUTED}">')
    for tick in ticks:
        x = x_at(tick)
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + rows_h)}" '
            f'stroke="{RULE}" stroke-width="0.5"/>'
            f'<text x="{_n(x)}" y="{_n(top + rows_h + 10)}" text-anchor="middle">'
            f"{escape(value_format(tick) if tick else '0')}</text>"
        )
    if axis_label:
        out.append(
            f'<text x="{_n(plot_left + plot_w / 2)}" y="{_n(top + rows_h + 21)}" '
            f'text-anchor="middle">{escape(axis_label)}</text>'
        )
    out.append("</g>")
    for index, (item, text) in enumerate(zip(bars, texts, strict=True)):
        y = top + index * (bar_height + gap) + gap / 2
        value = float(item.value)
        x = min(zero, x_at(value))
        w = abs(x_at(value) - zero)
        late = value > 0
        fill = LATE if late else "url(#bar-hatch)"
        edge = LATE if late else EARLY
        out.append(
            f'<g class="bar" data-value="{_n(value)}">'
            f'<text x="{_n(labels_w - 6)}" y="{_n(y + bar_height - 3)}" text-anchor="end" '
            f'font-size="7.5">{escape(_cut(item.label, label_chars))}</text>'
        )
        if w > 0:
            out.append(
                f'<rect class="bar-shape" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" '
                f'height="{_n(bar_height)}" fill="{fill}" stroke="{edge}" stroke-width="0.6"/>'
            )
        if value < 0:
            out.append(
                f'<text x="{_n(x - 3)}" y="{_n(y + bar_height - 3)}" text-anchor="end" '
                f'font-size="7">{escape(text)}</text>'
            )
        else:
            out.append(
                f'<text x="{_n(zero + w + 3)}" y="{_n(y + bar_height - 3)}" font-size="7">'
                f"{escape(text)}</text>"
            )
        out.append("</g>")
    out.append(
        f'<line class="zero" x1="{_n(zero)}" y1="{_n(top - 2)}" x2="{_n(zero)}" '
        f'y2="{_n(top + rows_h)}" stroke="{INK}" stroke-width="0.9"/>'
    )
    out.append("</svg>")
    return "".join(out)
