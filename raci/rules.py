"""The rules of a RACI matrix, as plain data in and out (no Django): checked live beside the
grid, and by the Resource Management Plan before it is submitted (errors block, warnings do
not). Also the comparison of two matrix snapshots (``raci.selectors.matrix_snapshot``).

Rules (DOMAIN.md section 3):
- error: exactly one A per row (none, or two or more);
- error: at least one R per row;
- warning: an A held by a column of a party that does not own a customer- or provider-owned
  row (the IV&V party counts as neither customer nor provider);
- warning: a column accountable for more than N rows (overload);
- warning: a column with no R or A anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"

VARIANT_CODES: dict[str, tuple[str, ...]] = {
    "raci": ("R", "A", "C", "I"),
    "rasci": ("R", "A", "S", "C", "I"),
}
CODE_WORDS = {
    "R": "Responsible",
    "A": "Accountable",
    "S": "Support",
    "C": "Consulted",
    "I": "Informed",
}
PARTY_WORDS = {"customer": "the customer", "provider": "the provider", "shared": "both parties"}


@dataclass(frozen=True)
class Row:
    key: Any
    title: str
    owning_party: str  # customer, provider or shared


@dataclass(frozen=True)
class Column:
    key: Any
    label: str
    party: str  # customer, provider or independent (a person's: their membership's)


@dataclass(frozen=True)
class Violation:
    severity: str
    rule: str
    message: str
    marker: str  # the short text shown in the row or cell: "Error: no A"
    row: Any = None
    column: Any = None


@dataclass
class Results:
    errors: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def all(self) -> list[Violation]:
        return [*self.errors, *self.warnings]


def _names(labels: Iterable[str]) -> str:
    items = [f"“{label}”" for label in labels]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def check(
    rows: Sequence[Row],
    columns: Sequence[Column],
    cells: Mapping[tuple[Any, Any], str],
    *,
    overload_limit: int,
) -> Results:
    """The violations of the matrix whose codes are ``cells`` ((row key, column key) to code)."""
    results = Results()
    by_row: dict[Any, list[tuple[Any, str]]] = {}
    by_column: dict[Any, list[tuple[Any, str]]] = {}
    for (row_key, column_key), code in cells.items():
        by_row.setdefault(row_key, []).append((column_key, code))
        by_column.setdefault(column_key, []).append((row_key, code))
    column_of = {c.key: c for c in columns}
    order = {c.key: i for i, c in enumerate(columns)}

    for row in rows:
        codes = sorted(by_row.get(row.key, []), key=lambda item: order.get(item[0], 0))
        accountable = [column_of[k] for k, code in codes if code == "A" and k in column_of]
        if not accountable:
            results.errors.append(
                Violation(
                    ERROR,
                    "one_a",
                    f"“{row.title}” has no A: exactly one role is accountable for each row.",
                    "Error: no A",
                    row=row.key,
                )
            )
        elif len(accountable) > 1:
            results.errors.append(
                Violation(
                    ERROR,
                    "one_a",
                    f"“{row.title}” has {len(accountable)} A's "
                    f"({_names(c.label for c in accountable)}): exactly one role is accountable.",
                    f"Error: {len(accountable)} A's",
                    row=row.key,
                )
            )
        if not any(code == "R" for _, code in codes):
            results.errors.append(
                Violation(
                    ERROR,
                    "an_r",
                    f"“{row.title}” has no R: at least one role is responsible for each row.",
                    "Error: no R",
                    row=row.key,
                )
            )
        if row.owning_party in ("customer", "provider"):
            for column in accountable:
                if column.party != row.owning_party:
                    results.warnings.append(
                        Violation(
                            WARNING,
                            "a_of_owner",
                            f"“{column.label}” is accountable for “{row.title}”, which "
                            f"{PARTY_WORDS[row.owning_party]} owns.",
                            "Warning: A outside the owning party",
                            row=row.key,
                            column=column.key,
                        )
                    )

    for column in columns:
        codes = by_column.get(column.key, [])
        a_count = sum(1 for _, code in codes if code == "A")
        if a_count > overload_limit:
            results.warnings.append(
                Violation(
                    WARNING,
                    "overload",
                    f"“{column.label}” is accountable for {a_count} rows, more than "
                    f"{overload_limit}: is one role carrying too much?",
                    f"Warning: A on {a_count} rows",
                    column=column.key,
                )
            )
        if not any(code in ("R", "A") for _, code in codes):
            results.warnings.append(
                Violation(
                    WARNING,
                    "idle_column",
                    f"“{column.label}” is neither responsible nor accountable for any row.",
                    "Warning: no R or A",
                    column=column.key,
                )
            )
    return results


def code_error(value: str, variant: str) -> str | None:
    """Why ``value`` (already stripped, not empty) is not one code of ``variant``."""
    codes = VARIANT_CODES[variant]
    text = value.strip().upper()
    if text in codes:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 1 and all(ch in CODE_WORDS for ch in letters):
        return f"“{value}” holds {len(letters)} codes; a cell holds one."
    if text in CODE_WORDS:
        name = "RASCI" if variant == "rasci" else "RACI"
        return f"{text} ({CODE_WORDS[text].lower()}) is not a code of the {name} variant."
    return f"“{value}” is not a code: use one of {', '.join(codes)}."


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    before: str | None
    after: str | None


def compare_snapshots(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[CellChange]:
    """The cells that differ between two snapshots, rows matched by heading and title, columns
    by key; a row or column only in one of them counts as empty in the other."""

    def cells(snapshot: Mapping[str, Any]) -> dict[tuple[str, str, str], str]:
        out = {}
        for row in snapshot.get("rows", []):
            for column_key, code in row.get("cells", {}).items():
                out[(row["heading"], row["title"], column_key)] = code
        return out

    labels = {c["key"]: c["label"] for c in old.get("columns", [])}
    labels.update({c["key"]: c["label"] for c in new.get("columns", [])})
    before, after = cells(old), cells(new)
    row_order: dict[tuple[str, str], int] = {}
    for snapshot in (old, new):
        for row in snapshot.get("rows", []):
            row_order.setdefault((row["heading"], row["title"]), len(row_order))
    column_order: dict[str, int] = {}
    for snapshot in (old, new):
        for column in snapshot.get("columns", []):
            column_order.setdefault(column["key"], len(column_order))
    changed = sorted(
        (key for key in set(before) | set(after) if before.get(key) != after.get(key)),
        key=lambda k: (row_order.get(k[:2], 0), column_order.get(k[2], 0)),
    )
    return [
        CellChange(
            row=title,
            column=labels.get(column_key, column_key),
            before=before.get((heading, title, column_key)),
            after=after.get((heading, title, column_key)),
        )
        for heading, title, column_key in changed
    ]


def snapshot_lines(snapshot: Mapping[str, Any]) -> list[str]:
    """A snapshot written out one cell a line ("Heading / Row: Column = A"), in the matrix's
    order, for the line-by-line comparison of two document versions."""
    labels = {c["key"]: c["label"] for c in snapshot.get("columns", [])}
    return [
        f"{row['heading']} / {row['title']}: {labels.get(key, key)} = {code}"
        for row in snapshot.get("rows", [])
        for key, code in row.get("cells", {}).items()
    ]


def summary(results: Results) -> str:
    """The rule results in a few words, as the board shows them."""

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if not results.errors and not results.warnings:
        return "RACI matrix: no rule errors or warnings."
    return (
        f"RACI matrix: {count(len(results.errors), 'error')}, "
        f"{count(len(results.warnings), 'warning')}."
    )
