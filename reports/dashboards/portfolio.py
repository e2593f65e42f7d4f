"""The portfolio: a row for every program the person reads (every program for portal
administrators and portfolio viewers, ``portfolio_viewers``), with its phase, its CIO rating
(the last released report's, else the one its figures propose), each area's status in words,
the finish variance, CPI and SPI (to those who see the program's costs), the open critical
findings and the overdue items; filtered and sorted by query parameters; summed up by agency
and by provider.

A program's figures can only be read program by program (each source is its own app's), so
each program's summary is kept in the cache under its revision and the day (``cache``): the
queries of a page do not grow with the number of programs once the summaries are kept, and
a program is read again only after it changed. The summary holds no dollars; CPI and SPI are
dropped from the row of a program whose costs the person may not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from programs import limits, policy
from programs.choices import M3Phase
from programs.models import Membership, Program

from .. import rating
from ..choices import CIO_RATINGS, AreaStatus, StatusReportStatus
from ..models import StatusReport
from ..sections import SECTIONS
from ..sections.base import Context
from . import cache
from .portfolio_viewers import is_portfolio_viewer
from .program import AREA_KEYS, FAILED, _read, current_period, rating_status

AREAS = tuple((m.KEY, m.TITLE) for m in SECTIONS if m.KEY in AREA_KEYS)
SORTS = {
    "name": "program",
    "rating": "CIO rating",
    "finish": "finish variance",
    "cpi": "CPI",
    "spi": "SPI",
    "critical": "open critical findings",
    "overdue": "overdue items",
}
STATUS_FILTERS = {s.value: str(s.label) for s in AreaStatus}


def program_summary(program: Program, *, today: date) -> dict[str, Any]:
    """What the portfolio shows of ``program``, read and assessed as the status report does;
    no dollars."""
    period = current_period(program, today)
    ctx = Context(program, period.start, period.end, today)
    thresholds = rating.thresholds()
    sections = {m.KEY: _read(m, ctx) for m in SECTIONS if m.KEY in AREA_KEYS}
    areas = []
    for module in SECTIONS:
        if module.KEY not in AREA_KEYS:
            continue
        assessed = module.assess(sections[module.KEY], thresholds)
        areas.append(assessed or rating.area(module.KEY, module.TITLE, []))
    value, _ = rating.propose(areas)
    schedule, cost = sections["schedule"], sections["cost"]
    quality, ivv, risk = sections["quality"], sections["ivv"], sections["risk"]
    baseline = (schedule.get("baseline") or {}) if schedule.get("present") else {}
    earned = (cost.get("earned_value") or {}) if cost.get("present") else {}
    overdue = (
        (risk.get("overdue", 0) if risk.get("present") else 0)
        + (ivv.get("overdue", 0) if ivv.get("present") else 0)
        + (quality.get("overdue_surveillance", 0) if quality.get("present") else 0)
        + (len(quality.get("overdue_cars", [])) if quality.get("present") else 0)
    )
    return {
        "areas": [{k: a[k] for k in ("key", "status", "status_label")} for a in areas],
        "overall": rating.overall(areas),
        "proposed": value,
        "forecast_finish": schedule.get("forecast_finish"),
        "baseline_finish": baseline.get("finish"),
        "finish_variance_days": baseline.get("variance_days"),
        "cpi": earned.get("cpi"),
        "spi": earned.get("spi"),
        "critical_findings": ivv.get("critical", 0) if ivv.get("present") else 0,
        "overdue_items": overdue,
        "complete": not any(data.get(FAILED) for data in sections.values()),
    }


@dataclass
class Row:
    code: str
    name: str
    customer: str
    provider: str
    phase: str
    phase_value: int
    rating: int | None
    rating_label: str
    rating_status: str
    rating_source: str
    overall_status: str
    overall_label: str
    areas: list[dict[str, str]]
    forecast_finish: str | None
    baseline_finish: str | None
    finish_variance_days: int | None
    shows_costs: bool
    cpi: str | None
    spi: str | None
    critical_findings: int
    overdue_items: int
    #: Whether the person reads the program's own pages (a portfolio viewer may not).
    readable: bool = True


@dataclass
class Group:
    name: str
    programs: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0
    not_rated: int = 0
    critical_findings: int = 0
    overdue_items: int = 0

    def add(self, row: Row) -> None:
        self.programs += 1
        setattr(self, row.rating_status, getattr(self, row.rating_status) + 1)
        self.critical_findings += row.critical_findings
        self.overdue_items += row.overdue_items


@dataclass(frozen=True)
class Query:
    """The page's query parameters, checked: unknown values are ignored, never an error."""

    phase: str = ""
    rating: str = ""
    agency: str = ""
    provider: str = ""
    text: str = ""
    sort: str = "name"
    descending: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Query:
        sort = str(params.get("sort", "name"))
        descending = sort.startswith("-")
        sort = sort.removeprefix("-")
        phase = str(params.get("phase", ""))
        status = str(params.get("rating", ""))
        return cls(
            phase=phase if phase in {str(v) for v in M3Phase.values} else "",
            rating=status if status in STATUS_FILTERS else "",
            agency=str(params.get("agency", ""))[:200],
            provider=str(params.get("provider", ""))[:200],
            text=str(params.get("q", "")).strip()[:100],
            sort=sort if sort in SORTS else "name",
            descending=descending and sort in SORTS,
        )

    def keeps(self, row: Row) -> bool:
        text = self.text.lower()
        return (
            (not self.phase or str(row.phase_value) == self.phase)
            and (not self.rating or row.rating_status == self.rating)
            and (not self.agency or row.customer == self.agency)
            and (not self.provider or row.provider == self.provider)
            and (not text or text in row.name.lower() or text in row.code.lower())
        )

    def params(self, **changes: Any) -> str:
        """The query string of this query with ``changes`` (for the sort links)."""
        from urllib.parse import urlencode

        values = {
            "phase": self.phase,
            "rating": self.rating,
            "agency": self.agency,
            "provider": self.provider,
            "q": self.text,
            "sort": ("-" if self.descending else "") + self.sort,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v})

    def sort_link(self, key: str) -> str:
        descending = self.sort == key and not self.descending
        return self.params(sort=("-" if descending else "") + key)


