"""Parsing a Microsoft Project XML file safely (defusedxml, no DTD) into a tree that keeps
each element's line, and reading typed values from it while collecting every problem with
where it is."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from schedule.interchange.errors import FileProblem, InterchangeError
from schedule.interchange.mspdi.formats import (
    NAMESPACE,
    PLACEHOLDER_DATES,
    parse_datetime,
    parse_decimal,
    parse_duration,
)

_ACCEPTED_NAMESPACES = frozenset({NAMESPACE, "http://schemas.microsoft.com/project/2007", ""})

#: The element's line in the file, kept in its attributes (MSPDI elements carry none of their
#: own) so every problem can say where it is.
LINE = "\x00line"


class _LineTreeBuilder:
    """Builds the tree with local names (the namespace is checked once, on the root) and notes
    each element's line, which the C tree builder cannot."""

    def __init__(self) -> None:
        self._builder = TreeBuilder()
        self.expat: object | None = None
        self.root_namespace: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> Element:
        namespace, _, local = tag.rpartition("}")
        if self.root_namespace is None:
            self.root_namespace = namespace.lstrip("{")
        line = getattr(self.expat, "CurrentLineNumber", 0)
        return self._builder.start(local, {LINE: str(line)})

    def end(self, tag: str) -> Element:
        return self._builder.end(tag.rpartition("}")[2])

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> Element:
        return self._builder.close()


def parse_project(data: bytes, source: str) -> Element:
    """The file's ``<Project>`` element; ``InterchangeError`` when the file is not well-formed,
    declares a DTD or is not Microsoft Project XML."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root: Element = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise InterchangeError(
            [
                FileProblem(
                    f"line {line}, column {column + 1}",
                    f"the file is not well-formed XML ({reason}); it may be truncated or not "
                    "a Microsoft Project XML file",
                )
            ],
            source=source,
        ) from exc
    except DefusedXmlException as exc:
        raise InterchangeError(
            [
                FileProblem(
                    "",
                    "the file declares a DTD or entities, which Microsoft Project XML never "
                    "needs; it is refused for safety",
                )
            ],
            source=source,
        ) from exc
    if root.tag != "Project" or builder.root_namespace not in _ACCEPTED_NAMESPACES:
        raise InterchangeError(
            [
                FileProblem(
                    f"line {root.get(LINE)}",
                    f"the root element is <{root.tag}> in namespace "
                    f"'{builder.root_namespace}'; a Microsoft Project XML file starts with "
                    f'<Project xmlns="{NAMESPACE}">',
                )
            ],
            source=source,
        )
    return root


def at(parent: Element, name: str) -> Element:
    """The child to point a problem at, else the parent (an Element with no children is
    falsy, so ``find(...) or parent`` would be wrong)."""
    child = parent.find(name)
    return parent if child is None else child


class ElementReader:
    """Typed values from the tree's elements; a value that cannot be read becomes a problem
    that says where it is and reading carries on, so one pass finds every problem."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[FileProblem] = []

    # Locations and problems ---------------------------------------------------------------

    @staticmethod
    def where(element: Element, owner: str = "") -> str:
        parts = [f"line {element.get(LINE)}"]
        if owner:
            parts.append(owner)
        label = ", ".join(parts)
        return f"{label} <{element.tag}>"

    def problem(self, element: Element, owner: str, message: str) -> None:
        self.problems.append(FileProblem(self.where(element, owner), message))

    # Typed children -----------------------------------------------------------------------

    @staticmethod
    def text(parent: Element, name: str) -> str | None:
        child = parent.find(name)
        if child is None or child.text is None:
            return None
        value = child.text.strip()
        return value or None

    def integer(self, parent: Element, name: str, owner: str) -> int | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            return int(raw)
        except ValueError:
            try:
                number = float(raw)
            except ValueError:
                self.problem(child, owner, f"'{raw}' is not a whole number")
                return None
            if not math.isfinite(number):
                self.problem(child, owner, f"'{raw}' is not a whole number")
                return None
            return math.floor(number + 0.5)

    def decimal(self, parent: Element, name: str, owner: str) -> Decimal | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            return parse_decimal(raw)
        except ValueError:
            self.problem(child, owner, f"'{raw}' is not a number")
            return None

    def flag(self, parent: Element, name: str, owner: str) -> bool | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip().lower()
        if raw in {"1", "true", "yes"}:
            return True
        if raw in {"0", "false", "no"}:
            return False
        self.problem(child, owner, f"'{raw}' is not a yes/no value (1 or 0)")
        return None

    def moment(
        self, parent: Element, name: str, owner: str, *, placeholder: bool = False
    ) -> datetime | None:
        """A date and time; with ``placeholder``, an exporter's "not set" date reads as None."""
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            value = parse_datetime(raw)
        except ValueError:
            self.problem(child, owner, f"'{raw}' is not a date and time like 2024-03-01T08:00:00")
            return None
        return None if placeholder and value in PLACEHOLDER_DATES else value

    def minutes(self, parent: Element, name: str, owner: str) -> int | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            return parse_duration(raw)
        except ValueError:
            self.problem(
                child,
                owner,
                f"'{raw}' is not a duration like PT16H0M0S (ISO 8601 hours, minutes, seconds)",
            )
            return None

    def tenths(self, parent: Element, name: str, owner: str) -> int | None:
        """A slack or lag in tenths of a minute, as minutes."""
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            number = float(raw)
        except ValueError:
            self.problem(child, owner, f"'{raw}' is not a number (tenths of a minute)")
            return None
        if not math.isfinite(number):
            self.problem(child, owner, f"'{raw}' is not a number (tenths of a minute)")
            return None
        return math.floor(number / 10 + 0.5)
