"""The review package as one PDF: a cover (program, date, readiness), the readiness table,
then each artifact in the order of the criteria: the current approved version of each
versioned document, the schedule, the latest released status report and the RAID log
through their own PDF exports, and a page the package writes itself for what has no export
(governance bodies, the change request log, the lessons-learned report) or nothing approved
to carry (a page saying so). Merged with pypdf."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

from pmp.exports.raid import raid_pdf
from pmp.selectors.raid import log_rows
from programs.errors import DomainError
from programs.exports import html_to_pdf, render_document_pdf
from schedule import clock
from schedule.exports import render_schedule_pdf
from schedule.selectors import control as schedule_control
from schedule.selectors import tasks as schedule_selectors
from schedule.services.quality import dcma_results

from .. import exports as report_exports
from ..choices import StatusReportStatus
from .criteria import ARTIFACTS_BY_KEY, Artifact
from .selectors import Readiness
from .sources import Sources
from .states import ArtifactState, State, approved_version, day

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """A page the package writes itself: an artifact's state and, where it helps, a table."""

    title: str
    state: ArtifactState
    lead: str
    headers: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    note: str = ""


@cache
def _stylesheet() -> str:
    return render_to_string("reports/readiness/package.css")


def _html_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template, context), _stylesheet())


def cover_pdf(readiness: Readiness, *, generated_by: str) -> bytes:
    """The cover and the readiness table."""
    return _html_pdf(
        "reports/readiness/package_cover.html",
        {"readiness": readiness, "generated_by": generated_by},
    )


def _page(page: Page, program_name: str) -> bytes:
    return _html_pdf("reports/readiness/package_page.html", {"page": page, "program": program_name})


def _not_carried(state: ArtifactState) -> Page:
    return Page(
        title=state.name,
        state=state,
        lead="The package carries no version of this artifact: " + (state.blocker or state.summary),
    )


# -- each artifact ----------------------------------------------------------------------------


def _document(sources: Sources, artifact: Artifact, state: ArtifactState, who: str) -> bytes | Page:
    version = approved_version(sources, artifact.kind)
    if version is None:
        return _not_carried(state)
    version.document.program = sources.program
    return render_document_pdf(version)


def _schedule(sources: Sources, artifact: Artifact, state: ArtifactState, who: str) -> bytes | Page:
    schedule, baseline = sources.schedule, sources.agreed_baseline
    if schedule is None or baseline is None:
        return _not_carried(state)
    return render_schedule_pdf(
        program_name=sources.program.name,
        program_code=sources.program.code,
        schedule_name=schedule.name,
        rows=schedule_selectors.gantt_rows(schedule, baseline),
        status_date=clock.to_engine(schedule.status_date),
        finish=clock.to_engine(schedule.finish),
        baseline_name=f"Baseline {baseline.number}: {baseline.name}",
        dcma=dcma_results(schedule),
        generated_by=who,
        today=sources.today,
    )


def _status_report(
    sources: Sources, artifact: Artifact, state: ArtifactState, who: str
) -> bytes | Page:
    released = next(
        (r for r in sources.status_reports if r.status == StatusReportStatus.RELEASED), None
    )
    if released is None:
        return _not_carried(state)
    # Every member of the program reads the package: dollar figures stay out, as in the
    # report emailed to the distribution list.
    return report_exports.report_pdf(released, shows_costs=False, generated_by=who)


def _raid_log(sources: Sources, artifact: Artifact, state: ArtifactState, who: str) -> bytes | Page:
    rows = list(log_rows(sources.program))
    if not rows:
        return _not_carried(state)
    return raid_pdf(sources.program, rows, generated_by=who)


def _change_log(
    sources: Sources, artifact: Artifact, state: ArtifactState, who: str
) -> bytes | Page:
    if sources.schedule is None or sources.agreed_baseline is None:
        return _not_carried(state)
    requests = list(schedule_control.change_requests_of(schedule=sources.schedule))
    return Page(
        title=artifact.name,
        state=state,
        lead=f"{state.summary}. Every change of the agreed schedule's dates or logic goes "
        "through a change request that a program manager of each party decides.",
        headers=("Number", "Title", "Requested", "By", "Status", "Decided"),
        rows=[
            (
                f"CR-{cr.number:03d}",
                cr.title,
                day(cr.created_at),
                cr.get_party_display(),
                cr.get_status_display(),
                day(cr.decided_at) if cr.decided_at else "",
            )
            for cr in requests
        ],
        note="" if requests else "No change request has been raised yet.",
    )


def _governance(
    sources: Sources, artifact: Artifact, state: ArtifactState, who: str
) -> bytes | Page:
    bodies = sources.governance_bodies
    if not bodies:
        return _not_carried(state)
    rows: list[tuple[str, ...]] = []
    for body in bodies:
        parties = sorted({m.get_party_display() for m in body.members.all()})
        rows.append(
            (
                body.name,
                body.get_cadence_display(),
                str(len(body.members.all())),
                ", ".join(parties),
            )
        )
    return Page(
        title=artifact.name,
        state=state,
        lead=state.blocker or "The joint bodies, how often they meet and whom they bring together.",
        headers=("Body", "Cadence", "Members", "Parties"),
        rows=rows,
    )


def _lessons(sources: Sources, artifact: Artifact, state: ArtifactState, who: str) -> bytes | Page:
    if not state.counted:
        return Page(
            title=artifact.name,
            state=state,
            lead="The portal does not keep the lessons-learned report yet; bring it to the "
            "review separately. It is not counted in the readiness.",
        )
    if state.state == State.MISSING:
        return Page(title=artifact.name, state=state, lead=state.blocker or f"{state.summary}.")
    from lessons.exports import program_report_pdf

    return program_report_pdf(sources.program, generated_by=who)


EXPORTERS: dict[str, Callable[[Sources, Artifact, ArtifactState, str], bytes | Page]] = {
    "document": _document,
    "schedule": _schedule,
    "status_report": _status_report,
    "raid_log": _raid_log,
    "change_log": _change_log,
    "governance": _governance,
    "lessons": _lessons,
}


def artifact_pdf(sources: Sources, state: ArtifactState, *, generated_by: str) -> bytes:
    """The artifact's part of the package; a DomainError naming the artifact when its export
    fails (the package is then not made)."""
    artifact = ARTIFACTS_BY_KEY[state.key]
    try:
        made = EXPORTERS[artifact.export](sources, artifact, state, generated_by)
        if isinstance(made, Page):
            return _page(made, sources.program.name)
        return made
    except DomainError as error:
        raise DomainError(
            f"The {artifact.name} could not be exported: {error.message} No package was made.",
            code=error.code,
        ) from error
    except Exception as error:
        logger.exception("Review package: the %s failed to export", artifact.name)
        raise DomainError(
            f"The {artifact.name} could not be exported ({type(error).__name__}); no package "
            "was made. Try again, or tell a portal administrator if it happens again."
        ) from error


def merge(parts: list[bytes]) -> tuple[bytes, int]:
    """The parts as one PDF, and its page count."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
