"""How a report's figures become statuses and a CIO-style rating. Plain data in and out.

- A variance (cost or schedule, in percent either way) is green under the yellow band,
  yellow from it, red from the red band (DOMAIN section 9: under 10 %, 10 % to under 30 %,
  30 % and over; REPORTS_VARIANCE_BANDS).
- An indicator has a status and says why in words; an area takes the worst of its
  indicators; the report's overall status is the worst of its areas. An area with no
  indicator is not rated.
- The proposed rating (IT Dashboard convention: 1-2 red, 3 yellow, 4-5 green): 1 with two or
  more red areas, 2 with one, 3 with a yellow area, 4 when every rated area is green but an
  indicator is on watch (a variance from REPORTS_WATCH_PERCENT, an overdue item), 5 when all
  is green; none when no area could be rated. Each reason names the indicator and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from .choices import STATUS_RANK, AreaStatus

GREEN, YELLOW, RED, NOT_RATED = (
    AreaStatus.GREEN.value,
    AreaStatus.YELLOW.value,
    AreaStatus.RED.value,
    AreaStatus.NOT_RATED.value,
)


@dataclass(frozen=True)
class Thresholds:
    variance_yellow: Decimal = Decimal(10)
    variance_red: Decimal = Decimal(30)
    watch: Decimal = Decimal(5)
    risk_yellow: int = 8
    risk_red: int = 15
    quality_red_failures: int = 2


def thresholds() -> Thresholds:
    """The thresholds of the settings (REPORTS_VARIANCE_BANDS, REPORTS_WATCH_PERCENT,
    REPORTS_RISK_SCORES, REPORTS_QUALITY_RED_FAILURES)."""
    bands = settings.REPORTS_VARIANCE_BANDS
    scores = settings.REPORTS_RISK_SCORES
    return Thresholds(
        variance_yellow=Decimal(str(bands["yellow"])),
        variance_red=Decimal(str(bands["red"])),
        watch=Decimal(str(settings.REPORTS_WATCH_PERCENT)),
        risk_yellow=int(scores["yellow"]),
        risk_red=int(scores["red"]),
        quality_red_failures=int(settings.REPORTS_QUALITY_RED_FAILURES),
    )


def label_of(status: str) -> str:
    return str(AreaStatus(status).label)


def worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: STATUS_RANK[AreaStatus(s)], default=NOT_RATED)


def indicator(
    label: str, value: str, status: str, why: str, *, watch: bool = False
) -> dict[str, Any]:
    """One figure that sets an area's status, with the rule that set it in words."""
    return {
        "label": label,
        "value": value,
        "status": status,
        "status_label": label_of(status),
        "why": why,
        "watch": watch and status == GREEN,
    }


def variance_indicator(
    label: str, percent: Decimal | None, value: str, t: Thresholds
) -> dict[str, Any] | None:
    """A cost or schedule variance against the bands (its size either way); None unknown."""
    if percent is None:
        return None
    size = abs(percent)
    if size >= t.variance_red:
        return indicator(label, value, RED, f"{size:.1f}% is {t.variance_red}% or more")
    if size >= t.variance_yellow:
        return indicator(
            label,
            value,
            YELLOW,
            f"{size:.1f}% is from {t.variance_yellow}% to under {t.variance_red}%",
        )
    return indicator(
        label,
        value,
        GREEN,
        f"{size:.1f}% is under {t.variance_yellow}%",
        watch=size >= t.watch,
    )


def count_indicator(
    label: str,
    count: int,
    *,
    yellow_from: int | None = None,
    red_from: int | None = None,
    why: str,
    watch: bool = False,
) -> dict[str, Any]:
    """A count that turns the area yellow from ``yellow_from`` and red from ``red_from``."""
    if red_from is not None and count >= red_from:
        status = RED
    elif yellow_from is not None and count >= yellow_from:
        status = YELLOW
    else:
        status = GREEN
    return indicator(label, str(count), status, why, watch=watch and count > 0)


def area(key: str, title: str, indicators: Sequence[Mapping[str, Any] | None]) -> dict[str, Any]:
    """An area's status: the worst of its indicators (unknown ones left out)."""
    known = [dict(i) for i in indicators if i is not None]
    status = worst(i["status"] for i in known)
    return {
        "key": key,
        "title": title,
        "status": status,
        "status_label": label_of(status),
        "indicators": known,
    }


def overall(areas: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    status = worst(a["status"] for a in areas)
    setting = [a["title"] for a in areas if a["status"] == status and status != NOT_RATED]
    return {"status": status, "label": label_of(status), "set_by": setting}


def propose(areas: Sequence[Mapping[str, Any]]) -> tuple[int | None, list[str]]:
    """The proposed CIO rating and its reasons (see the module's rules)."""
    rated = [a for a in areas if a["status"] != NOT_RATED]
    if not rated:
        return None, ["No area could be rated: none of the program's sources has figures yet."]
    reasons = []
    for a in rated:
        for i in a["indicators"]:
            if i["status"] in (RED, YELLOW):
                reasons.append(
                    f"{a['title']} is {i['status_label'].lower()}: {i['label']} "
                    f"{i['value']} ({i['why']})."
                )
    reds = [a for a in rated if a["status"] == RED]
    yellows = [a for a in rated if a["status"] == YELLOW]
    watched = [(a, i) for a in rated for i in a["indicators"] if i.get("watch")]
    if len(reds) >= 2:
        return 1, [f"{len(reds)} areas are red (two or more red areas: 1).", *reasons]
    if reds:
        return 2, [f"{reds[0]['title']} is red (one red area: 2).", *reasons]
    if yellows:
        names = ", ".join(a["title"] for a in yellows)
        return 3, [f"No area is red; {names} yellow (a yellow area: 3).", *reasons]
    if watched:
        notes = [
            f"{a['title']}: {i['label']} {i['value']} is on watch ({i['why']})." for a, i in watched
        ]
        return 4, ["Every rated area is green, with indicators on watch (4).", *notes]
    return 5, ["Every rated area is green with nothing on watch (5)."]
