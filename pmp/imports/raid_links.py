"""What a RAID item links to, named in a cell as a person reads it: another RAID item by its
reference (R-2, A-40), a change request (CR-3), an IV&V finding (IVV-004) and a schedule
task by its UID (Task 14), as the export writes them. The Links column holds any number,
one a line (or separated by semicolons or commas); the Change request column of a decision
one change request. Reading a cell (``raid_columns``) only parses the references: the import
looks them up in the program, all at once (``services.raid_import_links``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..choices import LinkKind, RaidKind
from ..models import RaidLink

#: The field of ``RaidLink`` that holds the target of each kind of link.
LINK_FIELD: dict[str, str] = {
    LinkKind.TASK: "task",
    LinkKind.CHANGE_REQUEST: "change_request",
    LinkKind.FINDING: "finding",
    LinkKind.RAID_ITEM: "raid_item",
}
_KIND_OF_PREFIX = {RaidKind(k).prefix: str(k) for k in RaidKind.values}
_TOKEN = re.compile(
    r"(?P<raid>[RAID])-(?P<raid_number>\d{1,9})"
    r"|CR-?(?P<cr>\d{1,9})"
    r"|IVV-?(?P<ivv>\d{1,9})"
    r"|TASK\s*(?:UID\s*)?#?\s*(?P<task>\d{1,9})",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\n;,]+")
READ_AS = "write R-2, CR-3, IVV-004 or Task 14 (a task by its UID), one a line"


@dataclass(frozen=True)
class Target:
    """A reference read from a cell, not yet looked up: what it links to (``LinkKind``), its
    number (a task's UID) and, of a RAID item, its kind."""

    kind: str
    number: int
    raid_kind: str = ""

    @property
    def text(self) -> str:
        if self.kind == LinkKind.RAID_ITEM:
            return f"{RaidKind(self.raid_kind).prefix}-{self.number}"
        if self.kind == LinkKind.CHANGE_REQUEST:
            return f"CR-{self.number}"
        if self.kind == LinkKind.FINDING:
            return f"IVV-{self.number:03d}"
        return f"Task {self.number}"


def target_of(text: str) -> Target | None:
    match = _TOKEN.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    if match["raid"]:
        raid_kind = _KIND_OF_PREFIX[match["raid"].upper()]
        return Target(LinkKind.RAID_ITEM, int(match["raid_number"]), raid_kind)
    if match["cr"]:
        return Target(LinkKind.CHANGE_REQUEST, int(match["cr"]))
    if match["ivv"]:
        return Target(LinkKind.FINDING, int(match["ivv"]))
    return Target(LinkKind.TASK, int(match["task"]))


def parse_links(text: str) -> tuple[Target, ...]:
    """Every reference of a Links cell's text, each once, in the order given."""
    found: dict[Target, None] = {}
    for part in _SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        target = target_of(part)
        if target is None:
            raise ValueError(f"“{part}” is not a reference to link to: {READ_AS}.")
        found[target] = None
    return tuple(found)


def link_token(link: RaidLink) -> str:
    """The reference of the link's target as the Links column writes it."""
    target: Any = getattr(link, LINK_FIELD[LinkKind(link.kind)])
    return token_of(str(link.kind), target)


def token_of(kind: str, target: Any) -> str:
    if kind == LinkKind.TASK:
        return f"Task {target.uid}"
    if kind == LinkKind.CHANGE_REQUEST:
        return f"CR-{target.number}"
    return str(target.reference)
