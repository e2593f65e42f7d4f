"""The RAID log's columns as the import reads them: the headers the export writes
(``exports.raid.COLUMNS``), each with the field it sets and how a cell's value becomes that
field's value. A cell that cannot be read raises ``CellError`` with a message in the words of
the sheet ("7 is not on the scheme's 1-5 scale (Rare … Almost certain)."); the rules of an
item's content are the services' (``raid_checks``), not these."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models

from programs.choices import OwningParty
from programs.models import Membership, person_name

from ..choices import (
    ActionSource,
    EscalationLevel,
    IssuePriority,
    RaidKind,
    RaidStatus,
    ResponseStrategy,
    RiskCategory,
)
from ..models import RiskScheme
from .raid_links import Target, parse_links, target_of


class CellError(ValueError):
    """A cell whose value is not one the column takes; the message says what it should be."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Members:
    """The program's members as a sheet names them: by username or by full name."""

    def __init__(self, memberships: Iterable[Membership]) -> None:
        self.by_username: dict[str, Membership] = {}
        self.by_name: dict[str, list[Membership]] = {}
        for membership in memberships:
            user = membership.user
            self.by_username[user.get_username().casefold()] = membership
            self.by_name.setdefault(person_name(user).casefold(), []).append(membership)

    def find(self, text: str) -> Membership:
        key = " ".join(text.split()).casefold()
        found = self.by_username.get(key)
        if found is not None:
            return found
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if named:
            raise CellError(
                f"{len(named)} members of the program are called “{text}”: give the username."
            )
        raise CellError(
            f"“{text}” is not a member of the program: give the username or the full name of "
            "a member."
        )


@dataclass(frozen=True)
class Reading:
    """What reading a cell may need: the program's risk scheme and its members."""

    scheme: RiskScheme
    members: Members


Reader = Callable[[Any, Reading], Any]


