"""What the readiness of one program is read from, each source loaded once (through the
owning apps' selectors where they have one), so the readiness costs the same number of
queries however many versions, bodies, reports or RAID items the program holds."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Prefetch, Q

from pmp.models import GovernanceBody
from pmp.selectors.raid import log_rows, review_interval_days
from pmp.selectors.reporting import governance_bodies_of
from programs.choices import DocumentStatus
from programs.models import Document, DocumentVersion, Program
from schedule.choices import ChangeRequestStatus
from schedule.models import Baseline, Schedule
from schedule.selectors import control as schedule_control
from schedule.selectors.tasks import schedule_of

from .. import selectors as report_selectors
from ..models import ReportSettings, StatusReport


class Sources:
    def __init__(self, program: Program, today: dt.date) -> None:
        self.program = program
        self.today = today

    # -- versioned documents ------------------------------------------------------------

    @cached_property
    def documents(self) -> dict[str, Document]:
        """The program's documents held once per kind, by kind, each with its versions
        (newest first) as ``document.readiness_versions``."""
        versions = DocumentVersion.objects.order_by("-number")
        found = (
            Document.objects.filter(program=self.program, key="")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="readiness_versions"))
            .order_by("kind")
        )
        documents: dict[str, Document] = {}
        for document in found:
            document.program = self.program
            documents[document.kind] = document
        return documents

    def versions_of(self, kind: str) -> list[DocumentVersion]:
        document = self.documents.get(kind)
        return list(getattr(document, "readiness_versions", [])) if document else []

    # -- the schedule -------------------------------------------------------------------

    @cached_property
    def schedule(self) -> Schedule | None:
        return schedule_of(self.program)

    @cached_property
    def baselines(self) -> list[Baseline]:
        """Newest first."""
        if self.schedule is None:
            return []
        return list(schedule_control.baselines_of(schedule=self.schedule))

    @cached_property
    def agreed_baseline(self) -> Baseline | None:
        return next((b for b in self.baselines if b.status == DocumentStatus.APPROVED), None)

    @cached_property
    def change_requests(self) -> dict[str, Any]:
        """How many change requests the log holds, how many await a decision, the last one."""
        if self.schedule is None:
            return {"total": 0, "proposed": 0, "last": None}
        return dict(
            schedule_control.change_requests_of(schedule=self.schedule)
            .order_by()
            .aggregate(
                total=Count("pk"),
                proposed=Count("pk", filter=Q(status=ChangeRequestStatus.PROPOSED)),
                last=Max("created_at"),
            )
        )

    # -- governance and the RAID log ------------------------------------------------------

    @cached_property
    def governance_bodies(self) -> list[GovernanceBody]:
        return governance_bodies_of(self.program)

    @cached_property
    def raid(self) -> dict[str, Any]:
        """How many items the RAID log holds and when one was last updated."""
        return dict(
            log_rows(self.program).order_by().aggregate(total=Count("pk"), last=Max("updated_at"))
        )

    @cached_property
    def raid_review_days(self) -> int:
        """The program's risk review interval (its risk scheme's, or the default)."""
        return review_interval_days(self.program)

    # -- status reports -----------------------------------------------------------------

    @cached_property
    def report_settings(self) -> ReportSettings:
        return report_selectors.settings_of(self.program)

    @cached_property
    def status_reports(self) -> list[StatusReport]:
        """Newest period and revision first."""
        return list(
            report_selectors.reports_of(self.program).order_by("-period_start", "-revision")
        )
