"""A page of the Gantt chart as one SVG drawing, for the PDF export.

WeasyPrint lays out HTML boxes one by one and styles every element of the page through the
whole cascade: a chart of absolutely positioned bars inside flex rows cost it about a second
a page. One SVG image a page (a data: URL, so its shapes are drawn, not styled and laid out)
carries the same picture: the time scale, grid lines, status date and today, and per row its WBS
code, name, bar (done part darker, critical in red, striped and marked CP), summary bracket,
milestone diamond and baseline bar. Sizes are in points; the page's content box is landscape
Letter less the margins of ``schedule_pdf.html``.
"""

from __future__ import annotations

import base64
from html import escape

from schedule.gantt import GanttChart, GanttItem, GanttPage

WIDTH = 720.0  # 10 in: 11 in less two 0.5 in margins
NAMES = 194.4  # 2.7 in
TIMELINE = WIDTH - NAMES
ROW = 15.0
BAND = 13.0
MARKERS = 12.0
WBS_WIDTH = 36.0
# Names longer than this are cut with an ellipsis (7 pt Public Sans fits about 46).
NAME_CHARS = 44

INK = "#1b1b1b"
RULE = "#dfe1e2"
EDGE = "#a9aeb1"
TASK = "#73b3e7"
TASK_DONE = "#1a4480"
CRITICAL = "#f2938c"
CRITICAL_DONE = "#b50909"
CRITICAL_EDGE = "#8b0a03"
BASELINE = "#71767a"
STATUS = "#54278f"


def _x(percent: float) -> float:
    return NAMES + TIMELINE * min(max(percent, 0.0), 100.0) / 100.0


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def gantt_page_image(chart: GanttChart, page: GanttPage, number: int) -> tuple[str, str]:
    """One page of ``chart`` as an image: its data: URL and its text alternative (the rows
    are listed, in words, in the PDF's task table)."""
    svg, alt = gantt_page_svg(chart, page, number)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"), alt


def gantt_page_svg(chart: GanttChart, page: GanttPage, number: int) -> tuple[str, str]:
    """The SVG of one page of ``chart`` (its own time scale over its rows), and what it
    shows in words."""
    assert chart.scale is not None
    header = BAND * 2 + (MARKERS if chart.status else 0)
    height = header + ROW * max(len(page.items), 1)
    first = page.items[0].row if page.items else None
    last = page.items[-1].row if page.items else None
    what = f"rows {first.wbs or first.uid} to {last.wbs or last.uid}" if first and last else ""
    alt = f"Gantt chart, page {number}: {what}" if what else f"Gantt chart, page {number}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt-svg" width="{WIDTH}pt" '
        f'height="{height:.1f}pt" viewBox="0 0 {WIDTH} {height:.1f}" '
        'font-family="Public Sans, DejaVu Sans, sans-serif" font-size="7">',
        # Critical bars are striped as well as red: colour never carries the meaning alone.
        '<defs><pattern id="gantt-cp" patternUnits="userSpaceOnUse" width="4" height="4" '
        'patternTransform="rotate(45)">'
        f'<rect x="0" y="0" width="1.6" height="4" fill="{CRITICAL_DONE}"/></pattern></defs>',
        f'<rect x="0.25" y="0.25" width="{WIDTH - 0.5}" height="{height - 0.5:.1f}" '
        f'fill="none" stroke="{EDGE}" stroke-width="0.5"/>',
        # The time scale: years or months above, the units below.
        f'<g class="gantt-scale" font-size="6.5" fill="{INK}">',
        f'<text x="3" y="{BAND + 9.5}" font-weight="700">WBS</text>',
        f'<text x="{WBS_WIDTH + 3}" y="{BAND + 9.5}" font-weight="700">Task</text>',
    ]
    for band in chart.scale.bands:
        x = _x(band.left)
        out.append(
            f'<line x1="{x:.2f}" y1="0" x2="{x:.2f}" y2="{BAND}" stroke="{EDGE}" '
            'stroke-width="0.5"/>'
            f'<text x="{x + 2:.2f}" y="9.5">{escape(band.label)}</text>'
        )
    for tick in chart.scale.ticks:
        x = _x(tick.left)
        out.append(f'<text x="{x + 2:.2f}" y="{BAND + 9.5}">{escape(tick.label)}</text>')
    out.append("</g>")
    out.append(
        f'<line x1="0" y1="{header:.1f}" x2="{WIDTH}" y2="{header:.1f}" stroke="{INK}" '
        'stroke-width="0.75"/>'
        f'<line x1="{NAMES}" y1="0" x2="{NAMES}" y2="{height:.1f}" stroke="{EDGE}" '
        'stroke-width="0.5"/>'
        f'<line x1="{NAMES}" y1="{BAND}" x2="{WIDTH}" y2="{BAND}" stroke="{RULE}" '
        'stroke-width="0.5"/>'
    )
    # Grid lines at each unit, then today (dashed) and the status date.
    for tick in chart.scale.ticks:
        x = _x(tick.left)
        out.append(
            f'<line x1="{x:.2f}" y1="{BAND}" x2="{x:.2f}" y2="{height:.1f}" stroke="{RULE}" '
            'stroke-width="0.5"/>'
        )
    if chart.today:
        x = _x(chart.today.left)
        out.append(
            f'<line x1="{x:.2f}" y1="{header:.1f}" x2="{x:.2f}" y2="{height:.1f}" '
            'stroke="#71767a" stroke-width="1" stroke-dasharray="2 2"/>'
        )
    if chart.status:
        x = _x(chart.status.left)
        anchor = 'text-anchor="end" ' if chart.status.label_before else ""
        label_x = x - 2 if chart.status.label_before else x + 2
        out.append(
            f'<line x1="{x:.2f}" y1="{BAND * 2:.1f}" x2="{x:.2f}" y2="{height:.1f}" '
            f'stroke="{STATUS}" stroke-width="1.25"/>'
            f'<text x="{label_x:.2f}" y="{BAND * 2 + 8.5:.1f}" {anchor}font-size="6" '
            f'fill="{STATUS}" font-weight="700">{escape(chart.status.label)}</text>'
        )
    for index, item in enumerate(page.items):
        row = item.row
        top = header + index * ROW
        if index:
            out.append(
                f'<line x1="0" y1="{top:.1f}" x2="{WIDTH}" y2="{top:.1f}" stroke="{RULE}" '
                'stroke-width="0.3"/>'
            )
        weight = ' font-weight="700"' if item.kind == "summary" else ""
        indent = WBS_WIDTH + 3 + 6 * max(row.outline_level - 1, 0)
        name = _cut(row.name, NAME_CHARS - 2 * max(row.outline_level - 1, 0))
        out.append(
            f'<text x="3" y="{top + 10:.1f}" fill="{INK}">{escape(_cut(row.wbs, 9))}</text>'
            f'<text x="{indent:.1f}" y="{top + 10:.1f}" fill="{INK}"{weight}>{escape(name)}'
            + (
                f'<tspan fill="{CRITICAL_DONE}" font-size="5.5" font-weight="700"> CP</tspan>'
                if row.is_critical
                else ""
            )
            + "</text>"
        )
        out.append(_bar(item, top))
        if row.resources:
            x = _x(item.left + item.width) + (5 if item.kind == "milestone" else 2)
            out.append(
                f'<text x="{x:.2f}" y="{top + 9:.1f}" font-size="5.5" fill="{INK}">'
                f"{escape(_cut(row.resources, 60))}</text>"
            )
    out.append("</svg>")
    return "".join(out), alt


