"""The Gantt chart: layout arithmetic (time scale, bar positions, status line, outline groups)
and the partial as Django renders it, for the browser and for the PDF."""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, timedelta

import pytest
from django.template.loader import render_to_string

from schedule.gantt import GanttChart, GanttRow, gantt_chart

TODAY = date(2027, 3, 10)


def row(
    uid: int,
    start: date | datetime,
    finish: date | datetime,
    *,
    name: str = "",
    parent: int | None = None,
    level: int = 1,
    summary: bool = False,
    milestone: bool = False,
    critical: bool = False,
    baseline: tuple[date | datetime, date | datetime] | None = None,
    percent: int = 0,
) -> GanttRow:
    return GanttRow(
        uid=uid,
        wbs=str(uid),
        name=name or f"Task {uid}",
        outline_level=level,
        parent=parent,
        is_summary=summary,
        is_milestone=milestone,
        is_critical=critical,
        start=start,
        finish=finish,
        baseline_start=baseline[0] if baseline else None,
        baseline_finish=baseline[1] if baseline else None,
        percent_complete=percent,
    )


def chart_of(*rows: GanttRow, status: date | datetime | None = None) -> GanttChart:
    return gantt_chart(rows, status_date=status, today=TODAY)


# -- the time scale -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "unit"),
    [(20, "week"), (140, "week"), (141, "month"), (700, "month"), (1200, "quarter")],
)
def test_the_scale_follows_the_span(days: int, unit: str) -> None:
    start = datetime(2027, 3, 3, 8)
    chart = chart_of(row(1, start, start + timedelta(days=days)))
    assert chart.scale is not None
    assert chart.scale.unit == unit


def test_a_weekly_scale_runs_monday_to_monday_with_month_bands() -> None:
    # Wednesday 3 March to Friday 26 March 2027 (dates: the finish is the end of the day).
    chart = chart_of(row(1, date(2027, 3, 3), date(2027, 3, 26)))
    scale = chart.scale
    assert scale is not None
    assert scale.start == datetime(2027, 3, 1)
    assert scale.end == datetime(2027, 3, 29)
    assert [t.label for t in scale.ticks] == ["1 Mar", "8 Mar", "15 Mar", "22 Mar"]
    assert [t.left for t in scale.ticks] == pytest.approx([0, 25, 50, 75])
    assert [b.label for b in scale.bands] == ["Mar 2027"]
    assert scale.bands[0].width == pytest.approx(100)
    assert scale.min_width == "14rem"


def test_monthly_and_quarterly_labels() -> None:
    monthly = chart_of(row(1, date(2027, 1, 15), date(2027, 8, 20))).scale
    assert monthly is not None
    assert [t.label for t in monthly.ticks] == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
    ]
    assert [b.label for b in monthly.bands] == ["2027"]

    quarterly = chart_of(row(1, date(2027, 2, 1), date(2030, 5, 1))).scale
    assert quarterly is not None
    assert quarterly.start == datetime(2027, 1, 1)
    assert quarterly.end == datetime(2030, 7, 1)
    assert [t.label for t in quarterly.ticks][:5] == ["Q1", "Q2", "Q3", "Q4", "Q1"]
    assert [b.label for b in quarterly.bands] == ["2027", "2028", "2029", "2030"]
    assert sum(b.width for b in quarterly.bands) == pytest.approx(100)


# -- bars -------------------------------------------------------------------------------------


def test_bar_positions_are_percentages_of_the_timeline() -> None:
    # Timeline: Monday 1 March to Monday 29 March 2027, 28 days.
    chart = chart_of(
        row(
            1,
            date(2027, 3, 1),
            date(2027, 3, 7),
            percent=40,
            baseline=(date(2027, 3, 8), date(2027, 3, 14)),
        ),
        row(2, datetime(2027, 3, 15, 12), datetime(2027, 3, 16), critical=True),
        row(3, date(2027, 3, 28), date(2027, 3, 28), milestone=True),
    )
    task, part_day, milestone = chart.items
    assert (task.left, task.width) == pytest.approx((0, 25))
    assert (task.baseline_left, task.baseline_width) == pytest.approx((25, 25))
    assert task.done == 40
    assert task.bar_style == "left:0.000%;width:25.000%"
    assert task.done_style == "width:40%"
    # Noon to midnight is half a day: 0.5 of 28 days.
    assert part_day.left == pytest.approx(100 * 14.5 / 28)
    assert part_day.width == pytest.approx(100 * 0.5 / 28)
    assert part_day.baseline_left is None and part_day.baseline_style == ""
    # A milestone given as a date sits at the end of its day.
    assert (milestone.kind, milestone.left, milestone.width) == ("milestone", pytest.approx(100), 0)
    assert chart.has_baseline and chart.has_critical


