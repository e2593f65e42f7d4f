"""The rules that read each review artifact's state from the portal, in words.

An artifact is missing, in draft, in review, ready (approved with its date, agreed,
released, in use), out of date, or not in the portal yet (an area the portal does not keep:
shown, never counted). What blocks it is one sentence a person can act on: "The PMP has no
approved version: version 2 is in review since 4 May 2026."
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from programs.choices import DocumentStatus, Party
from programs.models import Document, DocumentVersion

from .. import periods
from ..choices import StatusReportStatus

if TYPE_CHECKING:
    from .criteria import Artifact
    from .sources import Sources


class State(StrEnum):
    MISSING = "missing"
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    OUT_OF_DATE = "out_of_date"
    READY = "ready"
    UNAVAILABLE = "unavailable"


LABELS = {
    State.MISSING: "Missing",
    State.DRAFT: "In draft",
    State.IN_REVIEW: "In review",
    State.OUT_OF_DATE: "Out of date",
    State.READY: "Ready",
    State.UNAVAILABLE: "Not in the portal yet",
}


@dataclass(frozen=True)
class ArtifactState:
    key: str
    name: str
    state: State
    #: Where it stands, in words: "Version 2 approved on 4 May 2026".
    summary: str
    #: What keeps it from being ready, in one sentence; empty when ready or not counted.
    blocker: str = ""
    #: The date its state rests on (approved, agreed, released, last updated), if any.
    on: dt.date | None = None
    #: The document version the package carries (the approved one), for documents.
    version_number: int | None = None
    url: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def ready(self) -> bool:
        return self.state == State.READY

    @property
    def counted(self) -> bool:
        return self.state != State.UNAVAILABLE


def day(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return "an unknown date"
    if isinstance(moment, dt.datetime):
        moment = timezone.localdate(moment)
    return f"{moment:%-d %B %Y}"


def _date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _state(artifact: Artifact, state: State, summary: str, **values: object) -> ArtifactState:
    return ArtifactState(artifact.key, artifact.name, state, summary, **values)  # type: ignore[arg-type]


# -- versioned documents ----------------------------------------------------------------


def approved_version(sources: Sources, kind: str) -> DocumentVersion | None:
    """The current approved version of the program's document of ``kind``."""
    return next((v for v in sources.versions_of(kind) if v.status == DocumentStatus.APPROVED), None)


def _open_text(version: DocumentVersion) -> str:
    if version.status == DocumentStatus.IN_REVIEW:
        return f"version {version.number} is in review since {day(version.submitted_at)}"
    return f"version {version.number} is in draft since {day(version.created_at)}"


def document_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    document = sources.documents.get(artifact.kind)
    url = (document or Document(program=sources.program, kind=artifact.kind)).get_absolute_url()
    if document is None:
        return _state(
            artifact,
            State.MISSING,
            "Not started",
            blocker=f"{artifact.subject} has not been started in the portal.",
            url=url,
        )
    versions = sources.versions_of(artifact.kind)
    approved = approved_version(sources, artifact.kind)
    open_ = next((v for v in versions if v.is_editable), None)
    if approved is not None:
        summary = f"Version {approved.number} approved on {day(approved.approved_at)}"
        if open_ is not None:
            summary += f"; {_open_text(open_)}"
        return _state(
            artifact,
            State.READY,
            summary,
            on=_date(approved.approved_at),
            version_number=approved.number,
            url=url,
        )
    if open_ is None:
        return _state(
            artifact,
            State.MISSING,
            "No version",
            blocker=f"{artifact.subject} has no version yet.",
            url=url,
        )
    state = State.IN_REVIEW if open_.status == DocumentStatus.IN_REVIEW else State.DRAFT
    words = _open_text(open_)
    return _state(
        artifact,
        state,
        words[0].upper() + words[1:],
        blocker=f"{artifact.subject} has no approved version: {words}.",
        url=url,
    )


