"""The expenditure reports API: every role of every party and the outsider on every
endpoint and action (money only to whom costs are shown; denied writes change nothing), the
life cycle, refusals naming the field, the import, constant query counts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from pmp.exports.expenditure import expenditure_workbook
from pmp.models import ExpenditureReport, ReportStatus
from pmp.selectors.expenditure import acknowledged_actuals
from pmp.services.expenditure import line_dispute
from programs.models import AuditEvent
from programs.policy import can_see_costs
from tests.conftest import World
from tests.schedule.test_earned_value import PM

from .expenditure_world import CUSTOMER_PM, MARCH, costed, submit_march

__all__ = ["costed"]

SUBMITTERS = {"provider.program_manager", "provider.pmo_lead"}
REVIEWERS = {"customer.program_manager", "customer.pmo_lead", "customer.executive_sponsor"}
SUBMISSION = {
    "period": "2027-03",
    "lines": [
        {"control_account": "1", "amount": "1200.50"},
        {"control_account": "2", "amount": "800.00"},
    ],
    "hours": [{"resource": "Engineer", "hours": "40"}],
    "narrative": "March.",
}


def api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


def base(world: World) -> str:
    return f"/api/programs/{world.program.code}/pmp/expenditure-reports/"


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


def test_reads_only_by_whom_costs_are_shown(costed: World) -> None:
    report = submit_march(costed)
    for username, user in costed.users.items():
        client = api(costed, username)
        sees = username != "outsider" and can_see_costs(user, costed.program)
        listed = client.get(base(costed))
        one = client.get(f"{base(costed)}{report.pk}/")
        assert (listed.status_code, one.status_code) == ((200, 200) if sees else (404, 404)), (
            username
        )
        if sees:
            assert one.json()["total"] == "2000.50"
            assert [line["amount"] for line in one.json()["lines"]] == ["1200.50", "800.00"]
    found = api(costed, CUSTOMER_PM).get(base(costed), {"period": "2027-02"}).json()
    assert found["results"] == []


def test_writes_by_each_role_as_the_rules_say_and_denied_changes_nothing(costed: World) -> None:
    for username, user in costed.users.items():
        if username in SUBMITTERS:
            continue
        sees = username != "outsider" and can_see_costs(user, costed.program)
        before = state()
        answer = api(costed, username).post(base(costed), SUBMISSION, format="json")
        assert answer.status_code == (403 if sees else 404), username
        assert state() == before
    created = api(costed, "provider.pmo_lead").post(base(costed), SUBMISSION, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    line = created.json()["lines"][0]["id"]
    actions = [
        (f"{base(costed)}{pk}/acknowledge/", {}),
        (f"{base(costed)}{pk}/dispute/", {"line": line, "reason": "Why?"}),
    ]
    for username, user in costed.users.items():
        if username in REVIEWERS:
            continue
        sees = username != "outsider" and can_see_costs(user, costed.program)
        for path, data in actions:
            before = state()
            answer = api(costed, username).post(path, data, format="json")
            assert answer.status_code == (403 if sees else 404), (username, path)
            assert state() == before


def test_the_life_cycle_through_the_api(costed: World) -> None:
    provider, customer = api(costed, PM), api(costed, CUSTOMER_PM)
    report = provider.post(base(costed), SUBMISSION, format="json").json()
    assert (report["month"], report["status"], report["revision"]) == ("2027-03", "submitted", 1)
    line = report["lines"][1]["id"]
    answer = customer.post(
        f"{base(costed)}{report['id']}/dispute/", {"line": line, "reason": ""}, format="json"
    )
    assert answer.status_code == 400 and answer.json()["field"] == "reason"
    disputed = customer.post(
        f"{base(costed)}{report['id']}/dispute/",
        {"line": line, "reason": "No timesheets."},
        format="json",
    ).json()
    assert disputed["status"] == "disputed"
    corrected = provider.post(
        f"{base(costed)}{report['id']}/correct/",
        {"lines": [{"control_account": "2", "amount": "700"}]},
        format="json",
    )
    assert corrected.status_code == 201
    new = corrected.json()
    assert (new["revision"], new["supersedes"], new["status"]) == (2, 1, "submitted")
    old = customer.get(f"{base(costed)}{report['id']}/").json()
    assert old["status"] == "superseded" and old["lines"][1]["dispute_reason"] == "No timesheets."
    refused = provider.post(f"{base(costed)}{new['id']}/acknowledge/", format="json")
    assert refused.status_code == 403 and "by the customer" in refused.json()["detail"]
    done = customer.post(f"{base(costed)}{new['id']}/acknowledge/", format="json")
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    assert sum(acknowledged_actuals(costed.program)[MARCH].values()) == 700


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period": "March"}, "period"),
        ({"period": "2027-09"}, "period"),
        ({"lines": [{"control_account": "1", "amount": "-5"}]}, "lines.0.correction_reason"),
        ({"lines": [{"control_account": "7", "amount": "5"}]}, "lines.0.control_account"),
        ({"lines": [{"control_account": "1", "amount": "1e20"}]}, "lines.0.amount"),
        ({"lines": []}, "lines"),
        ({"hours": [{"resource": "A", "hours": "-1"}]}, "hours.0.hours"),
    ],
)
def test_bad_input_names_the_field(costed: World, change: dict[str, Any], field: str) -> None:
    before = state()
    answer = api(costed, PM).post(base(costed), SUBMISSION | change, format="json")
    assert answer.status_code == 400, answer.json()
    body = answer.json()
    assert body.get("field") == field or field in body.get("fields", {}), body
    assert state() == before


def test_the_import_endpoint(costed: World) -> None:
    book = load_workbook(io.BytesIO(expenditure_workbook(costed.program, MARCH)))
    book["Expenditure"]["C2"] = "x"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "march.xlsx"
    answer = api(costed, PM).post(f"{base(costed)}import/", {"file": out}, format="multipart")
    assert answer.status_code == 400
    assert answer.json()["problems"][0]["place"] == "Expenditure!C2"
    book["Expenditure"]["C2"] = 5
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "march.xlsx"
    customer = api(costed, CUSTOMER_PM)
    denied = customer.post(f"{base(costed)}import/", {"file": out}, format="multipart")
    assert denied.status_code == 403
    out.seek(0)
    answer = api(costed, PM).post(
        f"{base(costed)}import/", {"file": out, "period": "2027-03"}, format="multipart"
    )
    assert answer.status_code == 201 and answer.json()["source_name"] == "march.xlsx"


@pytest.mark.usefixtures("answers_built")
def test_the_list_reads_in_constant_queries(costed: World) -> None:
    client = api(costed, CUSTOMER_PM)
    submit_march(costed, lines=[("1", 1, "")], hours=[])
    client.get(base(costed))
    with CaptureQueriesContext(connection) as few:
        client.get(base(costed))
    from datetime import date

    for month in (1, 2):
        submit_march(costed, period=date(2027, month, 1))
    with CaptureQueriesContext(connection) as more:
        assert client.get(base(costed)).json()["count"] == 3
    assert len(more) == len(few)
    assert ExpenditureReport.objects.filter(status=ReportStatus.SUBMITTED).count() == 3


def test_the_correction_and_withdrawal_by_each_role(costed: World) -> None:
    report = submit_march(costed)
    line = report.lines.get(control_account__wbs="2")
    line_dispute(acting_user=costed.user(CUSTOMER_PM), line=line, reason="Why?")
    correct = (f"{base(costed)}{report.pk}/correct/", SUBMITTERS)
    withdraw = (f"{base(costed)}{report.pk}/withdraw-dispute/", REVIEWERS)
    data = {"lines": [{"control_account": "2", "amount": "1"}], "line": line.pk}
    for username, user in costed.users.items():
        sees = username != "outsider" and can_see_costs(user, costed.program)
        for path, allowed in (correct, withdraw):
            if username in allowed:
                continue
            before = state()
            answer = api(costed, username).post(path, data, format="json")
            assert answer.status_code == (403 if sees else 404), (username, path)
            assert state() == before, username
    answer = api(costed, "provider.pmo_lead").post(correct[0], data, format="json")
    assert answer.status_code == 201 and answer.json()["revision"] == 2
