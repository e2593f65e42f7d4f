"""Putting together what waits on a person (``programs.work.WorkItem``) from every app that
is installed, grouped by kind in a fixed order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache

from programs import limits
from programs.choices import MEMBER_MANAGING_ROLES, Party
from programs.models import Membership
from programs.work import WorkItem, counts_cache_key, memberships_for, programs_where

from ..choices import StatusReportStatus
from ..models import StatusReport

APPROVE_REPORT = "approve_report"


@dataclass(frozen=True)
class Source:
    """One kind of work: its heading, the app that holds it, and its selector
    (``"module:function"``), called with ``user``, ``memberships`` and, if it asks, ``today``."""

    kind: str
    heading: str
    app: str
    selector: str
    dated: bool = False

    def load(self) -> Callable[..., list[WorkItem]]:
        module, name = self.selector.split(":")
        return getattr(import_module(module), name)


SOURCES: tuple[Source, ...] = (
    Source("sign", "Signatures awaited", "programs", "programs.work_selectors:signatures_awaited"),
    Source(
        "review", "Documents to review", "programs", "programs.work_selectors:documents_to_review"
    ),
    Source(
        "disposition",
        "Comments to disposition",
        "programs",
        "programs.work_selectors:comments_to_disposition",
    ),
    Source(
        "decide_change",
        "Change requests to decide",
        "schedule",
        "schedule.selectors.work:change_requests_to_decide",
    ),
    Source(
        "answer_finding", "IV&V findings to answer", "ivv", "ivv.work_selectors:findings_to_answer"
    ),
    Source(
        "answer_car", "Corrective action requests", "qasp", "qasp.work_selectors:cars_to_act_on"
    ),
    Source(
        "surveillance_due",
        "Surveillance due",
        "qasp",
        "qasp.work_selectors:surveillance_due",
        dated=True,
    ),
    Source("raid", "Risks and actions due", "pmp", "pmp.selectors.work:raid_items_due", dated=True),
    Source(
        "expenditure",
        "Expenditure reports",
        "pmp",
        "pmp.selectors.work:expenditure_to_act_on",
        dated=True,
    ),
    Source(
        APPROVE_REPORT,
        "Status reports to approve",
        "reports",
        "reports.my_work.selectors:status_reports_to_approve",
    ),
)


@dataclass
class Group:
    kind: str
    heading: str
    items: list[WorkItem] = field(default_factory=list)


@dataclass
class MyWork:
    groups: list[Group]
    today: date

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def overdue(self) -> int:
        return sum(1 for g in self.groups for i in g.items if i.overdue(self.today))


def status_reports_to_approve(
    *, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[WorkItem]:
    """Draft status reports the person's party has not approved, for the Program Managers and
    PMO Leads of the customer and the provider (``reports.rules.manager_party``). One query."""
    managers = programs_where(
        memberships, parties=(Party.CUSTOMER, Party.PROVIDER), roles=MEMBER_MANAGING_ROLES
    )
    reports = (
        StatusReport.objects.filter(program_id__in=list(managers), status=StatusReportStatus.DRAFT)
        .select_related("program")
        .order_by("program__code", "period_start", "revision")
    )
    items = []
    for report in reports:
        party = managers[report.program_id].party
        if getattr(report, f"{party}_approved_at") is not None:
            continue
        items.append(
            WorkItem(
                kind=APPROVE_REPORT,
                program_code=report.program.code,
                program_name=report.program.name,
                title=f"Status report {report.period_label}",
                action=f"Approve for the {party}",
                url=report.get_absolute_url(),
                due=report.due_on,
            )
        )
    return items


def my_work_for(*, user: AbstractBaseUser, today: date | None = None) -> MyWork:
    """Everything waiting on ``user``: a fixed number of queries for every kind but
    surveillance (a few for each program where the person records it)."""
    today = today or limits.today()
    memberships = memberships_for(user)
    groups = []
    for source in SOURCES:
        if not apps.is_installed(source.app):
            continue
        kwargs: dict[str, Any] = {"user": user, "memberships": memberships}
        if source.dated:
            kwargs["today"] = today
        items = source.load()(**kwargs) if memberships else []
        groups.append(Group(kind=source.kind, heading=source.heading, items=items))
    # A version the person signs is listed once, under the signatures.
    to_sign = {i.url for g in groups if g.kind == "sign" for i in g.items}
    for group in groups:
        if group.kind == "review":
            group.items = [i for i in group.items if i.url not in to_sign]
    return MyWork(groups=groups, today=today)


def my_work_counts(*, user: AbstractBaseUser) -> dict[str, int]:
    """The counts the top navigation shows (items and overdue ones), kept per person for
    PMO_MY_WORK_COUNT_SECONDS: the navigation fetches them after each page, and most of
    those fetches ask no query."""
    key = counts_cache_key(user.pk)
    counts: dict[str, int] | None = cache.get(key)
    if counts is None:
        work = my_work_for(user=user)
        counts = {"total": work.total, "overdue": work.overdue}
        cache.set(key, counts, settings.PMO_MY_WORK_COUNT_SECONDS)
    return counts
