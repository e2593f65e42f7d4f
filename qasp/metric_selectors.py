"""Reads of the provider's metric submissions, a fixed number of queries however many."""

from __future__ import annotations

from django.db.models import QuerySet

from programs.models import Program

from .choices import MetricStatus
from .models import MetricSubmission
from .selectors import DUE, OVERDUE, Cell, Schedule


def submissions(program: Program) -> QuerySet[MetricSubmission]:
    """The program's submissions, latest period first, with what their pages show."""
    return MetricSubmission.objects.filter(program=program).select_related("program", "record")


def awaiting_cells(program: Program, schedule: Schedule) -> list[Cell]:
    """The schedule's due or overdue periods the provider has submitted figures for, awaiting
    the customer's validation (one query)."""
    awaiting = set(
        MetricSubmission.objects.filter(program=program, status=MetricStatus.SUBMITTED).values_list(
            "standard_code", "period"
        )
    )
    return [
        cell
        for row in schedule.rows
        for cell in row.cells
        if cell.status in (DUE, OVERDUE) and (cell.standard.code, cell.period) in awaiting
    ]
