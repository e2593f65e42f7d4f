"""Reads of SME MOUs and sessions: each SME's MOU with its signing requirements, and their
attendance against the MOU's commitment (read by the MOU list, the RACI pages and the
dashboards). Queries do not grow with the number of sessions."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from programs import policy
from programs.choices import DocumentStatus, Party, Role
from programs.limits import today
from programs.models import Document, DocumentVersion, Membership, Program
from programs.services.documents import SigningRequirement, signing_requirements

from ..models.sessions import Session, SessionAttendance
from ..mou import SME_MOU

#: Days in an average month, to turn "sessions per month" into a count so far.
DAYS_PER_MONTH = 365.25 / 12


def attendance_minimum() -> float:
    """The share of invited sessions an SME attends before being flagged (convention: 0.8)."""
    return float(settings.PMO_SME_ATTENDANCE_MIN)


def smes_of(program: Program) -> QuerySet[Membership]:
    return Membership.objects.filter(
        program=program, role=Role.SME, party__in=[Party.CUSTOMER, Party.PROVIDER]
    ).select_related("user")


def mous_of(program: Program) -> QuerySet[Document]:
    """The program's MOUs, their versions newest first with signatures, and named signers."""
    return (
        Document.objects.filter(program=program, kind=SME_MOU)
        .select_related("program", "subject__user")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.order_by("-number").prefetch_related(
                    "signatures__signer"
                ),
            ),
            "named_signers__user",
        )
    )


def mou_versions(document: Document) -> tuple[DocumentVersion | None, DocumentVersion | None]:
    """The approved version in force and the open one (draft or in review), either None."""
    versions = list(document.versions.all())
    approved = next((v for v in versions if v.status == DocumentStatus.APPROVED), None)
    open_ = next(
        (v for v in versions if v.status in (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW)),
        None,
    )
    return approved, open_