def words(value: Any) -> str:
    """A cell's value as text: numbers without a needless ``.0``, line ends as ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def key(text: str) -> str:
    """Headers and choices compare without case and extra spaces."""
    return " ".join(text.split()).casefold()


def read_text(value: Any, reading: Reading) -> str:
    return words(value)


def choice_reader(choices: type[models.TextChoices], what: str) -> Reader:
    """A choice by its label ("Data migration") or its stored value ("data")."""
    lookup = {key(str(v)): str(v) for v in choices.values}
    lookup |= {key(str(label)): str(v) for v, label in choices.choices}
    labels = [str(label) for label in choices.labels]
    listed = ", ".join(labels[:-1]) + f" or {labels[-1]}"

    def read(value: Any, reading: Reading) -> str:
        text = words(value)
        if not text:
            return ""
        found = lookup.get(key(text))
        if found is None:
            raise CellError(f"“{text}” is not {what}: write {listed}.")
        return found

    return read


_PARTIES = {
    key(str(p.value)): str(p.value)
    for p in (OwningParty.CUSTOMER, OwningParty.PROVIDER, OwningParty.SHARED)
}
_PARTIES |= {
    key(str(p.label)): str(p.value)
    for p in (OwningParty.CUSTOMER, OwningParty.PROVIDER, OwningParty.SHARED)
}


def read_party(value: Any, reading: Reading) -> str:
    text = words(value)
    found = _PARTIES.get(key(text))
    if found is None:
        raise CellError(
            f"“{text}” is not an owning party: write Customer, Provider or Shared."
            if text
            else "Say who owns the item: Customer, Provider or Shared."
        )
    return found


def read_owner(value: Any, reading: Reading) -> Membership | None:
    text = words(value)
    return reading.members.find(text) if text else None


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def read_date(value: Any, reading: Reading) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(f"{words(value)} has a time of day: give the date alone.")
        return value.date()
    if isinstance(value, date):
        return value
    text = words(value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        us = _US_DATE.fullmatch(text)
        if us:
            month, day, year = (int(g) for g in us.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
    raise CellError(f"“{text}” is not a date: write it as 2025-03-31.")


_RATING = re.compile(r"(\d+)\s*(?:[:.\-\u2013]\s*(.*))?")


def scale_reader(scale: str) -> Reader:
    """A rating of the scheme's scale by its number (3), its label (Possible) or both as the
    portal shows them (3: Possible)."""

    def read(value: Any, reading: Reading) -> int | None:
        labels: list[str] = getattr(reading.scheme, f"{scale}_labels")
        text = words(value)
        if not text:
            return None
        number: int | None = None
        rating = _RATING.fullmatch(text)
        if rating and not isinstance(value, bool):
            number = int(rating.group(1))
            label = rating.group(2)
            if label and 1 <= number <= len(labels) and key(label) != key(labels[number - 1]):
                number = None
        else:
            by_label = {key(label): n for n, label in enumerate(labels, start=1)}
            number = by_label.get(key(text))
        if number is None or not 1 <= number <= len(labels):
            raise CellError(
                f"{text} is not on the scheme's 1-{len(labels)} scale ({labels[0]} … {labels[-1]})."
            )
        return number

    return read


_YES = {"yes", "y", "true", "x", "1"}
_NO = {"no", "n", "false", "0", ""}


def read_flag(value: Any, reading: Reading) -> bool:
    text = key(words(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{words(value)}” is not Yes or No (an empty cell means No).")


def read_links(value: Any, reading: Reading) -> tuple[Target, ...]:
    try:
        return parse_links(words(value))
    except ValueError as exc:
        raise CellError(str(exc)) from None


def read_change_request(value: Any, reading: Reading) -> Target | None:
    text = words(value)
    if not text:
        return None
    target = target_of(text)
    if target is None or target.kind != "change_request":
        raise CellError(f"“{text}” is not a change request: write its number as CR-3.")
    return target


read_kind = choice_reader(RaidKind, "a type of RAID item")
read_status = choice_reader(RaidStatus, "a status")


@dataclass(frozen=True)
class ImportColumn:
    """A column the import reads. ``role``: ``field`` sets ``field``; ``reference`` names
    the item a row updates, ``kind`` its type, ``status`` its status and ``workflow`` a date
    that a step of its life cycle sets (both change by that step, ``raid_import_steps``);
    ``links`` what the item links to; ``computed`` is derived from other columns and not
    read."""

    header: str
    field: str = ""
    read: Reader = read_text
    role: str = "field"
    required: bool = False


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("Reference", role="reference"),
    ImportColumn("Type", "kind", read_kind, role="kind", required=True),
    ImportColumn("Status", "status", read_status, role="status"),
    ImportColumn("Title", "title", required=True),
    ImportColumn("Description", "description"),
    ImportColumn("Owning party", "owner_party", read_party, required=True),
    ImportColumn("Owner", "owner", read_owner),
    ImportColumn("Date raised", "raised_on", read_date),
    ImportColumn("Due", "due_on", read_date),
    ImportColumn("Category", "category", choice_reader(RiskCategory, "a category")),
    ImportColumn("Cause", "cause"),
    ImportColumn("Effect", "effect"),
    ImportColumn("Inherent probability", "inherent_probability", scale_reader("probability")),
    ImportColumn("Inherent impact", "inherent_impact", scale_reader("impact")),
    ImportColumn("Inherent score", role="computed"),
    ImportColumn("Residual probability", "residual_probability", scale_reader("probability")),
    ImportColumn("Residual impact", "residual_impact", scale_reader("impact")),
    ImportColumn("Residual score", role="computed"),
    ImportColumn(
        "Response strategy",
        "response_strategy",
        choice_reader(ResponseStrategy, "a response strategy"),
    ),
    ImportColumn("Trigger", "trigger"),
    ImportColumn("Proximity", "proximity_on", read_date),
    ImportColumn("Last reviewed", "last_reviewed_on", read_date, role="workflow"),
    ImportColumn("Next review", "next_review_on", read_date),
    ImportColumn("Show on status report", "on_status_report", read_flag),
    ImportColumn("Priority", "priority", choice_reader(IssuePriority, "a priority")),
    ImportColumn("Impact", "impact"),
    ImportColumn(
        "Escalation level",
        "escalation_level",
        choice_reader(EscalationLevel, "an escalation level"),
    ),
    ImportColumn("Resolution", "resolution"),
    ImportColumn("Source", "source", choice_reader(ActionSource, "a source")),
    ImportColumn("Done", "done_on", read_date, role="workflow"),
    ImportColumn("Decision", "decision"),
    ImportColumn("Date decided", "decided_on", read_date),
    ImportColumn("Decided by", "decided_by"),
    ImportColumn("Rationale", "rationale"),
    ImportColumn("Alternatives considered", "alternatives"),
    ImportColumn("Change request", "change_request", read_change_request),
    ImportColumn("Links", "links", read_links, role="links"),
    ImportColumn("Overdue", role="computed"),
)
BY_KEY = {key(c.header): c for c in COLUMNS}
#: The header of each field, to name the column of a rule the services refuse.
HEADER_OF = {c.field: c.header for c in COLUMNS if c.field}
REQUIRED = tuple(c.header for c in COLUMNS if c.required)
