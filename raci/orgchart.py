"""The program's organisation chart as one SVG drawing, for the page and the PDF of the
Resource Management Plan: the customer's and the provider's organisations side by side (a box
per role, most senior first, with the members holding it), the joint governance bodies of the
role agreement between them, and the independent IV&V agent apart.

Plain data in, SVG text out: ``org_chart(program)`` reads the memberships and the role
agreement; ``org_chart_svg`` only draws. The drawing has a title and a description, and the
page lists the same facts as text beside it (``OrgChart.columns``), so colour and position
never carry meaning alone.
"""

from __future__ import annotations

import base64
import textwrap
from dataclasses import dataclass
from html import escape

from programs.choices import ROLE_RANK, DocumentStatus, Party, Role
from programs.models import DocumentVersion, Membership, Program

BOX_WIDTH = 200.0
GAP = 24.0
LINE = 13.0
PAD = 6.0
TITLE = 18.0
NAME_CHARS = 36

INK = "#1b1b1b"
EDGE = "#565c65"
CUSTOMER = "#d9e8f6"
PROVIDER = "#e7f4e4"
JOINT = "#f3e1f4"
INDEPENDENT = "#f0f0f0"


@dataclass(frozen=True)
class OrgBox:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class OrgColumn:
    heading: str
    fill: str
    boxes: tuple[OrgBox, ...]
    dashed: bool = False


@dataclass(frozen=True)
class OrgChart:
    program_name: str
    columns: tuple[OrgColumn, ...]
    bodies_from: str  # which role agreement version the joint bodies come from, in words


def _role_boxes(members: list[Membership]) -> tuple[OrgBox, ...]:
    by_role: dict[str, list[str]] = {}
    for m in members:
        by_role.setdefault(m.role, []).append(m.display_name)
    ordered = sorted(by_role, key=lambda r: -ROLE_RANK.get(Role(r), 0))
    return tuple(OrgBox(str(Role(r).label), tuple(sorted(by_role[r]))) for r in ordered)


def _joint_bodies(program: Program) -> tuple[tuple[OrgBox, ...], str]:
    """The joint bodies of the approved role agreement, else of its latest version."""
    from .definitions import ROLE_AGREEMENT  # which defines the plan drawing this chart

    versions = DocumentVersion.objects.filter(
        document__program=program, document__kind=ROLE_AGREEMENT
    ).order_by("-number")
    version = versions.filter(status=DocumentStatus.APPROVED).first() or versions.first()
    if version is None:
        return (), "No PMO role agreement yet: its joint bodies will show here."
    rows = version.content.get("tables", {}).get("governance_bodies", [])
    boxes = []
    for row in rows:
        lines = [f"Chair: {row['chair']}"] if row.get("chair") else []
        if row.get("customer_members"):
            lines.append(f"Customer: {row['customer_members']}")
        if row.get("provider_members"):
            lines.append(f"Provider: {row['provider_members']}")
        lines.append(f"Meets: {row.get('cadence') or 'not set'}")
        boxes.append(OrgBox(row.get("body") or "Body", tuple(lines)))
    state = version.get_status_display().lower()
    return tuple(
        boxes
    ), f"Joint bodies from the PMO role agreement, version {version.number} ({state})."


def org_chart(program: Program) -> OrgChart:
    members = list(Membership.objects.filter(program=program).select_related("user").order_by("pk"))
    bodies, bodies_from = _joint_bodies(program)
    parties = {p: [m for m in members if m.party == p] for p in Party.values}
    columns = [
        OrgColumn("Customer", CUSTOMER, _role_boxes(parties[Party.CUSTOMER])),
        OrgColumn("Joint governance", JOINT, bodies),
        OrgColumn("Provider", PROVIDER, _role_boxes(parties[Party.PROVIDER])),
    ]
    if parties[Party.INDEPENDENT]:
        columns.append(
            OrgColumn(
                "Independent (IV&V)",
                INDEPENDENT,
                _role_boxes(parties[Party.INDEPENDENT]),
                dashed=True,
            )
        )
    return OrgChart(program.name, tuple(columns), bodies_from)


def _cut(text: str) -> str:
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"


def _wrapped(box: OrgBox) -> list[str]:
    """The box's lines wrapped to its width (a long list of members takes several)."""
    lines = [part for line in box.lines for part in textwrap.wrap(line, NAME_CHARS)]
    return lines or ["Vacant"]


def _box_height(box: OrgBox) -> float:
    return TITLE + LINE * len(_wrapped(box)) + PAD


def org_chart_svg(chart: OrgChart) -> str:
    """The chart as an SVG document (sizes in points)."""
    width = len(chart.columns) * (BOX_WIDTH + GAP) + GAP
    heights = [
        sum(_box_height(b) + GAP / 2 for b in column.boxes) or LINE * 3 for column in chart.columns
    ]
    height = 40.0 + max(heights, default=0.0) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}pt" height="{height:.0f}pt" role="img" '
        'aria-labelledby="org-chart-title org-chart-desc" font-family="Public Sans, sans-serif">',
        f'<title id="org-chart-title">Organisation chart of {escape(chart.program_name)}</title>',
        '<desc id="org-chart-desc">The customer and provider organisations side by side, the '
        "joint governance bodies between them, and the independent IV&amp;V agent apart; the "
        "same facts are listed as text beside the chart.</desc>",
    ]
    for index, column in enumerate(chart.columns):
        x = GAP + index * (BOX_WIDTH + GAP)
        parts.append(
            f'<text x="{x + BOX_WIDTH / 2:.1f}" y="24" text-anchor="middle" font-size="12" '
            f'font-weight="bold" fill="{INK}">{escape(column.heading)}</text>'
        )
        y = 36.0
        if not column.boxes:
            parts.append(
                f'<text x="{x + BOX_WIDTH / 2:.1f}" y="{y + LINE:.1f}" text-anchor="middle" '
                f'font-size="9" fill="{EDGE}">None yet</text>'
            )
        for box in column.boxes:
            h = _box_height(box)
            dash = ' stroke-dasharray="4 3"' if column.dashed else ""
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_WIDTH:.0f}" height="{h:.1f}" rx="4" '
                f'fill="{column.fill}" stroke="{EDGE}"{dash}/>'
            )
            parts.append(
                f'<text x="{x + PAD:.1f}" y="{y + 13:.1f}" font-size="10" font-weight="bold" '
                f'fill="{INK}">{escape(_cut(box.title))}</text>'
            )
            for n, line in enumerate(_wrapped(box)):
                parts.append(
                    f'<text x="{x + PAD:.1f}" y="{y + TITLE + LINE * n + 8:.1f}" font-size="9" '
                    f'fill="{INK}">{escape(_cut(line))}</text>'
                )
            y += h + GAP / 2
    parts.append("</svg>")
    return "".join(parts)


def org_chart_data_url(chart: OrgChart) -> str:
    """The chart as a data: URL, for an <img> in the PDF."""
    svg = org_chart_svg(chart).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