def test_percent_complete_is_kept_within_the_bar() -> None:
    chart = chart_of(row(1, date(2027, 3, 1), date(2027, 3, 5), percent=140))
    assert chart.items[0].done == 100


def test_bar_labels_say_dates_criticality_progress_and_baseline() -> None:
    chart = chart_of(
        row(
            1,
            datetime(2027, 3, 3, 8),
            datetime(2027, 4, 14, 17),
            name="Design review",
            critical=True,
            percent=25,
            baseline=(date(2027, 3, 1), date(2027, 4, 9)),
        ),
        row(2, date(2027, 4, 16), date(2027, 4, 16), name="Go-live", milestone=True),
    )
    assert chart.items[0].label == (
        "Design review: 3 Mar 2027 to 14 Apr 2027, critical, 25% complete, "
        "baseline 1 Mar 2027 to 9 Apr 2027"
    )
    assert chart.items[1].label == "Go-live (milestone): 16 Apr 2027"


def test_the_status_date_line_and_today() -> None:
    chart = chart_of(row(1, date(2027, 3, 1), date(2027, 3, 28)), status=date(2027, 3, 7))
    assert chart.status is not None
    # The status date as a day means the end of that day: 7 of 28 days.
    assert chart.status.left == pytest.approx(25)
    assert chart.status.label == "Status date 7 Mar 2027"
    assert not chart.status.label_before
    assert chart.today is not None
    assert chart.today.left == pytest.approx(100 * 9 / 28)


def test_a_late_status_date_widens_the_chart_and_labels_before_its_line() -> None:
    chart = chart_of(row(1, date(2027, 3, 1), date(2027, 3, 5)), status=datetime(2027, 3, 26, 17))
    assert chart.scale is not None and chart.scale.end == datetime(2027, 3, 29)
    assert chart.status is not None and chart.status.label_before


def test_no_status_line_without_a_status_date_and_no_today_outside_the_chart() -> None:
    chart = chart_of(row(1, date(2028, 1, 3), date(2028, 1, 7)))
    assert chart.status is None
    assert chart.today is None


def test_an_empty_schedule_gives_an_empty_chart() -> None:
    chart = chart_of()
    assert chart.scale is None and chart.items == ()
    html = render_to_string("schedule/_gantt.html", {"gantt": chart})
    assert "The schedule has no tasks yet." in html


# -- outline groups ---------------------------------------------------------------------------


def outline() -> list[GanttRow]:
    """1 (summary) > 2, 3 (summary) > 4; 5 (summary without children); 6."""
    d = date(2027, 3, 1)
    return [
        row(1, d, d, summary=True),
        row(2, d, d, parent=1, level=2),
        row(3, d, d, parent=1, level=2, summary=True),
        row(4, d, d, parent=3, level=3, critical=True),
        row(5, d, d, summary=True),
        row(6, d, d),
    ]


def test_groups_open_after_summaries_and_close_where_their_descendants_end() -> None:
    chart = chart_of(*outline())
    assert [(i.row.uid, i.opens_group, i.closes) for i in chart.items] == [
        (1, True, 0),
        (2, False, 0),
        (3, True, 0),
        (4, False, 2),  # the groups of 3 and of 1 end after it
        (5, False, 0),  # a summary task without children has nothing to collapse
        (6, False, 0),
    ]
    assert [i.indent for i in chart.items] == ["0rem", "0.9rem", "0.9rem", "1.8rem", "0rem", "0rem"]


