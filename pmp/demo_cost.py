"""The demo of cost and earned value, on DRC Core HR (drc-hr): the interagency agreement's
funding for FY2026 and FY2027 (one modification adds funds for the data conversion), the
control accounts of the agreed IMS baseline, a year of the provider's monthly expenditure
reports, each month closed with its earned value, and the variance explanations the closes
asked for.

The story: the program spends to plan for its first months (CPI about 1.0), then data
conversion runs over (mock conversion 1 found dirty PERSONA records and earning codes without
an FPSSC equivalent), so that the program's CPI falls below 0.95 in the last quarter and data
conversion's cost and schedule variances cross the 10 % thresholds. December 2025's report
came late; June 2026's was disputed (hours billed twice) and corrected. September's
explanations are accepted; October's are open, for the provider to answer in a tour.

Everything is written through the services by the people who would, then dated back with
``update()`` so that the history reads as it happened (the audit events stay as the services
wrote them). Seeded after the schedule's demo (the agreed baseline) and the other pmp demos.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits
from programs.federal_calendar import add_business_days, add_months, business_day_of_month
from programs.federal_calendar import month_end as last_day
from programs.models import Program
from schedule.engine.cost import to_dollars

from .models import (
    ExpenditureReport,
    FundingDocument,
    StatusPeriod,
    VarianceExplanation,
    VarianceExplanationHistory,
    VarianceKind,
)
from .selectors.earned_value import (
    Basis,
    Figures,
    actual_through,
    basis_for,
    planned_at,
    planned_by_month,
)
from .services import earned_value as periods
from .services import earned_value_setup as setup
from .services import expenditure, funding, variance

HR = "drc-hr"
#: Months of expenditure reports, from the baseline's first.
MONTHS = 12

FUNDING = (
    {
        "number": "DRC-FPSSC-IAA-26-0007",
        "title": "Core HR migration, FY2026: engagement, fit-gap and data conversion",
        "fiscal_year": 2026,
        "obligated": "310000.00",
        "performance_start": dt.date(2025, 10, 1),
        "performance_end": dt.date(2026, 9, 30),
        "notes": (
            "Part B of the interagency agreement (FS Form 7600B) with the Federal Personnel "
            "Shared Services Center, obligated from DRC's FY2026 modernization line."
        ),
        "modifications": (
            {
                "number": "P00001",
                "effective_on": dt.date(2026, 6, 15),
                "amount": "45000.00",
                "description": (
                    "Increase for the added data conversion work after mock conversion 1: "
                    "cleansing rules for service computation dates and the mapping of legacy "
                    "earning codes."
                ),
            },
        ),
    },
    {
        "number": "DRC-FPSSC-IAA-27-0003",
        "title": "Core HR migration, FY2027: build, testing, training and deployment",
        "fiscal_year": 2027,
        "obligated": "640000.00",
        "performance_start": dt.date(2026, 10, 1),
        "performance_end": dt.date(2027, 9, 30),
        "notes": (
            "Funded under the continuing resolution at the FY2026 rate for the first quarter; "
            "the balance follows the full-year appropriation."
        ),
        "modifications": (),
    },
)
MANAGEMENT_RESERVE = Decimal("65000.00")


@dataclass(frozen=True)
class Story:
    """How an account performs by its last reported month: cumulative SPI and CPI, reached
    from 1.0 along ``(month / last) ** bend``."""

    spi: float
    cpi: float
    spi_bend: float = 2.0
    cpi_bend: float = 2.0


#: By WBS; an account not named performs to plan.
STORIES = {
    "1": Story(spi=0.97, cpi=0.93),  # program management runs on past its plan
    "2": Story(spi=1.0, cpi=0.955),  # gap dispositions took more analysis than planned
    "3": Story(spi=0.83, cpi=0.86, spi_bend=3.0, cpi_bend=2.5),  # data conversion
}
#: Month by month a little over or under, as real months are (cumulative CPI factor).
WOBBLE = (1.004, 0.998, 1.006, 0.997, 1.003, 1.0, 0.998, 1.0, 1.0, 1.0, 1.0, 1.0)

#: The month whose report is disputed (its index) and the hours billed twice in it.
DISPUTED = 7
DUPLICATE = Decimal("11360.00")  # 80 hours of the conversion specialist at $142
LATE = 1
#: Blended hourly rates by account, for the hours each report gives.
ROLES = {
    "1": ("Provider Program Manager", Decimal("195")),
    "2": ("Provider functional analyst", Decimal("148")),
    "3": ("Provider data conversion specialist and developers", Decimal("150")),
}

NARRATIVES = {
    0: "Kickoff, charter refresh and the first current-state walkthroughs of PERSONA.",
    1: (
        "Fit-gap workshops finished; gap dispositions started. Submitted late: FPSSC's "
        "year-end close of its labour distribution held the December timesheets."
    ),
    2: "Gap dispositions closed; data mapping and cleansing rules under way.",
    5: "Conversion programs for personnel actions and benefits enrolments.",
    6: (
        "Mock conversion 1 found 2,300 employee records with inconsistent service computation "
        "dates and 41 legacy earning codes with no FPSSC equivalent; rework started."
    ),
    DISPUTED: "Rework of the conversion programs for earning codes and service dates.",
    9: "Cleansing rules rewritten; conversion hours above plan for the third month.",
    10: "Conversion programs re-tested against the cleansed extract.",
    11: "Conversion programs at 75 %; mock conversion 2 rescheduled.",
}

DISPUTE_REASON = (
    "The data conversion line includes 80 hours of the conversion specialist for 1 to 12 June "
    "that FPSSC already billed in the May report (invoice FPSSC-26-0518). Please remove the "
    "duplicate hours ($11,360.00)."
)
CORRECTION_NARRATIVE = (
    "Corrected: the 80 hours of 1 to 12 June billed in May are removed from data conversion."
)

EXPLANATIONS = {
    VarianceKind.COST: (
        "Mock conversion 1 found 2,300 PERSONA employee records with inconsistent service "
        "computation dates and 41 legacy earning codes with no FPSSC equivalent. The conversion "
        "specialist and two developers spent about 310 hours more than planned on cleansing "
        "rules and on reworking the conversion programs.",
        "Data conversion is over its budget to date by more than 10 %. At the present CPI its "
        "estimate at completion exceeds its budget by about $25,000, within the management "
        "reserve; the program's CPI is below 0.95.",
        "DRC's PMO team cleanses the flagged records in PERSONA before mock conversion 2; the "
        "earning codes go to the gap decision log for a decision at the joint PMO meeting; "
        "FPSSC reports conversion hours weekly until the account's CPI is back above 0.95.",
    ),
    VarianceKind.SCHEDULE: (
        "The conversion programs waited four weeks for decisions on the legacy earning codes, "
        "and the rework after mock conversion 1 took the developers planned for the programs "
        "of time and attendance.",
        "Data conversion is more than 10 % behind its plan. Mock conversion 2 starts about "
        "three weeks late; it has float to the parallel runs, so go-live is not at risk yet.",
        "FPSSC adds a second conversion developer from its payroll team for eight weeks, and "
        "the earning code decisions are taken within five business days of each Fit-Gap gap.",
    ),
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _seed_funding(program: Program, users: dict[str, User]) -> None:
    officer = users["cust.pm"]
    for spec in FUNDING:
        values = {k: v for k, v in spec.items() if k != "modifications"}
        document = funding.document_create(acting_user=officer, program=program, **values)
        for modification in spec["modifications"]:  # type: ignore[attr-defined]
            funding.modification_create(acting_user=officer, document=document, **modification)
    setup.settings_update(
        acting_user=users["cust.pmolead"], program=program, management_reserve=MANAGEMENT_RESERVE
    )


def _ramp(index: int, last: int, target: float, bend: float) -> float:
    return 1 - (1 - target) * (index / last) ** bend if last else 1.0


def story_figures(basis: Basis, months: list[dt.date]) -> tuple[list[dict[str, int]], ...]:
    """Per month, each account's cumulative PV (the baseline's), EV and AC of the story, in
    cents; AC and EV never fall, EV never exceeds the budget."""
    planned = planned_by_month(basis)
    budgets = {a.wbs: int(a.budget * 100) for a in basis.accounts}
    last = len(months) - 1
    pv_rows: list[dict[str, int]] = []
    ev_rows: list[dict[str, int]] = []
    ac_rows: list[dict[str, int]] = []
    for index, month in enumerate(months):
        pv = planned_at(basis, planned, last_day(month))
        ev: dict[str, int] = {}
        ac: dict[str, int] = {}
        for wbs, bac in budgets.items():
            pv[wbs] = min(bac, pv.get(wbs, 0))
            story = STORIES.get(wbs, Story(1.0, 1.0))
            spi = _ramp(index, last, story.spi, story.spi_bend)
            cpi = _ramp(index, last, story.cpi, story.cpi_bend) * WOBBLE[index % len(WOBBLE)]
            earned = min(bac, round(pv[wbs] * spi))
            ev[wbs] = max(earned, ev_rows[-1][wbs] if ev_rows else 0)
            ac[wbs] = max(round(ev[wbs] / cpi), ac_rows[-1][wbs] if ac_rows else 0)
        pv_rows.append(pv)
        ev_rows.append(ev)
        ac_rows.append(ac)
    return pv_rows, ev_rows, ac_rows


def _lines(basis: Basis, amounts: dict[str, int]) -> list[expenditure.LineInput]:
    return [(a, to_dollars(amounts[a.wbs]), "") for a in basis.accounts if amounts.get(a.wbs)]


def _hours(amounts: dict[str, int]) -> list[expenditure.HoursInput]:
    rows = []
    for wbs, (role, rate) in ROLES.items():
        if amounts.get(wbs):
            rows.append((role, (to_dollars(amounts[wbs]) / rate).quantize(Decimal("0.5"))))
    return rows


def _report(
    program: Program, users: dict[str, User], index: int, month: dt.date, amounts: dict[str, int]
) -> ExpenditureReport:
    """The month's report: submitted by the provider's Program Manager on business day 6 of
    the next month (14 days after the due date when it came late), acknowledged by the
    customer's two business days later; the disputed month corrected first."""
    basis = basis_for(program)
    provider, customer = users["prov.pm"], users["cust.pm"]
    narrative = NARRATIVES.get(index, "Work to plan.")
    due = expenditure.due_date(program, month)
    submitted = (
        due + dt.timedelta(days=14)
        if index == LATE
        else business_day_of_month(add_months(month, 1), 6)
    )
    first = dict(amounts)
    if index == DISPUTED:
        first["3"] += int(DUPLICATE * 100)
    report = expenditure.report_submit(
        acting_user=provider,
        program=program,
        period=month,
        lines=_lines(basis, first),
        hours=_hours(first),
        narrative=narrative,
    )
    ExpenditureReport.objects.filter(pk=report.pk).update(
        submitted_at=_at(submitted, 16), late=submitted > due
    )
    if index == DISPUTED:
        line = report.lines.get(control_account__wbs="3")
        expenditure.line_dispute(acting_user=customer, line=line, reason=DISPUTE_REASON)
        disputed_at = _at(add_business_days(submitted, 2), 11)
        type(line).objects.filter(pk=line.pk).update(disputed_at=disputed_at)
        report.refresh_from_db()
        report = expenditure.report_correct(
            acting_user=provider,
            report=report,
            lines=_lines(basis, amounts),
            hours=_hours(amounts),
            narrative=f"{narrative} {CORRECTION_NARRATIVE}",
        )
        submitted = add_business_days(submitted, 3)
        ExpenditureReport.objects.filter(pk=report.pk).update(submitted_at=_at(submitted, 15))
    report = expenditure.report_acknowledge(acting_user=customer, report=report)
    ExpenditureReport.objects.filter(pk=report.pk).update(
        acknowledged_at=_at(add_business_days(submitted, 2), 10)
    )
    return report


