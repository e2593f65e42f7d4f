"""The live data the Program Management Plan cites, frozen into a version when it goes into
review so that the signatures cover it (``programs.documents.FrozenPart``): the schedule's
agreed baseline, the QASP's approved version, the program's risk scoring scheme and the
communications plan. Each part is plain JSON; ``None`` where there is nothing to cite yet
(no agreed baseline, no approved QASP), which the plan says in words.

Reading never writes: a program without its own risk scheme is cited with the defaults the
RAID log would give it, without creating one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from programs.choices import DocumentStatus, Party, Role
from programs.models import Document, DocumentVersion, Signature, person_name
from programs.services.documents import version_sha256

from .. import risk_matrix
from ..models import CommunicationItem, RiskScheme

#: The kind key the QASP (activity 7) is registered under, looked up without importing it.
QASP_KIND = "qasp"

NO_BASELINE = "No agreed IMS baseline yet."
NO_QASP = "No QASP approved yet."


def _day(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date().isoformat()


def _signatures(version: DocumentVersion) -> list[dict[str, Any]]:
    valid = (
        Signature.objects.filter(version=version, voided_at__isnull=True)
        .select_related("signer")
        .order_by("signed_at", "pk")
    )
    return [
        {
            "signer": person_name(s.signer),
            "party": str(Party(s.party).label),
            "role": str(Role(s.role).label),
            "signed_on": _day(s.signed_at),
            "sha256": s.content_sha256,
        }
        for s in valid
    ]


# -- the schedule's agreed baseline -----------------------------------------------------------


def agreed_baseline(document: Document) -> dict[str, Any] | None:
    # The schedule sits beside this app; read it only when a plan cites it.
    from schedule.models import Schedule
    from schedule.services.baselines import agreed_baseline as agreed_of

    schedule = Schedule.objects.filter(program=document.program).first()
    baseline = agreed_of(schedule) if schedule is not None else None
    if baseline is None or baseline.version is None:
        return None
    return {
        "number": baseline.number,
        "name": baseline.name,
        "start": _day(baseline.start),
        "finish": _day(baseline.finish),
        "agreed_on": _day(baseline.version.approved_at),
        "sha256": version_sha256(baseline.version),
        "signatures": _signatures(baseline.version),
    }


def _signature_lines(signatures: list[dict[str, Any]]) -> list[str]:
    return [
        f"Signed by {s['signer']} ({s['party']} {s['role']}) on {s['signed_on']}: {s['sha256']}"
        for s in signatures
    ]


def agreed_baseline_text(part: dict[str, Any] | None) -> str:
    if not part:
        return NO_BASELINE
    return "\n".join(
        [
            f"Baseline {part['number']}: {part['name']}",
            f"Start {part['start']}, finish {part['finish']}, agreed {part['agreed_on']}",
            f"SHA-256 {part['sha256']}",
            *_signature_lines(part["signatures"]),
        ]
    )


def agreed_baseline_table(
    part: dict[str, Any] | None,
) -> tuple[tuple[str, ...], list[list[str]]]:
    header = ("Baseline", "Finish", "Signer", "Party", "Signed", "SHA-256 signed")
    if not part:
        return header, [[NO_BASELINE, "", "", "", "", ""]]
    title = f"{part['number']}: {part['name']}"
    return header, [
        [title, part["finish"], s["signer"], s["party"], s["signed_on"], s["sha256"]]
        for s in part["signatures"]
    ] or [[title, part["finish"], "", "", "", ""]]


# -- the QASP's approved version --------------------------------------------------------------


def approved_qasp(document: Document) -> dict[str, Any] | None:
    version = (
        DocumentVersion.objects.filter(
            document__program=document.program,
            document__kind=QASP_KIND,
            status=DocumentStatus.APPROVED,
        )
        .select_related("document__program")
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    return {
        "title": version.document.title,
        "number": version.number,
        "approved_on": _day(version.approved_at),
        "sha256": version_sha256(version),
        "signatures": _signatures(version),
    }


def approved_qasp_text(part: dict[str, Any] | None) -> str:
    if not part:
        return NO_QASP
    return "\n".join(
        [
            f"{part['title']} version {part['number']}, approved {part['approved_on']}",
            f"SHA-256 {part['sha256']}",
            *_signature_lines(part["signatures"]),
        ]
    )


def approved_qasp_table(part: dict[str, Any] | None) -> tuple[tuple[str, ...], list[list[str]]]:
    header = ("QASP", "Version", "Approved", "SHA-256")
    if not part:
        return header, [[NO_QASP, "", "", ""]]
    return header, [[part["title"], str(part["number"]), part["approved_on"], part["sha256"]]]


# -- the risk scoring scheme ------------------------------------------------------------------


def risk_scheme(document: Document) -> dict[str, Any]:
    scheme = RiskScheme.objects.filter(program=document.program).first()
    if scheme is None:
        return {
            "probability_labels": risk_matrix.default_probability_labels(),
            "impact_labels": risk_matrix.default_impact_labels(),
            "bands": risk_matrix.default_bands(),
            "review_interval_days": risk_matrix.DEFAULT_REVIEW_INTERVAL_DAYS,
            "defaults": True,
        }
    return {
        "probability_labels": list(scheme.probability_labels),
        "impact_labels": list(scheme.impact_labels),
        "bands": [list(row) for row in scheme.bands],
        "review_interval_days": scheme.review_interval_days,
        "defaults": False,
    }


def _band_label(band: str) -> str:
    return risk_matrix.BAND_LABELS.get(band, band)


def risk_scheme_text(part: dict[str, Any]) -> str:
    def scale(labels: list[str]) -> str:
        return ", ".join(f"{n} {label}" for n, label in enumerate(labels, start=1))

    lines = [
        f"Probability: {scale(part['probability_labels'])}",
        f"Impact: {scale(part['impact_labels'])}",
        f"Each risk reviewed every {part['review_interval_days']} days",
    ]
    for p in reversed(risk_matrix.SCALE):
        bands = ", ".join(_band_label(b) for b in part["bands"][p - 1])
        lines.append(f"Probability {p}: {bands}")
    return "\n".join(lines)


def risk_scheme_table(part: dict[str, Any]) -> tuple[tuple[str, ...], list[list[str]]]:
    """The 5 x 5 banding, probability down (highest first), impact across."""
    header = (
        "Probability \\ impact",
        *(f"{i} {label}" for i, label in enumerate(part["impact_labels"], start=1)),
    )
    rows = [
        [
            f"{p} {part['probability_labels'][p - 1]}",
            *(_band_label(b) for b in part["bands"][p - 1]),
        ]
        for p in reversed(risk_matrix.SCALE)
    ]
    return header, rows


# -- the communications plan ------------------------------------------------------------------

COMMUNICATION_COLUMNS = (
    ("what", "What"),
    ("audience", "Audience"),
    ("purpose", "Purpose"),
    ("channel", "Channel"),
    ("frequency", "Frequency"),
    ("owner", "Owner"),
    ("party", "Party"),
)


def communications(document: Document) -> list[dict[str, str]]:
    items = (
        CommunicationItem.objects.filter(program=document.program)
        .select_related("owner__user")
        .order_by("title", "pk")
    )
    return [
        {
            "what": item.title,
            "audience": item.audience,
            "purpose": item.purpose,
            "channel": item.get_channel_display(),
            "frequency": item.get_frequency_display(),
            "owner": item.owner.display_name if item.owner is not None else "",
            "party": item.get_owner_party_display(),
        }
        for item in items
    ]


def communications_table(part: list[dict[str, str]]) -> tuple[tuple[str, ...], list[list[str]]]:
    header = tuple(title for _, title in COMMUNICATION_COLUMNS)
    return header, [[row.get(key, "") for key, _ in COMMUNICATION_COLUMNS] for row in part]


def communications_text(part: list[dict[str, str]]) -> str:
    return "\n".join(" | ".join(row) for row in communications_table(part)[1])
