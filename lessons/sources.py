"""What a lesson came from: a RAID item (R-3, A-2, I-1, D-4), a change request (CR-2) or an
IV&V finding (IVV-001) of the same program, named by its reference as people write it, read
through each app's selectors and the access policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models

from ivv import selectors as ivv_selectors
from pmp.choices import RaidKind
from pmp.selectors import raid as raid_selectors
from programs import policy
from programs.errors import DomainError
from programs.models import Program
from schedule.selectors.control import change_requests_of

from .choices import SourceKind

_RAID_PREFIXES = {kind.prefix: kind.value for kind in RaidKind}
_REFERENCE = re.compile(r"^\s*([A-Za-z]{1,3})\s*-?\s*(\d{1,9})\s*$")


@dataclass(frozen=True)
class Source:
    kind: str
    item: models.Model


def source_fields(source: Source | None) -> dict[str, Any]:
    """The lesson's three source fields for ``source`` (all None without one)."""
    fields: dict[str, Any] = {"raid_item": None, "change_request": None, "finding": None}
    if source is not None:
        fields[source.kind] = source.item
    return fields


def source_find(*, user: Any, program: Program, reference: str) -> Source | None:
    """The RAID item, change request or finding ``reference`` of ``program`` that ``user``
    may view; None for an empty reference; a refusal naming the field otherwise."""
    reference = (reference or "").strip()
    if not reference:
        return None
    match = _REFERENCE.match(reference)
    found: models.Model | None = None
    kind = ""
    if match:
        prefix, number = match.group(1).upper(), int(match.group(2))
        if prefix in _RAID_PREFIXES:
            kind = SourceKind.RAID_ITEM
            found = (
                raid_selectors.log_rows(program)
                .filter(kind=_RAID_PREFIXES[prefix], number=number)
                .first()
            )
        elif prefix == "CR":
            kind = SourceKind.CHANGE_REQUEST
            schedule = getattr(program, "schedule", None) if _has_schedule(program) else None
            if schedule is not None:
                found = change_requests_of(schedule=schedule).filter(number=number).first()
        elif prefix == "IVV":
            kind = SourceKind.FINDING
            found = ivv_selectors.register_rows(program).filter(number=number).first()
    if found is None or not policy.can(user, "view", found):
        raise DomainError(
            f"{program.name} has no RAID item, change request or IV&V finding “{reference}”. "
            "Write its reference as the portal shows it: R-3, A-2, I-1, D-4, CR-2 or IVV-001.",
            field="source",
        )
    return Source(kind=kind, item=found)


def _has_schedule(program: Program) -> bool:
    try:
        program.schedule  # noqa: B018
    except models.ObjectDoesNotExist:
        return False
    return True


def source_reference(lesson: Any) -> str:
    """The reference of what ``lesson`` came from ("R-3"), or ""."""
    source = lesson.source
    return str(getattr(source, "reference", "")) if source is not None else ""
