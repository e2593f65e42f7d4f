"""The portal's proposed CPARS-style rating of a performance evaluation's areas, from the
period's evidence: plain data in, plain data out, no Django.

The bands follow the rating definitions of FAR 42.1503 Table 42-1:

- Exceptional (5): exceeds many requirements; the few problems are minor and the corrective
  actions highly effective.
- Very good (4): exceeds some requirements; the few problems are minor and the corrective
  actions effective.
- Satisfactory (3): meets the requirements; minor problems with satisfactory corrective action.
- Marginal (2): misses some requirements; a serious problem whose corrective action is not yet
  identified, appears only marginally effective or is not fully implemented.
- Unsatisfactory (1): misses most requirements; recovery is not likely in a timely manner.

Surveillance says whether each result met its acceptable quality level (AQL), not by how much
it exceeded it, so the quality proposal never goes above Very good: Exceptional is the
evaluator's call, on their own evidence. Corrective action requests (CARs) exist because of
problems, so the management proposal never goes above Very good either.

Quality comes from the share of results that met their AQL and from standards missed in
several periods; management from the CARs issued in, or open during, the period (answered on
time, returned, overdue, still open at the period's end). An area without evidence gets no
proposal and says so. The evaluator always rates: the proposal and its reasons stay beside
their rating."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

EXCEPTIONAL, VERY_GOOD, SATISFACTORY, MARGINAL, UNSATISFACTORY = 5, 4, 3, 2, 1
RATING_WORDS = {
    EXCEPTIONAL: "Exceptional",
    VERY_GOOD: "Very good",
    SATISFACTORY: "Satisfactory",
    MARGINAL: "Marginal",
    UNSATISFACTORY: "Unsatisfactory",
}
#: FAR 42.1503 Table 42-1, in a few words per rating.
DEFINITIONS = {
    EXCEPTIONAL: "exceeds many requirements, with few minor problems",
    VERY_GOOD: "exceeds some requirements, with few minor problems",
    SATISFACTORY: "meets the requirements, minor problems with satisfactory corrective action",
    MARGINAL: "misses some requirements, a serious problem whose corrective action is not yet "
    "identified or implemented",
    UNSATISFACTORY: "misses most requirements, recovery not likely",
}

#: Quality: the least share of results meeting their AQL for each band (convention, read
#: against Table 42-1: "very good" allows an isolated minor miss, "satisfactory" minor
#: problems, "marginal" misses some, below half is "misses most").
QUALITY_VERY_GOOD_SHARE = 0.95
QUALITY_SATISFACTORY_SHARE = 0.80
QUALITY_MARGINAL_SHARE = 0.50
#: A standard missed in this many periods is a repeated problem, not a minor one: the
#: proposal is at most Satisfactory.
REPEATED_MISSES = 2
#: A standard missed in this many periods is a serious problem: at most Marginal.
PERSISTENT_MISSES = 3
#: Management: this many CARs awaiting the provider's overdue answer is "recovery not likely".
UNSATISFACTORY_OVERDUE_CARS = 2
#: A CAR returned this many times means corrective action not yet identified: Marginal.
MARGINAL_RETURNS = 2

QUALITY, MANAGEMENT = "quality", "management"
NO_EVIDENCE = (
    "No surveillance or corrective action evidence for this area in the period: rate it from "
    "your own evidence."
)
#: CAR statuses (qasp.choices.CarStatus values, repeated here to stay free of Django).
ISSUED, ANSWERED, RETURNED, ACCEPTED, CLOSED, WITHDRAWN = (
    "issued",
    "answered",
    "returned",
    "accepted",
    "closed",
    "withdrawn",
)
#: The statuses of a CAR whose corrective action is not yet accepted.
AWAITING_ACTION = (ISSUED, ANSWERED, RETURNED)


@dataclass(frozen=True)
class Result:
    """One surveillance result: its standard, the period's first day and how the period is
    named ("July 2026", "Q4 FY2026 (July to September 2026)"), and whether it met the AQL."""

    standard: str
    period: date
    acceptable: bool
    label: str = ""


@dataclass(frozen=True)
class Car:
    reference: str
    standard: str
    status: str
    issued_on: date
    response_due: date
    answered_on: date | None = None
    closed_on: date | None = None
    returns: int = 0


@dataclass(frozen=True)
class Proposal:
    area: str
    rating: int | None
    reasons: tuple[str, ...]

    @property
    def rating_text(self) -> str:
        return RATING_WORDS[self.rating] if self.rating else "No proposal"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def periods_text(results: Sequence[Result]) -> str:
    """ "July and August 2026", "December 2025 and January 2026", or the periods' labels."""
    ordered = sorted(results, key=lambda r: r.period)
    if any(r.label and not r.label.endswith(f"{r.period:%B %Y}") for r in ordered):
        return _join([r.label for r in ordered])
    years = {r.period.year for r in ordered}
    if len(years) == 1:
        return _join([f"{r.period:%B}" for r in ordered]) + f" {ordered[0].period.year}"
    return _join([f"{r.period:%B %Y}" for r in ordered])


def _band(rating: int, why: str) -> str:
    return f"Proposed {RATING_WORDS[rating]} ({DEFINITIONS[rating]}): {why}."