@dataclass(frozen=True)
class SmeAttendance:
    """One SME's sessions against their MOU's commitment.

    The period is the approved MOU version's, or the open version's if none is approved; only
    sessions held within it and up to ``as_of`` count. ``committed`` is the sessions per month
    of the MOU's table times the months elapsed of the period, rounded down.
    """

    membership: Membership
    mou: Document | None
    version: DocumentVersion | None
    period_start: dt.date | None
    period_end: dt.date | None
    hours_per_week: Decimal | None
    sessions_per_month: int
    committed: int
    invited: int
    attended: int
    minimum: float

    @property
    def name(self) -> str:
        return self.membership.display_name

    @property
    def rate(self) -> float | None:
        """Attended over invited, or None before any invitation."""
        return self.attended / self.invited if self.invited else None

    @property
    def below_rate(self) -> bool:
        return self.rate is not None and self.rate < self.minimum

    @property
    def below_committed(self) -> bool:
        return self.attended < self.committed

    @property
    def flagged(self) -> bool:
        return self.below_rate or self.below_committed

    @property
    def has_mou(self) -> bool:
        return self.mou is not None

    @property
    def summary(self) -> str:
        """The attendance in words: against invitations and against the commitment."""
        parts = []
        if self.invited:
            parts.append(
                f"attended {self.attended} of {self.invited} invited sessions ({self.rate:.0%})"
            )
        else:
            parts.append("not invited to any session yet")
        if self.mou is None:
            parts.append("no MOU")
        elif self.sessions_per_month:
            parts.append(f"attended {self.attended} of {self.committed} committed so far")
        else:
            parts.append("no sessions committed in the MOU")
        text = "; ".join(parts)
        return text[0].upper() + text[1:]

    @property
    def flag_text(self) -> str:
        """Why the SME is flagged, in words (empty when they are not)."""
        if not self.flagged:
            return ""
        reasons = []
        if self.below_rate:
            reasons.append(
                f"attended {self.attended} of {self.invited} invited sessions ({self.rate:.0%})"
            )
        if self.below_committed:
            reasons.append(f"attended {self.attended} of {self.committed} committed so far")
        return "Below commitment: " + "; ".join(reasons)

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.membership.pk,
            "username": self.membership.user.get_username(),
            "name": self.name,
            "party": self.membership.party,
            "mou": self.mou.pk if self.mou else None,
            "mou_version": (
                {"number": self.version.number, "status": self.version.status}
                if self.version
                else None
            ),
            "period_start": self.period_start,
            "period_end": self.period_end,
            "hours_per_week": self.hours_per_week,
            "sessions_per_month": self.sessions_per_month,
            "committed": self.committed,
            "invited": self.invited,
            "attended": self.attended,
            "rate": None if self.rate is None else round(self.rate, 4),
            "minimum_rate": self.minimum,
            "flagged": self.flagged,
            "flag": self.flag_text,
            "summary": self.summary,
        }


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _months_elapsed(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> float:
    if start is None or as_of < start:
        return 0.0
    last = min(as_of, end) if end else as_of
    return ((last - start).days + 1) / DAYS_PER_MONTH


def sme_attendance(program: Program, *, as_of: dt.date | None = None) -> list[SmeAttendance]:
    """Every SME of ``program`` with their MOU (if any) and attendance against it, as of
    ``as_of`` (today by default). Four queries, whatever the number of sessions."""
    as_of = as_of or today()
    smes = list(smes_of(program))
    mous = {d.subject_id: d for d in mous_of(program) if d.subject_id is not None}
    rows = (
        SessionAttendance.objects.filter(session__program=program, session__date__lte=as_of)
        .values("membership_id", "session__date", "attended")
        .order_by()
    )
    by_member: dict[int, list[tuple[dt.date, bool]]] = {}
    for row in rows:
        by_member.setdefault(row["membership_id"], []).append(
            (row["session__date"], row["attended"])
        )
    minimum = attendance_minimum()
    result = []
    for sme in smes:
        mou = mous.get(sme.pk)
        version = None
        if mou is not None:
            approved, open_ = mou_versions(mou)
            version = approved or open_
        content = version.content if version else {}
        fields = content.get("fields", {})
        start, end = _date(fields.get("period_start")), _date(fields.get("period_end"))
        hours = fields.get("hours_per_week")
        per_month = sum(
            int(r.get("per_month") or 0) for r in content.get("tables", {}).get("sessions", [])
        )
        committed = math.floor(per_month * _months_elapsed(start, end, as_of)) if start else 0
        sessions = [
            (day, attended)
            for day, attended in by_member.get(sme.pk, [])
            if (start is None or day >= start) and (end is None or day <= end)
        ]
        result.append(
            SmeAttendance(
                membership=sme,
                mou=mou,
                version=version,
                period_start=start,
                period_end=end,
                hours_per_week=Decimal(hours) if hours is not None else None,
                sessions_per_month=per_month,
                committed=committed,
                invited=len(sessions),
                attended=sum(1 for _, attended in sessions if attended),
                minimum=minimum,
            )
        )
    return result


# -- the MOU list -------------------------------------------------------------------------


@dataclass(frozen=True)
class MouRow:
    """An SME's line of the MOU list."""

    attendance: SmeAttendance
    approved: DocumentVersion | None
    open_version: DocumentVersion | None
    requirements: list[SigningRequirement]

    @property
    def sme(self) -> Membership:
        return self.attendance.membership

    @property
    def mou(self) -> Document | None:
        return self.attendance.mou

    @property
    def shown_version(self) -> DocumentVersion | None:
        """The version whose sign-off the list shows: the open one, else the approved."""
        return self.open_version or self.approved

    @property
    def status_text(self) -> str:
        if self.mou is None:
            return "No MOU"
        parts = []
        if self.approved:
            parts.append(f"version {self.approved.number} approved")
        if self.open_version:
            parts.append(
                f"version {self.open_version.number} "
                f"{self.open_version.get_status_display().lower()}"
            )
        text = ", ".join(parts)
        return text[0].upper() + text[1:]


def mou_rows(program: Program, *, as_of: dt.date | None = None) -> list[MouRow]:
    rows = []
    for attendance in sme_attendance(program, as_of=as_of):
        approved = open_ = None
        requirements: list[SigningRequirement] = []
        if attendance.mou is not None:
            approved, open_ = mou_versions(attendance.mou)
            shown = open_ or approved
            if shown is not None:
                requirements = signing_requirements(shown)
        rows.append(MouRow(attendance, approved, open_, requirements))
    return rows


def mou_get(*, user: Any, program: Program, pk: int) -> Document | None:
    """An MOU of ``program`` that ``user`` may view, or None (missing and forbidden alike)."""
    return policy.restrict(mous_of(program), user, "view").filter(pk=pk).first()


# -- sessions -----------------------------------------------------------------------------


def sessions_of(program: Program) -> QuerySet[Session]:
    return (
        Session.objects.filter(program=program)
        .annotate(
            invited_count=Count("attendances"),
            attended_count=Count("attendances", filter=Q(attendances__attended=True)),
        )
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=SessionAttendance.objects.select_related("membership__user"),
            )
        )
        .order_by("-date", "-pk")
    )
