"""Reads for other apps on how the two PMOs work together: whether the provider reports
expenditure on time (lesson 2 of Play 3.1) and whether both parties sit and meet in the
governance bodies (lesson 8). Counts only: no amounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from programs.choices import Party
from programs.errors import DomainError
from programs.models import Membership, Program

from ..models import GovernanceBody, Meeting, MeetingStatus
from .expenditure import report_months


@dataclass(frozen=True)
class ReportingTimeliness:
    """The monthly expenditure reports since the agreed baseline's first month."""

    has_baseline: bool
    on_time: int
    late: int
    missing: int


def expenditure_timeliness(program: Program, today: dt.date) -> ReportingTimeliness:
    from ..services.expenditure import baseline_start_month

    try:
        start: dt.date | None = baseline_start_month(program)
    except DomainError:
        start = None
    months = report_months(program, today, start)
    reported = [m.report for m in months if m.report is not None]
    late = sum(1 for report in reported if report.late)
    return ReportingTimeliness(
        has_baseline=start is not None,
        on_time=len(reported) - late,
        late=late,
        missing=sum(1 for m in months if m.overdue),
    )


@dataclass(frozen=True)
class BodyIntegration:
    """A governance body: how many members of each party sit in it and how many of its held
    meetings both parties attended."""

    body: GovernanceBody
    customer_members: int
    provider_members: int
    meetings_held: int
    held_with_both: int

    @property
    def both_parties_sit(self) -> bool:
        return self.customer_members > 0 and self.provider_members > 0


def governance_integration(program: Program) -> list[BodyIntegration]:
    """Every governance body of ``program`` in order; three queries."""
    held = Meeting.objects.filter(status=MeetingStatus.HELD).prefetch_related(
        Prefetch("attendees", queryset=Membership.objects.only("pk", "party"))
    )
    bodies = (
        GovernanceBody.objects.filter(program=program)
        .select_related("program")
        .prefetch_related(
            Prefetch("members", queryset=Membership.objects.only("pk", "party")),
            Prefetch("meetings", queryset=held, to_attr="held_meetings"),
        )
    )
    rows = []
    for body in bodies:
        parties = [m.party for m in body.members.all()]
        meetings = body.held_meetings
        both = sum(
            1
            for meeting in meetings
            if {Party.CUSTOMER, Party.PROVIDER} <= {a.party for a in meeting.attendees.all()}
        )
        rows.append(
            BodyIntegration(
                body=body,
                customer_members=parties.count(Party.CUSTOMER),
                provider_members=parties.count(Party.PROVIDER),
                meetings_held=len(meetings),
                held_with_both=both,
            )
        )
    return rows


def governance_bodies_of(program: Program) -> list[GovernanceBody]:
    """The program's governance bodies in their order, each with its members' parties read
    (two queries)."""
    members = Membership.objects.only("pk", "party")
    return list(
        GovernanceBody.objects.filter(program=program)
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("position", "name")
    )
