"""The expenditure report pages: who reaches them (money is shown only to whom costs are
shown; everyone else, and the outsider, gets a 404), the provider's forms, the customer's
acknowledgement and disputes, the revision history, the workbook, constant query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pmp.models import ExpenditureReport, ReportStatus
from pmp.services.expenditure import line_dispute, report_submit
from programs.models import AuditEvent
from programs.policy import can_see_costs
from tests.conftest import World
from tests.schedule.test_earned_value import PM

from .expenditure_world import CUSTOMER_PM, accounts, costed, submit_march

__all__ = ["costed"]

SUBMITTERS = {"provider.program_manager", "provider.pmo_lead"}
REVIEWERS = {"customer.program_manager", "customer.pmo_lead", "customer.executive_sponsor"}


def url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"pmp:{name}", kwargs={"code": world.program.code, **kwargs})


def state() -> tuple[int, int, list[tuple[Any, ...]]]:
    return (
        ExpenditureReport.objects.count(),
        AuditEvent.objects.count(),
        list(
            ExpenditureReport.objects.order_by("pk").values_list(
                "pk", "status", "lines__dispute_reason"
            )
        ),
    )


def test_every_role_and_the_outsider_on_every_page(costed: World) -> None:
    report = submit_march(costed)
    pages = [
        url(costed, "expenditure-reports"),
        url(costed, "expenditure-report", period="2027-03"),
    ]
    provider_pages = [
        url(costed, "expenditure-new"),
        url(costed, "expenditure-workbook") + "?period=2027-03",
    ]
    for username, user in costed.users.items():
        client = costed.client(username)
        sees = username != "outsider" and can_see_costs(user, costed.program)
        for page in pages:
            answer = client.get(page)
            assert answer.status_code == (200 if sees else 404), (username, page)
            assert "$1,200.50" not in answer.content.decode() or sees
        for page in provider_pages:
            answer = client.get(page)
            assert answer.status_code == (200 if username in SUBMITTERS else 404), (username, page)
    detail = costed.client(CUSTOMER_PM).get(pages[1]).content.decode()
    assert "$1,200.50" in detail and "$2,000.50" in detail and "Acknowledge the report" in detail
    assert "Submit a correction" not in detail
    provider = costed.client(PM).get(pages[1]).content.decode()
    assert "Acknowledge the report" not in provider and "Reason to dispute" not in provider
    assert report.status == ReportStatus.SUBMITTED


def test_each_role_acknowledges_only_as_the_rules_say_and_denied_changes_nothing(
    costed: World,
) -> None:
    report = submit_march(costed)
    line = report.lines.first()
    assert line is not None
    actions = [
        (url(costed, "expenditure-acknowledge", period="2027-03"), {}),
        (
            url(costed, "expenditure-line-dispute", period="2027-03", line=line.pk),
            {"reason": "Why?"},
        ),
    ]
    for username, user in costed.users.items():
        if username in REVIEWERS:
            continue
        sees = username != "outsider" and can_see_costs(user, costed.program)
        for action, data in actions:
            before = state()
            answer = costed.client(username).post(action, data)
            assert answer.status_code == (403 if sees else 404), (username, action)
            assert state() == before
    answer = costed.client("customer.pmo_lead").post(*actions[0])
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED


def test_the_provider_submits_and_a_refusal_is_shown_beside_the_row(costed: World) -> None:
    by_wbs = accounts(costed)
    client = costed.client(PM)
    form = client.get(url(costed, "expenditure-new")).content.decode()
    assert 'option value="2027-03" selected' in form and "$38,100.00" not in form
    data = {
        "period": "2027-03",
        f"amount-{by_wbs['1'].pk}": "-25.00",
        f"amount-{by_wbs['2'].pk}": "100",
        "resource-1": "Engineer",
        "hours-1": "12.5",
        "hours-rows": "5",
        "narrative": "March.",
    }
    before = state()
    answer = client.post(url(costed, "expenditure-new"), data)
    assert answer.status_code == 400 and state() == before
    page = answer.content.decode()
    assert f'id="line-{by_wbs["1"].pk}-error"' in page and "needs its correction reason" in page
    data[f"reason-{by_wbs['1'].pk}"] = "Refund of February's travel."
    answer = client.post(url(costed, "expenditure-new"), data)
    assert answer.status_code == 302
    report = ExpenditureReport.objects.get()
    assert answer["Location"] == url(costed, "expenditure-report", period="2027-03")
    assert [(h.resource, h.hours) for h in report.hours.all()] == [("Engineer", Decimal("12.5"))]
    again = client.post(url(costed, "expenditure-new"), data)
    assert again.status_code == 400 and "has a report already" in again.content.decode()


def test_dispute_correct_acknowledge_through_the_pages(costed: World) -> None:
    report = submit_march(costed)
    line = report.lines.get(control_account__wbs="2")
    customer = costed.client(CUSTOMER_PM)
    dispute = url(costed, "expenditure-line-dispute", period="2027-03", line=line.pk)
    answer = customer.post(dispute, {"reason": " "})
    assert answer.status_code == 400 and "A dispute needs its reason." in answer.content.decode()
    assert customer.post(dispute, {"reason": "No timesheets."}).status_code == 302
    provider = costed.client(PM)
    correct = url(costed, "expenditure-correct", period="2027-03")
    form = provider.get(correct).content.decode()
    assert "No timesheets." in form and 'value="800.00"' in form
    by_wbs = accounts(costed)
    answer = provider.post(
        correct,
        {
            f"amount-{by_wbs['1'].pk}": "1200.50",
            f"amount-{by_wbs['2'].pk}": "640.00",
            "narrative": "Timesheets attached.",
        },
    )
    assert answer.status_code == 302
    page = customer.get(url(costed, "expenditure-report", period="2027-03")).content.decode()
    assert "$640.00" in page and "(corrects revision 1)" in page
    old = customer.get(url(costed, "expenditure-report", period="2027-03") + "?revision=1")
    assert "No timesheets." in old.content.decode() and "kept as history" in old.content.decode()
    assert "Reason to dispute" not in old.content.decode()
    acknowledge = url(costed, "expenditure-acknowledge", period="2027-03")
    assert customer.post(acknowledge).status_code == 302
    assert ExpenditureReport.objects.get(revision=2).status == ReportStatus.ACKNOWLEDGED
    assert customer.get(url(costed, "expenditure-report", period="2027-13")).status_code == 404
    assert customer.get(url(costed, "expenditure-report", period="2027-01")).status_code == 404


def test_the_list_flags_overdue_and_late_months_in_words(costed: World) -> None:
    report_submit(
        acting_user=costed.user(PM),
        program=costed.program,
        period=date(2027, 1, 1),
        lines=[("1", 1, "")],
    )
    ExpenditureReport.objects.update(late=True)
    page = costed.client(CUSTOMER_PM).get(url(costed, "expenditure-reports")).content.decode()
    assert "1 month overdue" in page and "1 report submitted late" in page
    assert ">Overdue<" in page and ">Late<" in page
    assert "The schedule carries no actual cost" in page


def test_the_workbook_downloads_and_imports_through_the_page(costed: World) -> None:
    client = costed.client(PM)
    answer = client.get(url(costed, "expenditure-workbook") + "?period=2027-03")
    assert answer["Content-Disposition"] == 'attachment; filename="alpha-expenditure-2027-03.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    book["Expenditure"]["C2"] = "abc"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "march.xlsx"
    before = state()
    refused = client.post(url(costed, "expenditure-import"), {"period": "", "file": out})
    assert refused.status_code == 400 and state() == before
    assert "Expenditure!C2" in refused.content.decode()
    book["Expenditure"]["C2"] = 10
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "march.xlsx"
    answer = client.post(url(costed, "expenditure-import"), {"period": "2027-03", "file": out})
    assert answer.status_code == 302
    assert ExpenditureReport.objects.get().source_name == "march.xlsx"


def _count(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["expenditure-reports", "expenditure-report"])
def test_query_counts_do_not_grow_with_rows(costed: World, name: str) -> None:
    page = url(costed, name, **({"period": "2027-03"} if name == "expenditure-report" else {}))
    report = submit_march(costed, lines=[("1", 1, "")], hours=[])
    client = costed.client(CUSTOMER_PM)
    _count(client, page)
    few = _count(client, page)
    line = report.lines.get()
    line_dispute(acting_user=costed.user(CUSTOMER_PM), line=line, reason="Why?")
    from pmp.services.expenditure import report_correct

    report.refresh_from_db()
    report_correct(
        acting_user=costed.user(PM),
        report=report,
        lines=[("1", 1, ""), ("2", 2, "")],
        hours=[("A", 1), ("B", 2)],
    )
    for month in (1, 2):
        submit_march(costed, period=date(2027, month, 1))
    _count(client, page)  # access is read again after the writes
    assert _count(client, page) == few


def test_every_role_on_the_correction_withdrawal_and_import(costed: World, settings: Any) -> None:
    report = submit_march(costed)
    line = report.lines.get(control_account__wbs="2")
    line_dispute(acting_user=costed.user(CUSTOMER_PM), line=line, reason="Why?")
    by_wbs = accounts(costed)
    correct = url(costed, "expenditure-correct", period="2027-03")
    withdraw = url(costed, "expenditure-line-withdraw", period="2027-03", line=line.pk)
    for username, user in costed.users.items():
        sees = username != "outsider" and can_see_costs(user, costed.program)
        client = costed.client(username)
        before = state()
        if username not in SUBMITTERS:
            assert client.get(correct).status_code == 404, username
            answer = client.post(correct, {f"amount-{by_wbs['1'].pk}": "1"})
            assert answer.status_code == 404, username
            answer = client.post(url(costed, "expenditure-import"), {"period": "2027-03"})
            assert answer.status_code == 404, username
        if username not in REVIEWERS:
            assert client.post(withdraw).status_code == (403 if sees else 404), username
        assert state() == before, username
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "expenditure": 1000}
    big = io.BytesIO(b"x" * 5000)
    big.name = "big.xlsx"
    answer = costed.client(PM).post(url(costed, "expenditure-import"), {"file": big})
    assert answer.status_code == 413 and "expenditure report workbooks are limited to" in (
        answer.content.decode()
    )
    assert costed.client(CUSTOMER_PM).post(withdraw).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