def test_groups_still_open_at_the_end_close_after_the_last_row() -> None:
    chart = chart_of(*outline()[:4])
    assert chart.items[-1].closes == 2


# -- the partial ------------------------------------------------------------------------------


def render(chart: GanttChart, *, pdf: bool = False) -> str:
    return render_to_string("schedule/_gantt.html", {"gantt": chart, "pdf": pdf})


def test_the_partial_renders_rows_disclosure_buttons_and_markers() -> None:
    html = render(chart_of(*outline(), status=date(2027, 3, 1)))
    assert html.count('class="gantt-row ') == 6
    buttons = re.findall(r'<button type="button" class="gantt-toggle"[^>]*>', html)
    assert len(buttons) == 2
    for button in buttons:
        assert 'aria-expanded="true"' in button
        (controls,) = re.findall(r'aria-controls="([^"]+)"', button)
        assert f'<div class="gantt-group" id="{controls}">' in html
    assert "Tasks under 1 Task 1" in html
    # Critical work is marked in words and by the CP mark, not by colour alone.
    assert 'gantt-row--critical" id="gantt-task-4"' in html
    assert '<span class="gantt-cp" aria-hidden="true">CP</span>' in html
    assert 'title="Task 4: 1 Mar 2027 to 1 Mar 2027, critical"' in html
    assert 'data-gantt-action="collapse-all"' in html
    assert "Status date 1 Mar 2027" in html
    assert "/static/schedule/gantt.js" in html and "/static/schedule/gantt.css" in html
    assert html.count("<div") == html.count("</div>")


def test_the_print_partial_has_no_buttons_or_groups_and_a_scale_on_every_page() -> None:
    rows = [row(i, date(2027, 3, 1), date(2027, 3, 5)) for i in range(1, 8)]
    chart = gantt_chart(rows, status_date=None, today=TODAY, rows_per_page=3)
    assert [len(p.items) for p in chart.pages] == [3, 3, 1]
    html = render(chart, pdf=True)
    assert "<button" not in html and "gantt-group" not in html
    assert "gantt.js" not in html
    # Each page is one SVG image, with its own time scale and its rows, and a text
    # alternative saying which rows it draws.
    images = re.findall(r'<img class="gantt-page__image" src="([^"]+)" alt="([^"]+)">', html)
    assert [alt for _, alt in images] == [
        "Gantt chart, page 1: rows 1 to 3",
        "Gantt chart, page 2: rows 4 to 6",
        "Gantt chart, page 3: rows 7 to 7",
    ]
    for (src, _), uids in zip(images, ((1, 2, 3), (4, 5, 6), (7,)), strict=True):
        svg = base64.b64decode(src.removeprefix("data:image/svg+xml;base64,")).decode()
        assert svg.count('class="gantt-scale"') == 1 and "Mar" in svg
        assert [f">Task {uid}<" in svg for uid in uids] == [True] * len(uids)
    assert html.count("gantt-chart--next") == 2
    assert html.count("<div") == html.count("</div>")


def test_two_thousand_rows_render_quickly_and_compactly() -> None:
    rows: list[GanttRow] = []
    start = datetime(2027, 1, 4, 8)
    for phase in range(100):
        summary = phase * 20 + 1
        rows.append(row(summary, start, start + timedelta(days=300), summary=True))
        for n in range(1, 20):
            begin = start + timedelta(days=phase * 2 + n)
            rows.append(
                row(
                    summary + n,
                    begin,
                    begin + timedelta(days=10),
                    name=f"Configure interface {phase}-{n}",
                    parent=summary,
                    level=2,
                    critical=n % 4 == 0,
                    milestone=n == 19,
                    baseline=(begin, begin + timedelta(days=8)),
                    percent=30,
                )
            )
    chart = gantt_chart(rows, status_date=date(2027, 4, 1), today=TODAY)
    assert chart.scale is not None and chart.scale.unit == "month"
    html = render(chart)
    assert html.count('class="gantt-row ') == 2000
    assert html.count('<div class="gantt-group"') == 100
    assert html.count("<div") == html.count("</div>")
    assert len(html) < 1_600_000
