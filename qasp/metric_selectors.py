"""Reads of the provider's metric submissions, a fixed number of queries however many."""

from __future__ import annotations

from django.db.models import QuerySet

from programs.models import Program

from .models import MetricSubmission


def submissions(program: Program) -> QuerySet[MetricSubmission]:
    """The program's submissions, latest period first, with what their pages show."""
    return MetricSubmission.objects.filter(program=program).select_related("program", "record")
