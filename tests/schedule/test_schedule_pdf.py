"""The schedule PDF: title block, DCMA summary, the Gantt chart and the task table, read back
with pypdf; a 300-task schedule renders."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from django.urls import reverse
from pypdf import PdfReader

from schedule.engine import cpm
from schedule.engine.dcma import assess
from schedule.engine.model import Link, Project, Result, Task
from schedule.exports import GANTT_ROWS_PER_PAGE, render_schedule_pdf
from schedule.gantt import GanttRow
from schedule.models import Schedule
from tests.conftest import World

DAY = 480
START = datetime(2027, 1, 4, 8)


def project_of(phases: int, tasks_per_phase: int) -> tuple[Project, dict[int, str]]:
    """Summary phases of chained tasks, each phase after the previous one."""
    tasks: list[Task] = []
    links: list[Link] = []
    wbs: dict[int, str] = {}
    uid = 0
    previous: int | None = None
    for p in range(1, phases + 1):
        uid += 1
        summary = uid
        tasks.append(Task(uid=summary, name=f"Phase {p}: payroll wave {p}"))
        wbs[summary] = str(p)
        for n in range(1, tasks_per_phase + 1):
            uid += 1
            last = n == tasks_per_phase
            tasks.append(
                Task(
                    uid=uid,
                    name=f"Wave {p} step {n}: configure and test",
                    duration=0 if last else 3 * DAY,
                    milestone=last,
                    parent=summary,
                )
            )
            wbs[uid] = f"{p}.{n}"
            if previous is not None:
                links.append(Link(previous, uid))
            previous = uid
    return Project(start=START, tasks=tuple(tasks), links=tuple(links)), wbs


def rows_of(project: Project, result: Result, wbs: dict[int, str]) -> list[GanttRow]:
    return [
        GanttRow(
            uid=t.uid,
            wbs=wbs[t.uid],
            name=t.name,
            outline_level=1 if t.parent is None else 2,
            parent=t.parent,
            is_summary=result.tasks[t.uid].summary,
            is_milestone=t.milestone,
            is_critical=result.tasks[t.uid].critical,
            start=result.tasks[t.uid].start,
            finish=result.tasks[t.uid].finish,
            baseline_start=result.tasks[t.uid].start - timedelta(days=1),
            baseline_finish=result.tasks[t.uid].finish - timedelta(days=1),
            percent_complete=0,
            duration_days=result.tasks[t.uid].duration / DAY,
            total_float_days=result.tasks[t.uid].total_float / DAY,
        )
        for t in project.tasks
    ]


def render(phases: int, tasks_per_phase: int, *, baseline_name: str | None) -> bytes:
    project, wbs = project_of(phases, tasks_per_phase)
    result = cpm.compute(project)
    checks = assess(project, result, baseline=None)
    return render_schedule_pdf(
        program_name="Payroll Modernization",
        program_code="alpha",
        schedule_name="Alpha IMS",
        rows=rows_of(project, result, wbs),
        status_date=date(2027, 1, 20),
        finish=result.finish,
        baseline_name=baseline_name,
        dcma=checks,
        generated_by="Pat Morgan",
        today=date(2027, 1, 22),
    )


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_has_the_title_block_dcma_gantt_and_tasks() -> None:
    pdf = render(2, 5, baseline_name="Baseline 1")
    assert pdf.startswith(b"%PDF")
    pages, text = text_of(pdf)
    assert pages >= 3
    assert "Payroll Modernization" in text
    assert "Alpha IMS" in text
    assert "Baseline 1" in text
    assert "Status date" in text and "20 Jan 2027" in text
    assert "Forecast finish" in text
    assert "Page 1 of" in text and f"Page {pages} of {pages}" in text
    assert "Generated 22 Jan 2027 by Pat Morgan" in text
    # DCMA summary: every check, with a result.
    assert "Critical path length index (CPLI)" in text
    assert "Baseline execution index (BEI)" in text
    assert "Not applicable" in text and "Fail" in text
    # The Gantt's task names grid and time scale, and the task table.
    assert "Wave 2 step 3: configure and test" in text
    assert "Gantt chart" in text and "Jan 2027" in text
    assert "Total float" in text and "complete" in text
    # The task table reads back with each task's duration and float (3 working days each).
    assert task_lines(pdf)["2.3"] == (
        "Wave 2 step 3: configure and test 3 29 Jan 2027 2 Feb 2027 0 Yes 0%"
    )


def test_without_an_agreed_baseline_the_title_block_says_so() -> None:
    _, text = text_of(render(1, 3, baseline_name=None))
    assert "No agreed baseline" in text


def test_a_300_task_schedule_renders_with_a_time_scale_on_every_gantt_page() -> None:
    pdf = render(30, 10, baseline_name="Baseline 1")
    pages, text = text_of(pdf)
    gantt_pages = -(-300 // GANTT_ROWS_PER_PAGE)
    assert pages >= 1 + gantt_pages
    assert text.count("WBS") >= gantt_pages
    assert "Wave 30 step 9: configure and test" in text


def task_lines(pdf: bytes) -> dict[str, str]:
    """The task table's rows by WBS, as pypdf reads them back."""
    reader = PdfReader(io.BytesIO(pdf))
    lines: dict[str, str] = {}
    for page in reader.pages:
        text = page.extract_text()
        if "Tasks" not in text.splitlines():
            continue
        for line in text.splitlines():
            wbs, _, rest = line.partition(" ")
            if wbs[:1].isdigit() and rest:
                lines[wbs] = rest
    return lines


def test_the_task_table_headings_are_separate_words() -> None:
    reader = PdfReader(io.BytesIO(render(1, 3, baseline_name=None)))
    page = next(p.extract_text() for p in reader.pages if "Tasks" in p.extract_text().split("\n"))
    words = page.split()
    for heading in ("WBS", "Duration", "(days)", "Start", "Finish", "Total", "float", "Critical"):
        assert heading in words, heading


def test_the_exported_schedule_shows_each_tasks_duration_and_total_float(
    world: World, schedule: Schedule
) -> None:
    """Through the page and the database: durations and float in working days."""
    response = world.client("customer.viewer").get(
        reverse("schedule:export-pdf", kwargs={"code": "alpha"})
    )
    assert response.status_code == 200
    lines = task_lines(response.content)
    # Duration, start, finish, total float, critical, % complete.
    assert lines["1.4"] == "Draft the communications plan 4 6 Jan 2027 11 Jan 2027 34 No 0%"
    assert lines["2.2"] == "Prepare test data 6 5 Feb 2027 12 Feb 2027 7 No 0%"
    assert lines["2.3"] == "System integration test 10 17 Feb 2027 2 Mar 2027 0 Yes 0%"
    assert lines["2.4"] == "Go-live readiness (milestone) 0 2 Mar 2027 2 Mar 2027 0 Yes 0%"