# -- the schedule and change control -----------------------------------------------------


def schedule_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    code = sources.program.code
    if sources.schedule is None:
        return _state(
            artifact,
            State.MISSING,
            "No schedule",
            blocker=f"{artifact.subject} is not in the portal yet: start or import it.",
            url=reverse("schedule:home", kwargs={"code": code}),
        )
    url = reverse("schedule:baselines", kwargs={"code": code})
    agreed = sources.agreed_baseline
    if agreed is not None:
        approved_at = agreed.version.approved_at if agreed.version else None
        return _state(
            artifact,
            State.READY,
            f"Baseline {agreed.number} ({agreed.name}) agreed on {day(approved_at)}",
            on=_date(approved_at),
            url=url,
        )
    proposed = next((b for b in sources.baselines if b.status == DocumentStatus.IN_REVIEW), None)
    if proposed is not None and proposed.version is not None:
        since = day(proposed.version.submitted_at)
        return _state(
            artifact,
            State.IN_REVIEW,
            f"Baseline {proposed.number} proposed for agreement since {since}",
            blocker=f"{artifact.subject} has no agreed baseline: baseline {proposed.number} is "
            f"in review since {since}.",
            url=url,
        )
    return _state(
        artifact,
        State.DRAFT,
        "Drafted, no baseline proposed",
        blocker=f"{artifact.subject} has no agreed baseline: none has been proposed for "
        "agreement yet.",
        url=url,
    )


def change_log_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    code = sources.program.code
    if sources.schedule is None:
        return _state(
            artifact,
            State.MISSING,
            "No schedule to control",
            blocker=f"{artifact.subject} starts with the schedule, which is not in the portal yet.",
            url=reverse("schedule:home", kwargs={"code": code}),
        )
    url = reverse("schedule:change-requests", kwargs={"code": code})
    agreed = sources.agreed_baseline
    if agreed is None:
        return _state(
            artifact,
            State.MISSING,
            "Not under change control",
            blocker="Change control starts once the schedule has an agreed baseline; none is "
            "agreed yet.",
            url=url,
        )
    counts = sources.change_requests
    total, proposed = counts["total"], counts["proposed"]
    if total:
        summary = (
            f"{total} change request{'s' if total != 1 else ''}, the last on "
            f"{day(counts['last'])}; {proposed} awaiting a decision"
        )
    else:
        summary = f"Under change control since baseline {agreed.number}; no change request yet"
    return _state(artifact, State.READY, summary, on=_date(counts["last"]), url=url)


# -- governance and the RAID log ----------------------------------------------------------


def governance_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    url = reverse("pmp:governance:home", kwargs={"code": sources.program.code})
    bodies = sources.governance_bodies
    if not bodies:
        return _state(
            artifact,
            State.MISSING,
            "No governance body",
            blocker="No governance body is recorded: set up the joint bodies from the "
            "approved PMO role agreement.",
            url=url,
        )
    lacking = []
    for body in bodies:
        parties = {m.party for m in body.members.all()}
        missing = [p for p in (Party.CUSTOMER, Party.PROVIDER) if p not in parties]
        if missing:
            who = " and ".join(str(Party(p).label).lower() for p in missing)
            lacking.append(f"{body.name} has no {who} member")
    count = f"{len(bodies)} governance bod{'ies' if len(bodies) != 1 else 'y'}"
    if lacking:
        return _state(
            artifact,
            State.DRAFT,
            f"{count}, not all joint",
            blocker="Not every governance body has members of both parties: "
            + "; ".join(lacking)
            + ".",
            url=url,
        )
    return _state(artifact, State.READY, f"{count}, each with members of both parties", url=url)