def _bar(item: GanttItem, top: float) -> str:
    parts = []
    critical = item.row.is_critical
    if item.baseline_left is not None and item.baseline_width is not None:
        x = _x(item.baseline_left)
        if item.kind == "milestone":
            parts.append(
                f'<rect x="{x - 2.25:.2f}" y="{top + 10:.1f}" width="4.5" height="4.5" '
                f'fill="{BASELINE}"/>'
            )
        else:
            width = max(_x(item.baseline_left + item.baseline_width) - x, 1.0)
            parts.append(
                f'<rect x="{x:.2f}" y="{top + 11:.1f}" width="{width:.2f}" height="2.5" '
                f'fill="{BASELINE}"/>'
            )
    x = _x(item.left)
    if item.kind == "milestone":
        fill, edge = (CRITICAL_DONE, CRITICAL_EDGE) if critical else (INK, INK)
        cy = top + 7
        parts.append(
            f'<polygon points="{x:.2f},{cy - 4:.1f} {x + 4:.2f},{cy:.1f} {x:.2f},{cy + 4:.1f} '
            f'{x - 4:.2f},{cy:.1f}" fill="{fill}" stroke="{edge}" stroke-width="0.5"/>'
        )
        return "".join(parts)
    width = max(_x(item.left + item.width) - x, 1.5)
    if item.kind == "summary":
        parts.append(
            f'<rect x="{x:.2f}" y="{top + 3:.1f}" width="{width:.2f}" height="3.5" '
            f'fill="{INK}"/>'
            f'<polygon points="{x:.2f},{top + 3:.1f} {x + 4:.2f},{top + 3:.1f} '
            f'{x:.2f},{top + 11:.1f}" fill="{INK}"/>'
            f'<polygon points="{x + width - 4:.2f},{top + 3:.1f} {x + width:.2f},{top + 3:.1f} '
            f'{x + width:.2f},{top + 11:.1f}" fill="{INK}"/>'
        )
        return "".join(parts)
    fill, done, edge = (
        (CRITICAL, CRITICAL_DONE, CRITICAL_EDGE) if critical else (TASK, TASK_DONE, TASK_DONE)
    )
    parts.append(
        f'<rect x="{x:.2f}" y="{top + 2.5:.1f}" width="{width:.2f}" height="7.5" '
        f'fill="{fill}" stroke="{edge}" stroke-width="0.5"/>'
    )
    if critical:
        parts.append(
            f'<rect x="{x:.2f}" y="{top + 2.5:.1f}" width="{width:.2f}" height="7.5" '
            'fill="url(#gantt-cp)"/>'
        )
    if item.done:
        parts.append(
            f'<rect x="{x:.2f}" y="{top + 2.5:.1f}" width="{width * item.done / 100:.2f}" '
            f'height="7.5" fill="{done}"/>'
        )
    return "".join(parts)
