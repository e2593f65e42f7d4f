"""The provider's monthly expenditure report: submitted by the provider, disputed line by
line or acknowledged by the customer, corrected by a new revision that keeps the disputed
one as history; only acknowledged reports count as actual cost. Every refusal names the
place and the rule, and changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmp.models import (
    ExpenditureLine,
    ExpenditureReport,
    PeriodStatus,
    ReportStatus,
    StatusPeriod,
)
from pmp.selectors.expenditure import acknowledged_actuals, reconciliation, report_months
from pmp.services.earned_value_setup import settings_update
from pmp.services.expenditure import (
    line_dispute,
    line_dispute_withdraw,
    report_acknowledge,
    report_correct,
    report_submit,
)
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import World
from tests.schedule.test_earned_value import PM

from .expenditure_world import CUSTOMER_PM, MARCH, accounts, costed, set_today, submit_march

__all__ = ["costed"]

pytestmark = pytest.mark.usefixtures("costed")


def state() -> tuple[int, int, int, list[tuple[Any, ...]]]:
    return (
        ExpenditureReport.objects.count(),
        ExpenditureLine.objects.count(),
        AuditEvent.objects.count(),
        list(ExpenditureReport.objects.values_list("pk", "status")),
    )


def test_the_life_cycle_keeps_the_disputed_revision_and_counts_the_acknowledged_one(
    costed: World,
) -> None:
    world = costed
    report = submit_march(world)
    assert (report.revision, report.status, report.late) == (1, ReportStatus.SUBMITTED, False)
    assert report.due_on == date(2027, 4, 14)  # the 10th business day of April 2027
    assert acknowledged_actuals(world.program) == {}
    line = report.lines.get(control_account__wbs="2")
    line_dispute(acting_user=world.user(CUSTOMER_PM), line=line, reason="No invoice for it.")
    report.refresh_from_db()
    assert report.status == ReportStatus.DISPUTED
    with pytest.raises(DomainError, match=r"disputed line|submitted report"):
        report_acknowledge(acting_user=world.user(CUSTOMER_PM), report=report)
    corrected = report_correct(
        acting_user=world.user(PM),
        report=report,
        lines=[("1", "1200.50", ""), ("2", "750.00", "")],
        hours=[],
        narrative="Build invoiced at 750.",
    )
    report.refresh_from_db()
    assert (corrected.revision, corrected.supersedes, corrected.status) == (
        2,
        report,
        ReportStatus.SUBMITTED,
    )
    assert report.status == ReportStatus.SUPERSEDED
    assert report.lines.get(control_account__wbs="2").dispute_reason == "No invoice for it."
    assert corrected.due_on == report.due_on and corrected.late == report.late
    report_acknowledge(acting_user=world.user(CUSTOMER_PM), report=corrected)
    by_wbs = accounts(world)
    assert acknowledged_actuals(world.program) == {
        MARCH: {by_wbs["1"].pk: Decimal("1200.50"), by_wbs["2"].pk: Decimal("750.00")}
    }
    kinds = list(
        AuditEvent.objects.filter(target_type__model__startswith="expenditure")
        .order_by("pk")
        .values_list("target_type__model", "action")
    )
    assert kinds == [
        ("expenditurereport", "create"),
        ("expenditureline", "update"),
        ("expenditurereport", "transition"),
        ("expenditurereport", "create"),
        ("expenditurereport", "supersede"),
        ("expenditurereport", "accept"),
    ]
    assert AuditEvent.objects.filter(actor=world.user(PM), action="create").exists()


def test_a_dispute_withdrawn_lets_the_report_be_acknowledged(costed: World) -> None:
    world = costed
    report = submit_march(world)
    line = report.lines.first()
    assert line is not None
    line_dispute(acting_user=world.user(CUSTOMER_PM), line=line, reason="Which task?")
    line_dispute_withdraw(acting_user=world.user(CUSTOMER_PM), line=line)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    report_acknowledge(acting_user=world.user("customer.executive_sponsor"), report=report)


@pytest.mark.parametrize(
    ("lines", "field", "words"),
    [
        ([("1", "-100.00", "")], "lines.0.correction_reason", "needs its correction reason"),
        ([("9.9", "100", "")], "lines.0.control_account", "is not a control account"),
        ([("1", "10", ""), ("1", "5", "")], "lines.1.control_account", "one line per account"),
        ([("1", "abc", "")], "lines.0.amount", "not a number"),
        ([("1", "10.001", "")], "lines.0.amount", "to the cent"),
        ([("1", "1e13", "")], "lines.0.amount", "at most"),
        ([], "lines", "at least one line"),
    ],
)
def test_bad_lines_are_refused_naming_the_row(
    costed: World, lines: list[Any], field: str, words: str
) -> None:
    before = state()
    with pytest.raises(DomainError, match=words) as refused:
        report_submit(
            acting_user=costed.user(PM), program=costed.program, period=MARCH, lines=lines
        )
    assert refused.value.field == field
    assert state() == before


def test_a_line_for_an_inactive_account_is_refused(costed: World) -> None:
    accounts(costed)["2"].__class__.objects.filter(wbs="2").update(active=False)
    with pytest.raises(DomainError, match="no longer in the agreed baseline") as refused:
        submit_march(costed)
    assert refused.value.field == "lines.1.control_account"


def test_a_negative_amount_with_its_reason_is_taken(costed: World) -> None:
    report = submit_march(costed, lines=[("1", "-50.00", "Refund of February's travel.")])
    assert report.lines.get().amount == Decimal("-50.00")


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (date(2027, 5, 1), "has not begun"),
        (date(2026, 12, 1), "before the agreed baseline starts"),
    ],
)
def test_months_out_of_range_are_refused(costed: World, period: date, words: str) -> None:
    before = state()
    with pytest.raises(DomainError, match=words) as refused:
        report_submit(
            acting_user=costed.user(PM), program=costed.program, period=period, lines=[("1", 1, "")]
        )
    assert refused.value.field == "period" and state() == before


def test_a_closed_period_is_refused(costed: World) -> None:
    StatusPeriod.objects.create(program=costed.program, month=MARCH, status=PeriodStatus.CLOSED)
    before = state()
    with pytest.raises(
        DomainError, match="March 2027 is closed: correct it in the open period with a reason"
    ):
        submit_march(costed)
    assert state() == before


def test_a_month_reported_already_is_refused_unless_corrected(costed: World) -> None:
    submit_march(costed)
    before = state()
    with pytest.raises(DomainError, match="has a report already") as refused:
        submit_march(costed)
    assert refused.value.field == "period" and state() == before


def test_a_dispute_needs_its_reason(costed: World) -> None:
    report = submit_march(costed)
    line = report.lines.first()
    assert line is not None
    before = state()
    with pytest.raises(DomainError, match="needs its reason") as refused:
        line_dispute(acting_user=costed.user(CUSTOMER_PM), line=line, reason="  ")
    assert refused.value.field == "reason" and state() == before


def test_an_acknowledgement_by_the_provider_is_refused_naming_the_rule(costed: World) -> None:
    report = submit_march(costed)
    before = state()
    with pytest.raises(PermissionRefused, match="acknowledged and disputed by the customer"):
        report_acknowledge(acting_user=costed.user(PM), report=report)
    assert state() == before


def test_only_a_disputed_report_is_corrected(costed: World) -> None:
    report = submit_march(costed)
    before = state()
    with pytest.raises(DomainError, match="Only a disputed report"):
        report_correct(acting_user=costed.user(PM), report=report, lines=[("1", "1", "")])
    assert state() == before


SUBMITTERS = {"provider.program_manager", "provider.pmo_lead"}
REVIEWERS = {"customer.program_manager", "customer.pmo_lead", "customer.executive_sponsor"}


def test_each_role_of_each_party_submits_or_reviews_as_the_rules_say(costed: World) -> None:
    for username, user in costed.users.items():
        before = state()
        if username in SUBMITTERS:
            continue
        with pytest.raises(PermissionRefused, match="by the provider"):
            report_submit(
                acting_user=user, program=costed.program, period=MARCH, lines=[("1", 1, "")]
            )
        assert state() == before, username
    report = submit_march(costed)
    line = report.lines.first()
    assert line is not None
    for username, user in costed.users.items():
        if username in REVIEWERS:
            continue
        before = state()
        with pytest.raises(PermissionRefused, match="by the customer"):
            report_acknowledge(acting_user=user, report=report)
        with pytest.raises(PermissionRefused):
            line_dispute(acting_user=user, line=line, reason="No.")
        assert state() == before, username
    report_submit(
        acting_user=costed.user("provider.pmo_lead"),
        program=costed.program,
        period=date(2027, 2, 1),
        lines=[("1", 1, "")],
    )


def test_late_after_the_due_business_day_counting_holidays(
    costed: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # February 2027: the 11th business day is the 16th, since the 15th is Washington's
    # Birthday (without the holiday it would be the 15th).
    settings_update(acting_user=costed.user(PM), program=costed.program, report_due_business_day=11)
    january = date(2027, 1, 1)
    set_today(monkeypatch, date(2027, 2, 16))
    on_time = report_submit(
        acting_user=costed.user(PM), program=costed.program, period=january, lines=[("1", 1, "")]
    )
    assert on_time.due_on == date(2027, 2, 16) and not on_time.late
    months = {m.period: m for m in report_months(costed.program, date(2027, 4, 15), january)}
    assert months[january].report == on_time and not months[january].overdue
    assert months[date(2027, 2, 1)].overdue  # due 15 March 2027, no report
    assert not months[date(2027, 3, 1)].overdue  # due 15 April (the 11th business day): today
    assert months[date(2027, 3, 1)].due_on == date(2027, 4, 15)
    assert not months[date(2027, 4, 1)].overdue
    set_today(monkeypatch, date(2027, 3, 16))
    late = report_submit(
        acting_user=costed.user(PM),
        program=costed.program,
        period=date(2027, 2, 1),
        lines=[("1", 1, "")],
    )
    assert late.due_on == date(2027, 3, 15) and late.late
    line = late.lines.get()
    line_dispute(acting_user=costed.user(CUSTOMER_PM), line=line, reason="Which?")
    set_today(monkeypatch, date(2027, 3, 1))
    corrected = report_correct(acting_user=costed.user(PM), report=late, lines=[("1", 2, "")])
    assert corrected.late and corrected.due_on == late.due_on


def test_the_months_list_reads_in_constant_queries(costed: World) -> None:
    submit_march(costed)
    report_months(costed.program, date(2027, 4, 20), date(2027, 1, 1))
    with CaptureQueriesContext(connection) as few:
        report_months(costed.program, date(2027, 4, 20), date(2027, 1, 1))
    for period in (date(2027, 1, 1), date(2027, 2, 1)):
        report_submit(
            acting_user=costed.user(PM), program=costed.program, period=period, lines=[("1", 1, "")]
        )
    with CaptureQueriesContext(connection) as more:
        report_months(costed.program, date(2027, 4, 20), date(2027, 1, 1))
    assert len(more) == len(few)


def test_reconciliation_sets_the_schedules_actual_cost_beside_the_acknowledged(
    costed: World,
) -> None:
    from schedule.models import Task

    Task.objects.filter(schedule__program=costed.program, wbs="1.1").update(
        computed_actual_cost=Decimal("1500.00")
    )
    report = submit_march(costed)
    report_acknowledge(acting_user=costed.user(CUSTOMER_PM), report=report)
    found = reconciliation(costed.program)
    assert found.schedule_carries_actuals
    rows = {r.account.wbs: r for r in found.rows}
    assert (rows["1"].schedule, rows["1"].reported, rows["1"].difference) == (
        Decimal("1500.00"),
        Decimal("1200.50"),
        Decimal("299.50"),
    )
    assert rows["2"].difference == Decimal("-800.00")
    assert found.difference_total == Decimal("1500.00") - Decimal("2000.50")
