"""The (filtered) RAID log as a workbook and a PDF, through the register block. The
workbook's headers are the ones the import reads (``imports.raid_columns``), so an exported
log edited offline imports back: its rows update their items, rows added without a reference
are recorded as new ones. Links are written by reference, one a line: R-2, CR-3, IVV-004 and
Task 14 (a schedule task by its UID), as the import reads them (``imports.raid_links``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from programs.models import Program
from programs.registers import Column, register_pdf, register_xlsx

from ..imports.raid_links import link_token
from ..models import RaidItem, RaidLink
from ..selectors.raid import overdue_text

DATE = "yyyy-mm-dd"


def _owner(item: RaidItem) -> str:
    return item.owner.user.get_username() if item.owner else ""


COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda r: r.reference),
    Column("Type", lambda r: r.get_kind_display()),
    Column("Status", lambda r: r.get_status_display()),
    Column("Title", lambda r: r.title, wide=True),
    Column("Description", lambda r: r.description, wide=True),
    Column("Owning party", lambda r: r.owner_party_label),
    Column("Owner", _owner),
    Column("Date raised", lambda r: r.raised_on, DATE),
    Column("Due", lambda r: r.due_on, DATE),
    Column("Category", lambda r: r.get_category_display()),
    Column("Cause", lambda r: r.cause, wide=True),
    Column("Effect", lambda r: r.effect, wide=True),
    Column("Inherent probability", lambda r: r.inherent_probability, "0"),
    Column("Inherent impact", lambda r: r.inherent_impact, "0"),
    Column("Inherent score", lambda r: r.inherent_score, "0"),
    Column("Residual probability", lambda r: r.residual_probability, "0"),
    Column("Residual impact", lambda r: r.residual_impact, "0"),
    Column("Residual score", lambda r: r.residual_score, "0"),
    Column("Response strategy", lambda r: r.get_response_strategy_display()),
    Column("Trigger", lambda r: r.trigger, wide=True),
    Column("Proximity", lambda r: r.proximity_on, DATE),
    Column("Last reviewed", lambda r: r.last_reviewed_on, DATE),
    Column("Next review", lambda r: r.next_review_on, DATE),
    Column("Show on status report", lambda r: "Yes" if r.on_status_report else ""),
    Column("Priority", lambda r: r.get_priority_display()),
    Column("Impact", lambda r: r.impact, wide=True),
    Column("Escalation level", lambda r: r.get_escalation_level_display()),
    Column("Resolution", lambda r: r.resolution, wide=True),
    Column("Source", lambda r: r.get_source_display()),
    Column("Done", lambda r: r.done_on, DATE),
    Column("Decision", lambda r: r.decision, wide=True),
    Column("Date decided", lambda r: r.decided_on, DATE),
    Column("Decided by", lambda r: r.decided_by),
    Column("Rationale", lambda r: r.rationale, wide=True),
    Column("Alternatives considered", lambda r: r.alternatives, wide=True),
    # Both read for all the rows at once (``raid_xlsx``).
    Column("Change request", lambda r: ""),
    Column("Links", lambda r: "", wide=True),
    Column("Overdue", overdue_text),
)
#: What fits a landscape page.
PDF_HEADERS = (
    "Reference",
    "Status",
    "Title",
    "Owning party",
    "Owner",
    "Date raised",
    "Due",
    "Inherent score",
    "Residual score",
    "Next review",
    "Overdue",
)
PDF_COLUMNS = tuple(c for c in COLUMNS if c.header in PDF_HEADERS)


def link_texts(rows: Sequence[RaidItem]) -> dict[int, str]:
    """Each row's links by reference, one a line, read in one query."""
    links = (
        RaidLink.objects.filter(item__in=[r.pk for r in rows])
        .select_related("task", "change_request", "finding", "raid_item")
        .order_by("item", "kind", "pk")
    )
    texts: dict[int, list[str]] = {}
    for link in links:
        texts.setdefault(link.item_id, []).append(link_token(link))
    return {pk: "\n".join(tokens) for pk, tokens in texts.items()}


def raid_xlsx(program: Program, rows: Sequence[RaidItem]) -> bytes:
    from schedule.models import ChangeRequest

    rows = list(rows)
    links = link_texts(rows)
    numbers = dict(
        ChangeRequest.objects.filter(
            pk__in={r.change_request_id for r in rows if r.change_request_id}
        ).values_list("pk", "number")
    )
    read_at_once = {
        "Change request": lambda r: (
            f"CR-{numbers[r.change_request_id]}" if r.change_request_id else ""
        ),
        "Links": lambda r: links.get(r.pk, ""),
    }
    columns = tuple(
        replace(c, value=read_at_once[c.header]) if c.header in read_at_once else c for c in COLUMNS
    )
    return register_xlsx(program=program, title="RAID log", columns=columns, rows=rows)


def raid_pdf(
    program: Program, rows: Sequence[RaidItem], *, filters_text: str = "", generated_by: str = ""
) -> bytes:
    return register_pdf(
        program=program,
        title="RAID log",
        columns=PDF_COLUMNS,
        rows=rows,
        filters_text=filters_text,
        generated_by=generated_by,
    )