@dataclass
class PortfolioView:
    rows: list[Row]
    total: int
    areas: tuple[tuple[str, str], ...] = AREAS
    by_agency: list[Group] = field(default_factory=list)
    by_provider: list[Group] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)


def programs_of(user: User) -> QuerySet[Program]:
    """Every program ``user`` is a member of; every program for a portal administrator or
    a portfolio viewer."""
    if user.is_superuser or is_portfolio_viewer(user):
        found = Program.objects.all()
    else:
        found = policy.programs_for(user)
    return found.select_related("customer", "provider", "schedule").order_by("name")


def _released_ratings(programs: list[Program]) -> dict[int, tuple[int, str]]:
    """Each program's last released report's rating and period label: one query, reading
    the label out of the snapshot in the database."""
    ratings: dict[int, tuple[int, str]] = {}
    released = (
        StatusReport.objects.filter(program__in=programs, status=StatusReportStatus.RELEASED)
        .order_by("program_id", "-period_start", "-revision")
        .values_list(
            "program_id",
            "period_start",
            "confirmed_rating",
            "proposed_rating",
            KeyTextTransform("label", KeyTransform("period", "snapshot")),
        )
    )
    for program_id, start, confirmed, proposed, label in released:
        value = confirmed or proposed
        if program_id not in ratings and value is not None:
            ratings[program_id] = (value, label or f"{start:%B %Y}")
    return ratings


def _summaries(programs: list[Program], today: date) -> dict[int, dict[str, Any]]:
    keys = {cache.key_of("summary", p, today, "all"): p for p in programs}
    found = cache.kept_many(keys)
    missing = {k: program_summary(p, today=today) for k, p in keys.items() if k not in found}
    complete = {k: v for k, v in missing.items() if v["complete"]}
    if complete:
        cache.keep_many(complete)
    return {p.pk: found.get(k) or missing[k] for k, p in keys.items()}