def _close(
    program: Program,
    users: dict[str, User],
    month: dt.date,
    pv: dict[str, int],
    ev: dict[str, int],
) -> list[VarianceExplanation]:
    """Freeze the month with the story's EV and the acknowledged AC, and ask for the
    explanations a close asks for; both dated to business day 12 of the next month."""
    basis = basis_for(program)
    closer = users["prov.pmolead"]
    actual = actual_through(basis, month)
    figures = Figures(
        month,
        last_day(month),
        basis.baseline.number,
        {a.wbs: [int(a.budget * 100), pv[a.wbs], ev[a.wbs], actual[a.wbs]] for a in basis.accounts},
    )
    closed_on = business_day_of_month(add_months(month, 1), 12)
    with transaction.atomic():
        period = periods.period_freeze(
            acting_user=closer, program=program, month=month, figures=figures.stored()
        )
        asked = variance.explanations_request(
            acting_user=closer, program=program, figures=figures, settings=basis.settings
        )
    StatusPeriod.objects.filter(pk=period.pk).update(closed_at=_at(closed_on, 17))
    due = add_business_days(closed_on, basis.settings.explanation_due_business_days)
    for item in asked:
        VarianceExplanation.objects.filter(pk=item.pk).update(
            created_at=_at(closed_on, 17), due_on=due
        )
        item.history.update(at=_at(closed_on, 17))
        item.due_on = due
    return asked


