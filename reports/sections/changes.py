"""What changed since the last report, from the two snapshots alone: risks opened, closed
or occurred, milestones whose forecast moved, schedule change requests decided in the period,
IV&V findings filed and resolved, areas whose status changed, and the rating."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: How a risk that left the open risks ended, by its status.
ENDED = {"closed": "was closed", "occurred": "occurred and is now an issue"}
#: How an IV&V finding was resolved, by its status.
RESOLVED = {"closed": "was closed", "accepted_risk": "was resolved by accepting its risk"}


def _risks(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    before = {r["ref"]: r["title"] for r in previous.get("risk", {}).get("open_risks", [])}
    now = {r["ref"]: r["title"] for r in current.get("risk", {}).get("open_risks", [])}
    # Snapshots before the closed risks carried their status say only that a risk left.
    ended = {r["ref"]: r.get("status") for r in current.get("risk", {}).get("closed_in_period", [])}
    lines = [f"New risk {ref}: {title}." for ref, title in now.items() if ref not in before]
    for ref, title in before.items():
        if ref in now:
            continue
        how = ENDED.get(ended.get(ref) or "", "is no longer open")
        lines.append(f"Risk {ref} {how}: {title}.")
    return lines


def _milestones(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    before = {m["uid"]: m for m in previous.get("schedule", {}).get("milestones", []) if "uid" in m}
    lines = []
    for m in current.get("schedule", {}).get("milestones", []):
        old = before.get(m["uid"])
        if old is None or old["forecast_finish"] == m["forecast_finish"]:
            continue
        if old["forecast_finish"] and m["forecast_finish"]:
            way = "later" if m["forecast_finish"] > old["forecast_finish"] else "earlier"
            lines.append(
                f"Milestone {m['name']} moved {way}: {old['forecast_finish']} to "
                f"{m['forecast_finish']}."
            )
    return lines


def _change_requests(current: Mapping[str, Any]) -> list[str]:
    return [
        f"Schedule change request CR-{cr['number']} {cr['status'].lower()}: {cr['title']}."
        for cr in current.get("schedule", {}).get("change_requests_decided", [])
    ]


def _findings(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    if "unresolved" not in previous.get("ivv", {}):
        return []  # a snapshot from before the findings were all listed: nothing to compare
    before = {f["ref"]: f["title"] for f in previous["ivv"]["unresolved"]}
    now = {f["ref"]: f["title"] for f in current.get("ivv", {}).get("unresolved", [])}
    ended = {f["ref"]: f["status"] for f in current.get("ivv", {}).get("resolved_in_period", [])}
    lines = [f"New IV&V finding {ref}: {title}." for ref, title in now.items() if ref not in before]
    for ref, title in before.items():
        if ref not in now:
            how = RESOLVED.get(ended.get(ref, ""), "is no longer open")
            lines.append(f"IV&V finding {ref} {how}: {title}.")
    return lines


def _areas(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    before = {a["key"]: a for a in previous.get("areas", [])}
    lines = []
    for a in current.get("areas", []):
        old = before.get(a["key"])
        if old is not None and old["status"] != a["status"]:
            lines.append(f"{a['title']} went from {old['status_label']} to {a['status_label']}.")
    return lines


def _rating(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    old = previous.get("rating_given") or previous.get("rating", {}).get("value")
    new = current.get("rating", {}).get("value")
    if old == new:
        return []
    return [f"The rating went from {old or 'not rated'} to {new or 'not rated'} (proposed)."]


def what_changed(
    previous: Mapping[str, Any] | None, sections: Mapping[str, Any], summary: Mapping[str, Any]
) -> dict[str, Any]:
    """The changes from ``previous`` (the last report's snapshot, with the rating it carried
    as ``rating_given``) to this report's ``sections`` and ``summary`` (areas and rating)."""
    if previous is None:
        return {"previous": None, "items": []}
    before_sections = previous.get("sections", {})
    items = [
        *_risks(before_sections, sections),
        *_milestones(before_sections, sections),
        *_change_requests(sections),
        *_findings(before_sections, sections),
        *_areas(previous, summary),
        *_rating(previous, summary),
    ]
    return {"previous": previous.get("period", {}).get("label"), "items": items}
