"""The demo's cost and earned value on drc-hr: two fiscal years of funding, a year of
expenditure reports (one late, one disputed and corrected, all acknowledged), each month
closed with a CPI that falls below 0.95 in the last quarter and stays there in the open
month, and the variance explanations; the cost pages are hidden from those who do not see
costs; the tour's explanation is submitted by the provider and accepted by the customer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pmp.models import (
    ExpenditureReport,
    ExplanationStatus,
    FundingDocument,
    FundingModification,
    PeriodStatus,
    ReportStatus,
    StatusPeriod,
    VarianceExplanation,
)
from pmp.selectors.earned_value import earned_value_report
from pmp.selectors.funding import funding_summary
from programs.models import Program

COST = "/programs/drc-hr/pmp/cost"
PAGES = (
    f"{COST}/funding/",
    f"{COST}/expenditure/",
    f"{COST}/expenditure/2026-06/",
    f"{COST}/earned-value/",
    f"{COST}/variance/",
)


@pytest.fixture
def program(seeded_once: None, db: None) -> Program:
    return Program.objects.get(code="drc-hr")


def client(username: str) -> Client:
    web = Client()
    web.force_login(User.objects.get(username=username))
    return web


def closed_periods(program: Program) -> list[StatusPeriod]:
    return list(
        StatusPeriod.objects.filter(program=program, status=PeriodStatus.CLOSED).order_by("month")
    )


def total(report: ExpenditureReport) -> Decimal:
    return sum((line.amount for line in report.lines.all()), start=Decimal(0))


def cpi(quad: list[int]) -> Decimal:
    return Decimal(quad[2]) / Decimal(quad[3])


def test_two_fiscal_years_of_funding_with_an_increase_and_a_reserve(program: Program) -> None:
    documents = FundingDocument.objects.filter(program=program)
    assert sorted(d.fiscal_year for d in documents) == [2026, 2027]
    assert FundingModification.objects.filter(document__program=program, amount__gt=0).exists()
    summary = funding_summary(program)
    assert summary.obligated > summary.budget_at_completion > 0
    assert program.earned_value_settings.management_reserve > 0


def test_twelve_reports_one_late_one_corrected_all_acknowledged(program: Program) -> None:
    reports = ExpenditureReport.objects.filter(program=program)
    standing = reports.exclude(status=ReportStatus.SUPERSEDED)
    assert standing.count() == 12
    assert set(standing.values_list("status", flat=True)) == {ReportStatus.ACKNOWLEDGED}
    assert standing.filter(late=True).count() == 1
    late = standing.get(late=True)
    assert late.submitted_at.date() > late.due_on

    corrected = standing.get(revision=2)
    first = corrected.supersedes
    assert first is not None and first.status == ReportStatus.SUPERSEDED
    disputed = first.lines.exclude(dispute_reason="").get()
    assert disputed.disputed_by is not None and disputed.disputed_by.username == "cust.pm"
    assert total(first) > total(corrected)
    for report in standing:
        assert report.acknowledged_by is not None and report.acknowledged_at is not None
        assert report.acknowledged_by.username == "cust.pm"
        assert report.submitted_at < report.acknowledged_at


def test_the_frozen_cost_is_the_reports_cost(program: Program) -> None:
    reported = Decimal(0)
    for period in closed_periods(program):
        report = ExpenditureReport.objects.get(
            program=program, period=period.month, status=ReportStatus.ACKNOWLEDGED
        )
        reported += total(report)
        assert period.figures["program"][3] == int(reported * 100), period.month


def test_cpi_near_one_at_first_below_095_in_the_last_quarter(program: Program) -> None:
    periods = closed_periods(program)
    assert len(periods) == 12
    for period in periods[:4]:
        assert abs(cpi(period.figures["program"]) - 1) < Decimal("0.01"), period.month
    for period in periods[-3:]:
        assert cpi(period.figures["program"]) < Decimal("0.95"), period.month
    first, last = periods[0].figures["program"], periods[-1].figures["program"]
    assert first[2] == first[1]  # SPI 1.0
    assert Decimal("0.90") < Decimal(last[2]) / Decimal(last[1]) < Decimal("0.95")
    conversion = periods[-1].figures["accounts"]["3"]
    assert conversion[3] - conversion[2] > conversion[2] // 10  # over by more than 10 %


def test_the_open_month_continues_the_trend(program: Program) -> None:
    report = earned_value_report(program)
    assert not report.closed
    live = report.program.cpi
    assert live is not None and Decimal("0.90") < live < Decimal("0.95")
    last = closed_periods(program)[-1].figures["program"]
    assert report.figures.program[2] >= last[2]  # earned value does not fall back


def test_one_explanation_accepted_and_the_latest_open(program: Program) -> None:
    items = VarianceExplanation.objects.filter(program=program)
    latest = max(items.values_list("month", flat=True))
    assert items.filter(status=ExplanationStatus.ACCEPTED).exists()
    assert set(items.filter(month=latest).values_list("status", flat=True)) == {
        ExplanationStatus.REQUESTED
    }
    assert not items.exclude(month=latest).exclude(status=ExplanationStatus.ACCEPTED).exists()


@pytest.mark.parametrize("page", PAGES)
def test_the_cost_pages_show_the_story_to_the_customer(program: Program, page: str) -> None:
    assert client("cust.pm").get(page).status_code == 200


@pytest.mark.parametrize("username", ["outsider", "prov.team"])
@pytest.mark.parametrize("page", PAGES)
def test_the_cost_pages_are_not_found_for_who_sees_no_costs(
    program: Program, username: str, page: str
) -> None:
    assert client(username).get(page).status_code == 404


def test_the_tour_provider_explains_the_open_variance_customer_accepts(program: Program) -> None:
    item = VarianceExplanation.objects.filter(
        program=program, status=ExplanationStatus.REQUESTED
    ).first()
    assert item is not None
    url = f"{COST}/variance/{item.reference}/"
    answer = {
        "cause": "Conversion rework after mock conversion 1.",
        "impact": "Data conversion over budget; within the management reserve.",
        "corrective_action": "Weekly conversion hours at the joint PMO meeting.",
    }
    assert client("prov.pm").post(f"{url}submit/", answer).status_code == 302
    assert client("cust.pm").post(f"{url}accept/").status_code == 302
    item.refresh_from_db()
    assert item.status == ExplanationStatus.ACCEPTED