def raid_log_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    url = reverse("pmp:raid:log", kwargs={"code": sources.program.code})
    total, last = sources.raid["total"], sources.raid["last"]
    if not total:
        return _state(
            artifact,
            State.MISSING,
            "No items",
            blocker=f"{artifact.subject} has no risks, actions, issues or decisions yet.",
            url=url,
        )
    interval = sources.raid_review_days
    last_day = _date(last)
    summary = f"{total} item{'s' if total != 1 else ''}, last updated on {day(last)}"
    if last_day is None or (sources.today - last_day).days > interval:
        return _state(
            artifact,
            State.OUT_OF_DATE,
            summary,
            blocker=f"{artifact.subject} was last updated on {day(last)}, more than {interval} "
            f"days ago; it is reviewed at least every {interval} days.",
            on=last_day,
            url=url,
        )
    return _state(artifact, State.READY, summary, on=last_day, url=url)


# -- status reports ------------------------------------------------------------------------


def status_report_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    url = reverse("reports:list", kwargs={"code": sources.program.code})
    length = sources.report_settings.period_length
    last = periods.period_of(
        periods.previous_start(periods.period_start(sources.today, length), length), length
    )
    reports = sources.status_reports
    released = next((r for r in reports if r.status == StatusReportStatus.RELEASED), None)
    if released is not None and released.period_start >= last.start:
        return _state(
            artifact,
            State.READY,
            f"The report of {released.period_label} released on {day(released.released_at)}",
            on=_date(released.released_at),
            url=released.get_absolute_url(),
        )
    pending = next(
        (
            r
            for r in reports
            if r.period_start >= last.start and r.status != StatusReportStatus.RELEASED
        ),
        None,
    )
    if pending is not None:
        reviewed = pending.status == StatusReportStatus.REVIEWED
        where = (
            "approved by both parties, not yet released"
            if reviewed
            else f"a draft built on {day(pending.built_at)}"
        )
        return _state(
            artifact,
            State.IN_REVIEW if reviewed else State.DRAFT,
            f"The report of {pending.period_label} is {where}",
            blocker=f"No status report of {last.label} or later is released: the report of "
            f"{pending.period_label} is {where}.",
            url=pending.get_absolute_url(),
        )
    if released is not None:
        return _state(
            artifact,
            State.OUT_OF_DATE,
            f"The last released report is of {released.period_label}",
            blocker=f"{artifact.subject} has fallen behind: the last released report is of "
            f"{released.period_label} and the report of {last.label} is not built yet.",
            on=_date(released.released_at),
            url=url,
        )
    return _state(
        artifact,
        State.MISSING,
        "No report built",
        blocker=f"No status report has been built yet; the report of {last.label} is the "
        "first due.",
        url=url,
    )


# -- lessons learned -----------------------------------------------------------------------

LESSONS_STATES = {
    "missing": State.MISSING,
    "draft": State.DRAFT,
    "in_review": State.IN_REVIEW,
    "approved": State.READY,
}


def lessons_state(sources: Sources, artifact: Artifact) -> ArtifactState:
    """Read through ``lessons.selectors.lessons_report_state(program=...)``, which answers
    ``(state, date or None)`` with state one of missing, draft, in_review, approved (the date
    it is in that state since, or was approved on)."""
    if not apps.is_installed("lessons"):
        return _state(
            artifact,
            State.UNAVAILABLE,
            "The portal does not keep lessons learned yet; not counted",
        )
    from lessons.selectors import lessons_report_state

    key, on = lessons_report_state(program=sources.program)
    state = LESSONS_STATES.get(str(key), State.MISSING)
    words = {
        State.MISSING: "Not written",
        State.DRAFT: f"In draft since {day(on)}",
        State.IN_REVIEW: f"In review since {day(on)}",
        State.READY: f"Approved on {day(on)}",
    }[state]
    if state == State.READY:
        blocker = ""
    elif state == State.MISSING:
        blocker = f"{artifact.subject} has not been written yet."
    else:
        blocker = f"{artifact.subject} is not approved: it is {words[0].lower()}{words[1:]}."
    return _state(
        artifact,
        state,
        words,
        blocker=blocker,
        on=on if state == State.READY else None,
    )