def propose_quality(results: Sequence[Result]) -> Proposal:
    if not results:
        return Proposal(QUALITY, None, (NO_EVIDENCE,))
    met = sum(1 for r in results if r.acceptable)
    share = met / len(results)
    counted = "results met their" if len(results) != 1 else "result met its"
    reasons = [
        f"{met} of {len(results)} surveillance {counted} AQL ({_percent(met, len(results))})."
    ]
    missed: dict[str, list[Result]] = {}
    for r in results:
        if not r.acceptable:
            missed.setdefault(r.standard, []).append(r)
    for standard in sorted(missed):
        reasons.append(f"{standard} missed its AQL in {periods_text(missed[standard])}.")
    most = max((len(v) for v in missed.values()), default=0)
    if share >= QUALITY_VERY_GOOD_SHARE and most < REPEATED_MISSES:
        rating = VERY_GOOD
        why = f"at least {QUALITY_VERY_GOOD_SHARE:.0%} of the results met their AQL"
    elif share >= QUALITY_SATISFACTORY_SHARE and most < PERSISTENT_MISSES:
        rating = SATISFACTORY
        why = f"at least {QUALITY_SATISFACTORY_SHARE:.0%} of the results met their AQL"
        if most >= REPEATED_MISSES:
            why += f", and a standard missed in {most} periods is more than a minor problem"
    elif share >= QUALITY_MARGINAL_SHARE:
        rating = MARGINAL
        why = (
            f"a standard missed its AQL in {most} periods"
            if most >= PERSISTENT_MISSES and share >= QUALITY_SATISFACTORY_SHARE
            else f"fewer than {QUALITY_SATISFACTORY_SHARE:.0%} of the results met their AQL"
        )
    else:
        rating = UNSATISFACTORY
        why = f"fewer than {QUALITY_MARGINAL_SHARE:.0%} of the results met their AQL"
    reasons.append(_band(rating, why))
    if rating == VERY_GOOD:
        reasons.append(
            "Surveillance shows whether a result met its AQL, not by how much: Exceptional "
            "rests on your evidence that the provider exceeded many requirements."
        )
    return Proposal(QUALITY, rating, tuple(reasons))


def _car_sentences(car: Car, period_end: date, today: date) -> list[str]:
    said = []
    if car.answered_on is None:
        if car.response_due < today:
            days = (today - car.response_due).days
            said.append(
                f"{car.reference} is awaiting the provider's answer, "
                f"{days} day{'s' if days != 1 else ''} overdue."
            )
        else:
            said.append(
                f"{car.reference} is awaiting the provider's answer, due by "
                f"{car.response_due:%B} {car.response_due.day}, {car.response_due.year}."
            )
    elif car.answered_on <= car.response_due:
        said.append(f"{car.reference} was answered on time.")
    else:
        days = (car.answered_on - car.response_due).days
        said.append(f"{car.reference} was answered {days} day{'s' if days != 1 else ''} late.")
    if car.returns:
        if car.status in (ACCEPTED, CLOSED):
            said.append(
                f"{car.reference} was returned {_times(car.returns)} before its answer was "
                "accepted."
            )
        else:
            said.append(f"{car.reference} was returned {_times(car.returns)}.")
    if car.closed_on is None or car.closed_on > period_end:
        state = (
            "its corrective action accepted"
            if car.status in (ACCEPTED, CLOSED)
            else ("its corrective action not yet accepted")
        )
        said.append(f"{car.reference} was open at the end of the period, {state}.")
    return said


def propose_management(cars: Sequence[Car], period_end: date, today: date) -> Proposal:
    cars = [c for c in cars if c.status != WITHDRAWN]
    if not cars:
        return Proposal(MANAGEMENT, None, (NO_EVIDENCE,))
    count = len(cars)
    reasons = [
        f"{count} corrective action request{'s were' if count != 1 else ' was'} issued in or "
        "open during the period."
    ]
    for car in sorted(cars, key=lambda c: c.reference):
        reasons.extend(_car_sentences(car, period_end, today))
    overdue = [c for c in cars if c.answered_on is None and c.response_due < today]
    late = [c for c in cars if c.answered_on and c.answered_on > c.response_due]
    returned = [c for c in cars if c.returns]
    unresolved = [
        c
        for c in cars
        if c.status in AWAITING_ACTION and (c.closed_on is None or c.closed_on > period_end)
    ]
    if len(overdue) >= UNSATISFACTORY_OVERDUE_CARS:
        rating, why = UNSATISFACTORY, f"{len(overdue)} requests await an overdue answer"
    elif overdue or unresolved or any(c.returns >= MARGINAL_RETURNS for c in cars):
        rating = MARGINAL
        why = (
            "a request awaits an overdue answer"
            if overdue
            else "a request's corrective action is not yet accepted"
            if unresolved
            else f"a request was returned {MARGINAL_RETURNS} times or more"
        )
    elif late or returned:
        rating = SATISFACTORY
        why = "the corrective actions were accepted after a late answer or a return"
    else:
        rating = VERY_GOOD
        why = "every request was answered on time and its corrective action accepted"
    reasons.append(_band(rating, why))
    return Proposal(MANAGEMENT, rating, tuple(reasons))


def propose(
    areas: Iterable[str],
    *,
    results: Sequence[Result],
    cars: Sequence[Car],
    period_end: date,
    today: date,
) -> dict[str, Proposal]:
    """A proposal per area key: quality from the results, management from the CARs, the
    others (schedule, cost control) none."""
    proposals = {}
    for area in areas:
        if area == QUALITY:
            proposals[area] = propose_quality(results)
        elif area == MANAGEMENT:
            proposals[area] = propose_management(cars, period_end, today)
        else:
            proposals[area] = Proposal(area, None, (NO_EVIDENCE,))
    return proposals