def _answer(users: dict[str, User], item: VarianceExplanation) -> None:
    """The provider explains, the customer accepts, a few business days apart."""
    cause, impact, action = EXPLANATIONS[VarianceKind(item.kind)]
    variance.explanation_submit(
        acting_user=users["prov.pm"],
        item=item,
        cause=cause,
        impact=impact,
        corrective_action=action,
    )
    item.refresh_from_db()
    variance.explanation_review(acting_user=users["cust.pm"], item=item, accept=True)
    asked = timezone.localtime(
        VarianceExplanationHistory.objects.get(item=item, action="request").at
    ).date()
    submitted = add_business_days(asked, 5)
    for action_name, day in (("submit", submitted), ("accept", add_business_days(submitted, 2))):
        VarianceExplanationHistory.objects.filter(item=item, action=action_name).update(
            at=_at(day, 14)
        )
    VarianceExplanation.objects.filter(pk=item.pk).update(
        updated_at=_at(add_business_days(submitted, 2), 14)
    )


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` after the schedule's demo (drc-hr's agreed baseline) and the
    other pmp demos. A program with funding documents already is left as it is."""
    program = programs.get(HR)
    if program is None or FundingDocument.objects.filter(program=program).exists():
        return
    _seed_funding(program, users)
    setup.control_accounts_sync(acting_user=users["prov.pmolead"], program=program)
    basis = basis_for(program)
    today = limits.today()
    months = [
        month
        for month in (add_months(basis.start, i) for i in range(MONTHS))
        if last_day(month) < today
    ]
    pv_rows, ev_rows, ac_rows = story_figures(basis, months)
    open_items: list[VarianceExplanation] = []
    for index, month in enumerate(months):
        before = ac_rows[index - 1] if index else {}
        amounts = {wbs: ac - before.get(wbs, 0) for wbs, ac in ac_rows[index].items()}
        _report(program, users, index, month, amounts)
        for item in open_items:  # last month's, answered before this one closes
            _answer(users, item)
        open_items = _close(program, users, month, pv_rows[index], ev_rows[index])
