"""The snapshot of a status report: each section read from its own app's selectors (one
module per area), then the areas' statuses, the overall status, the proposed rating and what
changed since the last report, computed from the sections alone.

Beside the sections, the build reads the program's earlier reports (``history``): the
snapshot keeps them at its top level, with the cost section's earned value series, since
version 2 of its layout.

A section whose source does not exist for the program is kept with ``present: False`` and
the line saying so. A source that fails stops the build with the section named
(``SourceFailed``): no report is better than a report missing what it should show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from programs.errors import DomainError

from .. import rating
from . import changes, charter, cost, history, ivv, quality, risk, schedule
from .base import Context, absent, day

logger = logging.getLogger(__name__)

#: The layout of ``StatusReport.snapshot``; a change to it is a new number.
SCHEMA_VERSION = 2

SECTIONS = (charter, schedule, cost, risk, quality, ivv)

#: Areas of the report with no source in the portal yet: absent, with the line saying so.
NO_SOURCE = {"staffing": ("Staffing", "The portal holds no staffing figures yet.")}


class SourceFailed(DomainError):
    """Reading a section's source failed: the build stops and nothing is saved."""


def read_sections(
    ctx: Context, *, on_section: Callable[[str], None] | None = None
) -> dict[str, dict[str, Any]]:
    """Every section's data, read in order (``on_section`` hears each section's title first),
    and the program's earlier reports under ``history.KEY``, which ``assemble`` moves to the
    snapshot's top level."""
    data: dict[str, dict[str, Any]] = {}
    for module in SECTIONS:
        if on_section is not None:
            on_section(module.TITLE)
        try:
            data[module.KEY] = module.read(ctx)
        except DomainError as error:
            raise SourceFailed(
                f"Reading the {module.TITLE.lower()} failed, so no report was built: "
                f"{error.message}",
                field=module.KEY,
            ) from error
        except Exception as error:
            if _transient(error):
                raise
            logger.exception("Status report section %s of %s failed", module.KEY, ctx.program)
            raise SourceFailed(
                f"Reading the {module.TITLE.lower()} failed on an unexpected error "
                f"({type(error).__name__}), so no report was built. Try again, or tell a "
                "portal administrator if it happens again.",
                field=module.KEY,
            ) from error
    for key, (_, line) in NO_SOURCE.items():
        data[key] = absent(line)
    data[history.KEY] = history.read(ctx)  # type: ignore[assignment]  # a list, not a section
    return data


def _transient(error: Exception) -> bool:
    """Database trouble that a retry may cure (the task retries it)."""
    from django.db import OperationalError

    return isinstance(error, OperationalError)


def assemble(
    *,
    ctx: Context,
    period_label: str,
    due_on: Any,
    sections: Mapping[str, dict[str, Any]],
    previous: Mapping[str, Any] | None,
    thresholds: rating.Thresholds,
) -> dict[str, Any]:
    """The snapshot from the sections: no database, the same answer for the same input."""
    read: dict[str, Any] = dict(sections)
    earlier = read.pop(history.KEY, [])
    sections = read
    areas = []
    for module in SECTIONS:
        assessed = module.assess(sections[module.KEY], thresholds)
        if assessed is not None:
            areas.append(assessed)
        elif module.KEY != charter.KEY:
            areas.append(
                {
                    **rating.area(module.KEY, module.TITLE, []),
                    "absent": sections[module.KEY].get("absent", ""),
                }
            )
    for key, (title, line) in NO_SOURCE.items():
        areas.append({**rating.area(key, title, []), "absent": line})
    value, reasons = rating.propose(areas)
    summary = {
        "areas": areas,
        "overall": rating.overall(areas),
        "rating": {"value": value, "label": _rating_label(value), "reasons": reasons},
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "period": {
            "start": day(ctx.period_start),
            "end": day(ctx.period_end),
            "label": period_label,
            "due_on": day(due_on),
        },
        "as_of": day(ctx.today),
        "sections": sections,
        **summary,
        "history": earlier,
        "changes": changes.what_changed(previous, sections, summary),
    }


def _rating_label(value: int | None) -> str:
    from ..choices import CIO_RATINGS

    return CIO_RATINGS.get(value or 0, "Not rated")
