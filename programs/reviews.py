"""The rules of review comments on a versioned document, as plain data: where a comment may
be anchored (the parts of its kind), whether a quoted passage is in that part, what a
disposition and a concurrence need, and how comments are numbered (C-001, C-002, ... per
document). The services (``programs.services.reviews``) and the comment resolution matrix
(``programs.review_excel``) apply them; nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .choices import CommentType, Concurrence, Disposition, in_words
from .documents import DocumentKind, compare_contents

COMMENT_MAX_LENGTH = 5_000
QUOTE_MAX_LENGTH = 1_000
PROPOSED_CHANGE_MAX_LENGTH = 5_000
DISPOSITION_TEXT_MAX_LENGTH = 5_000
CONCURRENCE_REASON_MAX_LENGTH = 2_000

#: Dispositions that the next version (or the named later one) addresses.
ADDRESSED = (Disposition.ACCEPTED, Disposition.ACCEPTED_WITH_MODIFICATION)


@dataclass(frozen=True)
class Anchor:
    """A part of a document kind a comment may be anchored to: ``sections.scope``,
    ``fields.start_date``, ``tables.milestones``, ``stakeholders``, ``frozen.<part>``."""

    key: str
    title: str


def anchors(kind: DocumentKind) -> list[Anchor]:
    """The parts of ``kind`` in the order the version page and the comparison show them."""
    empty = kind.empty_content()
    return [Anchor(p.key, p.title) for p in compare_contents(kind, empty, empty)]


def part_texts(kind: DocumentKind, content: dict[str, Any]) -> dict[str, str]:
    """Each part's text as the comparison of two versions reads it (tables row by row)."""
    return {p.key: p.new for p in compare_contents(kind, content, content)}


def label(number: int) -> str:
    """How a comment is named in pages, the matrix and messages: C-001."""
    return f"C-{number:03d}"


_LABEL = re.compile(r"^\s*C?-?\s*0*(\d{1,6})\s*$", re.IGNORECASE)


def number_of(text: str) -> int | None:
    """The number of a comment named “C-004” (or “4”), or None."""
    match = _LABEL.match(text or "")
    return int(match.group(1)) if match else None


def resolve_anchor(kind: DocumentKind, text: str) -> Anchor | None:
    """The part ``text`` names, by its key or its title (as the matrix shows it)."""
    wanted = " ".join((text or "").split()).casefold()
    for anchor in anchors(kind):
        if wanted in (anchor.key.casefold(), anchor.title.casefold()):
            return anchor
    return None


def _plain(text: str) -> str:
    """Text compared for a quote: Markdown emphasis and white space do not count."""
    return " ".join(re.sub(r"[*_`#>|]", " ", text).split()).casefold()


def length_error(text: str, *, limit: int, what: str) -> str | None:
    if len(text) > limit:
        return f"{what} is at most {limit:,} characters; this one has {len(text):,}."
    return None


def comment_errors(
    kind: DocumentKind,
    content: dict[str, Any],
    *,
    anchor: str,
    quote: str,
    type: str,
    text: str,
    proposed_change: str,
) -> dict[str, str]:
    """Field to what is wrong with a new comment on a version whose content is ``content``."""
    errors: dict[str, str] = {}
    parts = {a.key: a.title for a in anchors(kind)}
    if anchor not in parts:
        errors["anchor"] = (
            f"“{anchor}” is not a part of the {kind.name}: choose a section, field or table."
            if anchor
            else "Choose the part of the document the comment is about."
        )
    if type not in CommentType.values:
        errors["type"] = (
            f"“{type}” is not a comment type: use {in_words(CommentType, lower=True)}."
            if type
            else f"Choose the comment's type: {in_words(CommentType, lower=True)}."
        )
    if not text.strip():
        errors["text"] = "Write the comment."
    for field, value, limit, what in (
        ("text", text, COMMENT_MAX_LENGTH, "The comment"),
        ("quote", quote, QUOTE_MAX_LENGTH, "The quoted passage"),
        ("proposed_change", proposed_change, PROPOSED_CHANGE_MAX_LENGTH, "The proposed change"),
    ):
        problem = length_error(value, limit=limit, what=what)
        if problem and field not in errors:
            errors[field] = problem
    checkable = quote.strip() and "anchor" not in errors and "quote" not in errors
    if checkable and _plain(quote) not in _plain(part_texts(kind, content).get(anchor, "")):
        errors["quote"] = (
            f"The quoted passage is not in “{parts[anchor]}” of this version: quote it as "
            "written, or leave the quote empty."
        )
    return errors


def disposition_errors(
    *, disposition: str, text: str, deferred_to: int | None, version_number: int
) -> dict[str, str]:
    """Field to what is wrong with a disposition of a comment on version ``version_number``:
    a rejection needs its rationale, an acceptance with modification what was changed, a
    deferral a later version."""
    errors: dict[str, str] = {}
    if disposition not in Disposition.values:
        errors["disposition"] = (
            f"“{disposition}” is not a disposition: use {in_words(Disposition, lower=True)}."
            if disposition
            else f"Choose a disposition: {in_words(Disposition, lower=True)}."
        )
        return errors
    if disposition == Disposition.REJECTED and not text.strip():
        errors["text"] = "A rejection needs its rationale: say why the comment is rejected."
    if disposition == Disposition.ACCEPTED_WITH_MODIFICATION and not text.strip():
        errors["text"] = "Say what was changed instead of the proposed change."
    if disposition == Disposition.DEFERRED:
        if deferred_to is None:
            errors["deferred_to"] = (
                f"Name the later version the comment is deferred to (after {version_number})."
            )
        elif deferred_to <= version_number:
            errors["deferred_to"] = (
                f"A comment on version {version_number} is deferred to a later version: "
                f"{version_number + 1} or after, not {deferred_to}."
            )
    elif deferred_to is not None:
        errors["deferred_to"] = "Only a deferred comment names a later version."
    problem = length_error(text, limit=DISPOSITION_TEXT_MAX_LENGTH, what="The rationale")
    if problem and "text" not in errors:
        errors["text"] = problem
    return errors


def concurrence_errors(*, concurrence: str, reason: str) -> dict[str, str]:
    """Field to what is wrong with a reviewer's concurrence: a non-concurrence needs its
    reason."""
    if concurrence not in Concurrence.values:
        return {
            "concurrence": (
                f"“{concurrence}” is not a concurrence: use {in_words(Concurrence, lower=True)}."
                if concurrence
                else f"Choose {in_words(Concurrence, lower=True)}."
            )
        }
    if concurrence == Concurrence.NON_CONCUR and not reason.strip():
        return {"reason": "A non-concurrence needs its reason: say what is still wrong."}
    problem = length_error(reason, limit=CONCURRENCE_REASON_MAX_LENGTH, what="The reason")
    return {"reason": problem} if problem else {}