def _remember_memberships(user: User, programs: list[Program]) -> None:
    """One query for the person's memberships of every program (``policy.membership_of``
    then asks no more)."""
    known: dict[int, Membership | None] = {p.pk: None for p in programs}
    for membership in Membership.objects.filter(user=user, program__in=programs):
        known[membership.program_id] = membership
    cached = getattr(user, "_pmo_memberships", None) or {}
    cached.update(known)
    setattr(user, "_pmo_memberships", cached)  # noqa: B010


def _row(
    program: Program,
    summary: dict[str, Any],
    released: tuple[int, str] | None,
    *,
    shows_costs: bool,
    readable: bool,
) -> Row:
    if released is not None:
        value, source = released[0], f"released report of {released[1]}"
    else:
        value, source = summary["proposed"], "proposed by today's figures"
    return Row(
        code=program.code,
        name=program.name,
        customer=program.customer.name,
        provider=program.provider.name,
        phase=program.get_phase_display(),
        phase_value=program.phase,
        rating=value,
        rating_label=CIO_RATINGS.get(value or 0, "Not rated"),
        rating_status=rating_status(value),
        rating_source=source,
        overall_status=summary["overall"]["status"],
        overall_label=summary["overall"]["label"],
        areas=summary["areas"],
        forecast_finish=summary["forecast_finish"],
        baseline_finish=summary["baseline_finish"],
        finish_variance_days=summary["finish_variance_days"],
        shows_costs=shows_costs,
        cpi=summary["cpi"] if shows_costs else None,
        spi=summary["spi"] if shows_costs else None,
        critical_findings=summary["critical_findings"],
        overdue_items=summary["overdue_items"],
        readable=readable,
    )


def _sort_key(sort: str) -> Any:
    def number(value: Any) -> tuple[int, Decimal]:
        return (0, Decimal(value)) if value is not None else (1, Decimal(0))

    keys = {
        "name": lambda r: (r.name.lower(),),
        "rating": lambda r: number(r.rating),
        "finish": lambda r: number(r.finish_variance_days),
        "cpi": lambda r: number(r.cpi),
        "spi": lambda r: number(r.spi),
        "critical": lambda r: (r.critical_findings,),
        "overdue": lambda r: (r.overdue_items,),
    }
    return keys[sort]


def _groups(rows: list[Row], attribute: str) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        name = getattr(row, attribute)
        groups.setdefault(name, Group(name)).add(row)
    return sorted(groups.values(), key=lambda g: g.name)


def portfolio_for(user: User, *, query: Query | None = None) -> PortfolioView:
    query = query or Query()
    today = limits.today()
    programs = list(programs_of(user))
    _remember_memberships(user, programs)
    summaries = _summaries(programs, today)
    released = _released_ratings(programs)
    rows = [
        _row(
            p,
            summaries[p.pk],
            released.get(p.pk),
            shows_costs=policy.can_see_costs(user, p),
            readable=user.is_superuser or policy.membership_of(user, p) is not None,
        )
        for p in programs
    ]
    kept = [r for r in rows if query.keeps(r)]
    key = _sort_key(query.sort)
    # Programs without the figure come last whichever the direction.
    figures = query.sort in ("rating", "finish", "cpi", "spi")
    unknown_last = [r for r in kept if figures and key(r)[0] == 1]
    known = [r for r in kept if not (figures and key(r)[0] == 1)]
    known.sort(key=key, reverse=query.descending)
    kept = known + unknown_last
    return PortfolioView(
        rows=kept,
        total=len(rows),
        by_agency=_groups(kept, "customer"),
        by_provider=_groups(kept, "provider"),
        agencies=sorted({r.customer for r in rows}),
        providers=sorted({r.provider for r in rows}),
    )
