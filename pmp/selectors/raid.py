"""Reads of the RAID log: the log's rows, overdue flags in words, the heat map, a risk's
score history and the program's risk exposure trend. Each read's query count does not grow
with the rows it reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from programs import limits
from programs.models import Program

from .. import risk_matrix
from ..choices import RaidKind, RaidStatus, ScorePosition
from ..models import RaidItem, RiskScheme, RiskScore


def log_rows(program: Program) -> QuerySet[RaidItem]:
    """The program's items, newest first, with what the list shows of each."""
    return (
        RaidItem.objects.filter(program=program)
        .select_related("program", "owner__user", "meeting__body")
        .order_by("-created_at", "-pk")
    )


def review_overdue_q(today: dt.date) -> Q:
    return Q(kind=RaidKind.RISK, status=RaidStatus.OPEN, next_review_on__lt=today)


def due_overdue_q(today: dt.date) -> Q:
    return Q(kind__in=(RaidKind.ACTION, RaidKind.ISSUE), status=RaidStatus.OPEN, due_on__lt=today)


def overdue_q(today: dt.date) -> Q:
    return review_overdue_q(today) | due_overdue_q(today)


def overdue_text(item: RaidItem, today: dt.date | None = None) -> str:
    """Why the item is overdue, in words ("Review overdue since 2026-03-01"), or ""."""
    today = today or limits.today()
    if item.status != RaidStatus.OPEN:
        return ""
    if item.kind == RaidKind.RISK and item.next_review_on and item.next_review_on < today:
        return f"Review overdue since {item.next_review_on:%Y-%m-%d}"
    if item.kind in (RaidKind.ACTION, RaidKind.ISSUE) and item.due_on and item.due_on < today:
        return f"Overdue since {item.due_on:%Y-%m-%d}"
    return ""


def rating(
    item: RaidItem, scheme: RiskScheme, position: str
) -> tuple[int | None, int | None, int | None, str]:
    """(probability, impact, score, band) of a risk before or after its response."""
    if position == ScorePosition.RESIDUAL:
        p, i, s = item.residual_probability, item.residual_impact, item.residual_score
    else:
        p, i, s = item.inherent_probability, item.inherent_impact, item.inherent_score
    return p, i, s, scheme.band(p, i)


def heat_map(
    risks: QuerySet[RaidItem], scheme: RiskScheme, position: str
) -> list[list[risk_matrix.Cell]]:
    """The 5 x 5 grid of ``risks`` (already restricted and filtered) at ``position``: one
    grouped query whatever their number."""
    p, i = f"{position}_probability", f"{position}_impact"
    counts = (
        risks.filter(**{f"{p}__isnull": False, f"{i}__isnull": False})
        .order_by()
        .values_list(p, i)
        .annotate(n=Count("pk"))
    )
    return risk_matrix.heat_map(scheme.bands, counts)


@dataclass(frozen=True)
class Series:
    """A chart's data: the labels of its x axis and one list of values per named line, read
    as a table (one row per label) by people who do not see the chart."""

    title: str
    labels: list[str]
    lines: dict[str, list[int | None]]

    @property
    def rows(self) -> list[tuple[str, list[int | None]]]:
        return [(label, [v[n] for v in self.lines.values()]) for n, label in enumerate(self.labels)]


def score_history(item: RaidItem) -> Series:
    scores = list(item.scores.order_by("at", "pk"))
    return Series(
        title=f"Score history of {item.reference}",
        labels=[timezone.localtime(s.at).strftime("%Y-%m-%d") for s in scores],
        lines={
            "Inherent score": [s.inherent_score for s in scores],
            "Residual score": [s.residual_score for s in scores],
        },
    )


def exposure_trend(program: Program, *, weeks: int = 12, today: dt.date | None = None) -> Series:
    """Total exposure (the sum of the scores of the risks open then) at the end of each of
    the last ``weeks`` weeks, inherent and residual (the inherent score where a risk has no
    residual rating): two queries whatever the number of risks."""
    today = today or limits.today()
    ends = [today - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    risks = {
        r["pk"]: r
        for r in RaidItem.objects.filter(program=program, kind=RaidKind.RISK).values(
            "pk", "raised_on", "closed_on", "status"
        )
    }
    history: dict[int, list[tuple[dt.date, int, int]]] = {}
    for s in (
        RiskScore.objects.filter(item__program=program, item__kind=RaidKind.RISK)
        .order_by("item_id", "at", "pk")
        .values_list("item_id", "at", "inherent_score", "residual_score")
    ):
        day = timezone.localtime(s[1]).date() if timezone.is_aware(s[1]) else s[1].date()
        history.setdefault(s[0], []).append((day, s[2], s[3] if s[3] is not None else s[2]))
    inherent: list[int | None] = []
    residual: list[int | None] = []
    for end in ends:
        total_i = total_r = 0
        for pk, scores in history.items():
            risk = risks.get(pk)
            if risk is None or risk["raised_on"] > end:
                continue
            if risk["closed_on"] is not None and risk["closed_on"] <= end:
                continue
            current = [s for s in scores if s[0] <= end]
            if not current:
                continue
            total_i += current[-1][1]
            total_r += current[-1][2]
        inherent.append(total_i)
        residual.append(total_r)
    return Series(
        title="Risk exposure of the open risks, week by week",
        labels=[f"{d:%Y-%m-%d}" for d in ends],
        lines={"Inherent exposure": inherent, "Residual exposure": residual},
    )


def counts_by_kind(rows: QuerySet[RaidItem]) -> dict[str, int]:
    found = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
    return {label: found.get(value, 0) for value, label in RaidKind.choices}


def action_items(rows: QuerySet[RaidItem]) -> QuerySet[RaidItem]:
    """The consolidated action-item list of both parties: open actions first by due date."""
    return rows.filter(kind=RaidKind.ACTION).order_by("status", "due_on", "number")


def as_dict(series: Series) -> dict[str, Any]:
    return {"title": series.title, "labels": series.labels, "lines": series.lines}


def review_interval_days(program: Program) -> int:
    """How often the program's risks are reviewed, in days: its risk scheme's interval, or
    the default when it has none."""
    days = (
        RiskScheme.objects.filter(program=program)
        .values_list("review_interval_days", flat=True)
        .first()
    )
    return int(days or risk_matrix.DEFAULT_REVIEW_INTERVAL_DAYS)
