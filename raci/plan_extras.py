"""What the Resource Management Plan shows beside its sections and tables, on its version
page, in its editor and in its PDF: the RACI matrix it froze at review (a draft: the live
matrix it will freeze) with its legend and rule results, the cells that changed since the
approved version, the named members, and the organisation chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.safestring import mark_safe

from programs.choices import ROLE_RANK, DocumentStatus, Party, Role
from programs.models import DocumentVersion
from programs.services.documents import content_for_reading

from . import rules
from .orgchart import org_chart, org_chart_data_url, org_chart_svg

#: Owner codes of M3, as the matrix shows a row's owning party.
OWNER_CODES = {"customer": "C", "provider": "P", "shared": "S"}


@dataclass(frozen=True)
class MatrixRow:
    heading: str
    title: str
    owner: str
    cells: tuple[str, ...]
    problems: tuple[str, ...]


def snapshot_results(snapshot: dict[str, Any]) -> rules.Results:
    """The rule results of a frozen snapshot, checked as the live matrix is."""
    rows = [
        rules.Row(key=i, title=r["title"], owning_party=r["owning_party"])
        for i, r in enumerate(snapshot.get("rows", []))
    ]
    columns = [
        rules.Column(key=c["key"], label=c["label"], party=c["party"])
        for c in snapshot.get("columns", [])
    ]
    cells = {
        (i, key): code
        for i, r in enumerate(snapshot.get("rows", []))
        for key, code in r.get("cells", {}).items()
    }
    return rules.check(
        rows, columns, cells, overload_limit=int(snapshot.get("overload_limit") or 8)
    )


def matrix_rows(snapshot: dict[str, Any], results: rules.Results) -> list[MatrixRow]:
    keys = [c["key"] for c in snapshot.get("columns", [])]
    problems: dict[int, list[str]] = {}
    for violation in results.all():
        if violation.row is not None:
            problems.setdefault(violation.row, []).append(violation.marker)
    return [
        MatrixRow(
            heading=r["heading"],
            title=r["title"],
            owner=OWNER_CODES.get(r["owning_party"], "?"),
            cells=tuple(r.get("cells", {}).get(k, "") for k in keys),
            problems=tuple(problems.get(i, [])),
        )
        for i, r in enumerate(snapshot.get("rows", []))
    ]


def _previous_approved(version: DocumentVersion) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(
            document=version.document,
            status__in=[DocumentStatus.APPROVED, DocumentStatus.SUPERSEDED],
            number__lt=version.number,
        )
        .order_by("-number")
        .first()
    )


def named_member_rows(named: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    def order(key: str) -> tuple[int, int]:
        party, role = key.split("/")
        parties = list(Party.values)
        return (
            parties.index(party) if party in parties else len(parties),
            -ROLE_RANK.get(Role(role), 0) if role in Role.values else 0,
        )

    rows = []
    for key, names in sorted(named.items(), key=lambda item: order(item[0])):
        party, role = key.split("/")
        party_text = str(Party(party).label) if party in Party.values else party
        role_text = str(Role(role).label) if role in Role.values else role
        rows.append((party_text, role_text, ", ".join(names)))
    return rows


def plan_context(version: DocumentVersion) -> dict[str, Any]:
    """The context of the plan's own part of the version page, editor and PDF."""
    program = version.document.program
    frozen = content_for_reading(version).get("frozen", {})
    snapshot = frozen.get("raci", {"columns": [], "rows": []})
    results = snapshot_results(snapshot)
    previous = _previous_approved(version)
    changes: list[rules.CellChange] | None = None
    if previous is not None and "raci" in previous.content.get("frozen", {}):
        changes = rules.compare_snapshots(previous.content["frozen"]["raci"], snapshot)
    chart = org_chart(program)
    variant = snapshot.get("variant", "raci")
    return {
        "is_live": version.status == DocumentStatus.DRAFT,
        "matrix_url": reverse("raci:matrix", kwargs={"code": program.code}),
        "columns": snapshot.get("columns", []),
        "rows": matrix_rows(snapshot, results),
        "results": results,
        "legend": [(c, rules.CODE_WORDS[c]) for c in rules.VARIANT_CODES[variant]],
        "variant": variant.upper(),
        "previous": previous,
        "changes": changes,
        "named_members": named_member_rows(frozen.get("named_members", {})),
        "chart": chart,
        "chart_svg": mark_safe(org_chart_svg(chart)),
        "chart_data_url": org_chart_data_url(chart),
    }


def matrix_table(snapshot: dict[str, Any]) -> tuple[tuple[str, ...], list[list[str]]]:
    """The frozen matrix as a sheet: group, row, owner, then a column per role."""
    columns = snapshot.get("columns", [])
    keys = [c["key"] for c in columns]
    header = ("Group", "Activity or deliverable", "Owner", *(c["label"] for c in columns))
    rows = [
        [
            r["heading"],
            r["title"],
            OWNER_CODES.get(r["owning_party"], ""),
            *(r.get("cells", {}).get(k, "") for k in keys),
        ]
        for r in snapshot.get("rows", [])
    ]
    return header, rows


def named_members_table(named: dict[str, list[str]]) -> tuple[tuple[str, ...], list[list[str]]]:
    return ("Party", "Role", "Members"), [list(r) for r in named_member_rows(named)]
