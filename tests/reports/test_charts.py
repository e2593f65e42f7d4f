"""The status history and the earned value series a report carries (snapshot layout 2), and
the charts of its PDF: the status history with its table on the executive summary's two
pages, the milestone slip and the S-curve with theirs in the detail, the S-curve and every
dollar figure left out for whoever may not see the program's costs; a report built before
(layout 1) still shows on its page and in its PDF."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from pmp.selectors.earned_value import earned_value_report
from programs import policy
from programs.models import Job
from reports import charts, exports, selectors
from reports.history import status_history
from reports.models import StatusReport
from reports.sections import SCHEMA_VERSION, Context, cost
from reports.services.lifecycle import report_rate
from schedule.engine.cost import to_dollars
from tests.conftest import World
from tests.pmp.conftest import record
from tests.pmp.earned_value_fixtures import (
    FEB,
    JAN,
    acknowledged,
    cost_loaded,
    progress,
    today_is,
)

from .conftest import PM

NS = "{http://www.w3.org/2000/svg}"
VIEWER = "customer.viewer"
MONEY = re.compile(r"\$\s?\d")


def _pdf_pages(body: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(body))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _svg(url: str) -> Element:
    assert url.startswith("data:image/svg+xml;base64,")
    return fromstring(base64.b64decode(url.split(",", 1)[1]))


def _at(element: Element, name: str) -> float:
    return float(element.attrib[name])


def _report(world: World, start: date) -> StatusReport:
    return selectors.latest_revision(program=world.program, period_start=start)  # type: ignore[return-value]


# -- the snapshot ---------------------------------------------------------------------------


def test_a_report_carries_the_earlier_reports_ratings_and_statuses(
    world: World, run_build: Callable[..., Job]
) -> None:
    run_build(period=date(2026, 3, 1))
    run_build(period=date(2026, 4, 1))
    april = _report(world, date(2026, 4, 1))
    report_rate(acting_user=world.user(PM), report=april, rating=1, comment="Data migration.")
    record(world, "risk", on_status_report=True)
    run_build(period=date(2026, 5, 1))
    may = _report(world, date(2026, 5, 1))
    assert may.schema_version == SCHEMA_VERSION == 2
    history = may.snapshot["history"]
    assert [h["label"] for h in history] == ["March 2026", "April 2026"]  # oldest first
    assert history[1]["rating"] == 1 and history[1]["rating_confirmed"] is True
    march = _report(world, date(2026, 3, 1))
    assert history[0]["rating"] == march.proposed_rating and not history[0]["rating_confirmed"]
    assert history[0]["overall"] == {
        "status": march.snapshot["overall"]["status"],
        "label": march.snapshot["overall"]["label"],
    }
    assert [a["key"] for a in history[0]["areas"]] == [a["key"] for a in march.snapshot["areas"]]
    assert all(a["status_label"] for a in history[0]["areas"])
    assert "history" not in may.snapshot["sections"]

    table = status_history(may)
    assert [r.period for r in table.rows] == ["March 2026", "April 2026", "May 2026"]
    assert table.rows[-1].current and table.recorded and table.earlier == 2
    assert table.columns == tuple(a["title"] for a in may.snapshot["areas"])
    risk = table.columns.index("Risk")
    assert table.rows[-1].areas[risk].label == "Yellow"


def _saved(world: World, start: date, revision: int, rating: int) -> StatusReport:
    return StatusReport.objects.create(
        program=world.program,
        period_start=start,
        period_end=start.replace(day=28),
        revision=revision,
        due_on=start.replace(day=28),
        schema_version=SCHEMA_VERSION,
        snapshot={"period": {"label": f"{start:%B %Y}"}, "areas": []},
        built_at=timezone.make_aware(datetime(2026, 6, 1)),
        proposed_rating=rating,
    )


def test_the_history_keeps_the_latest_revision_of_the_latest_periods(world: World) -> None:
    for month in range(1, 6):
        _saved(world, date(2026, month, 1), 1, 3)
    _saved(world, date(2026, 3, 1), 2, 5)
    found = selectors.report_history(program=world.program, before=date(2026, 5, 1), limit=3)
    assert [(r.period_start.month, r.revision) for r in found] == [(2, 1), (3, 2), (4, 1)]
    assert [r.rating for r in found] == [3, 5, 3]


def test_the_cost_section_carries_the_earned_value_series_to_the_period(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_is(monkeypatch, date(2027, 3, 15))
    cost_loaded(world)
    acknowledged(world, FEB, {"1": "9000", "2": "2000"})
    ctx = Context(world.program, FEB, date(2027, 2, 28), date(2027, 3, 15), world.user(PM))
    series = cost.read(ctx)["earned_value"]["series"]
    expected = earned_value_report(world.program, FEB)
    assert [(m["month"], m["label"], m["status"]) for m in series] == [
        ("2027-01", "Jan 2027", "unmeasured"),  # not closed: the plan alone
        ("2027-02", "Feb 2027", "open"),
    ]
    january = series[0]
    assert Decimal(january["pv"]) == to_dollars(expected.periods[0].planned)
    assert january["ev"] is None and january["ac"] is None
    february = series[1]
    assert Decimal(february["pv"]) == expected.program.pv
    assert Decimal(february["ev"]) == expected.program.ev
    assert Decimal(february["ac"]) == expected.program.ac == Decimal(11000)


# -- the charts -------------------------------------------------------------------------------


def test_the_slip_chart_puts_late_milestones_right_and_early_ones_left() -> None:
    schedule = {
        "present": True,
        "baseline": {"number": 2},
        "milestones": [
            {"name": "Design review", "slip_days": 12},
            {"name": "Cutover <phase 1>", "slip_days": -3},
            {"name": "No baseline date", "slip_days": None},
        ],
    }
    chart = charts.slip_chart(schedule)
    assert chart is not None and "baseline 2" in chart.alt
    root = _svg(chart.url)
    zero = _at(next(e for e in root.iter(f"{NS}line") if e.get("class") == "zero"), "x1")
    bars = [g for g in root.iter(f"{NS}g") if g.get("class") == "bar"]
    assert len(bars) == 2  # a milestone without a baseline date has no slip to draw
    late, early = (next(e for e in g if e.get("class") == "bar-shape") for g in bars)
    assert _at(late, "x") == pytest.approx(zero)
    assert _at(early, "x") + _at(early, "width") == pytest.approx(zero)
    texts = ["".join(e.itertext()) for e in root.iter(f"{NS}text")]
    assert "12 days late" in texts and "3 days early" in texts and "Cutover <phase 1>" in texts
    assert charts.slip_chart({"present": True, "baseline": None, "milestones": []}) is None


@pytest.fixture
def cost_report(
    world: World, run_build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch
) -> StatusReport:
    """January 2027's report of a cost-loaded program, after December's."""
    today_is(monkeypatch, date(2027, 2, 15))
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "9000", "2": "2000"})
    progress(world, 2, 100)
    run_build(period=date(2026, 12, 1))
    run_build(period=JAN)
    return _report(world, JAN)


def test_the_pdf_shows_the_history_and_the_s_curve_with_their_tables(
    world: World, cost_report: StatusReport
) -> None:
    assert policy.can_see_costs(world.user(PM), world.program)
    pages = _pdf_pages(exports.report_pdf(cost_report, shows_costs=True))
    summary = " ".join(pages[:2])
    assert "Executive summary" in summary and "Status history" in summary
    assert "Narratives" not in summary  # the detail starts on the third page
    assert "December 2026" in summary and "January 2027 (this report)" in summary
    assert "Narratives" in pages[2]
    text = " ".join(pages)
    assert "S-curve: cumulative planned value, earned value and actual cost" in text
    assert "Cumulative figures at the end of each month" in text
    row = cost_report.snapshot["sections"]["cost"]["earned_value"]["series"][0]
    assert row["label"] == "Jan 2027"
    ac = f"${Decimal(row['ac']):,.2f}"
    assert ac == "$11,000.00" and ac in text
    assert "Milestone slip against the agreed baseline" in text
    assert "Each milestone against the agreed baseline" in text

    found = charts.report_charts(
        cost_report.snapshot["sections"], status_history(cost_report), shows_costs=True
    )
    assert all(found.values())
    history = _svg(found["history"].url)  # type: ignore[union-attr]
    marks = [e for e in history.iter() if e.get("class") == "mark"]
    assert len(marks) == 2 + 1  # a point a period, and the legend's mark


def test_no_dollar_figure_reaches_a_member_who_may_not_see_costs(
    world: World, cost_report: StatusReport
) -> None:
    viewer = world.user(VIEWER)
    assert not policy.can_see_costs(viewer, world.program)
    text = " ".join(_pdf_pages(exports.report_pdf(cost_report, shows_costs=False)))
    assert "Status history" in text and "Cost" in text
    assert "S-curve" not in text and "Cumulative figures" not in text
    assert not MONEY.search(text), MONEY.search(text)
    indicators = [i["value"] for a in cost_report.snapshot["areas"] for i in a["indicators"]]
    assert any(MONEY.search(str(v)) for v in indicators)  # the snapshot does hold some
    book = load_workbook(io.BytesIO(exports.report_xlsx(cost_report, shows_costs=False)))
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert not [c for c in cells if MONEY.search(str(c)) or isinstance(c, Decimal)]
    page = world.client(VIEWER).get(cost_report.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Status history" in body and not MONEY.search(body)
    assert (
        charts.report_charts(
            cost_report.snapshot["sections"], status_history(cost_report), shows_costs=False
        )["s_curve"]
        is None
    )


def test_a_report_of_the_first_layout_still_shows_on_its_page_and_in_its_pdf(
    world: World, run_build: Callable[..., Job]
) -> None:
    run_build(period=date(2026, 4, 1))
    run_build()
    report = _report(world, date(2026, 5, 1))
    snapshot = dict(report.snapshot)
    del snapshot["history"]
    snapshot["schema_version"] = 1
    StatusReport.objects.filter(pk=report.pk).update(schema_version=1, snapshot=snapshot)
    report.refresh_from_db()
    page = world.client(PM).get(
        reverse("reports:report", kwargs={"code": world.program.code, "pk": report.pk})
    )
    assert page.status_code == 200
    body = " ".join(page.content.decode().split())
    assert "Status history" in body and "built before reports recorded" in body
    assert "May 2026 (this report)" in body
    assert [row.period for row in status_history(report).rows] == ["May 2026"]
    text = " ".join(_pdf_pages(exports.report_pdf(report, shows_costs=True)))
    assert "Status history" in text and "May 2026 (this report)" in text
    assert "built before reports recorded" in text
