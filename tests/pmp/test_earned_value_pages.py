"""Earned value pages, exports, actions and API for every role of every party and an
outsider: only members who see costs find them (everyone else a 404, nothing changed); the
page's queries do not grow with the months closed."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pmp.models import ExplanationStatus, StatusPeriod, VarianceExplanation
from pmp.services.earned_value import period_close
from pmp.services.variance import explanation_submit
from programs.models import AuditEvent
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .earned_value_fixtures import FEB, JAN, PM, acknowledged, cost_loaded, progress, today_is

EVERYONE = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
#: Who sees costs (the schedule's default setting): both parties' Program Managers, PMO
#: Leads and Executive Sponsors, and the IV&V agent.
SEE_COSTS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in ("program_manager", "pmo_lead", "executive_sponsor")
} | {"independent.ivv_agent"}
MANAGERS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in ("program_manager", "pmo_lead")
}
EV = "/programs/alpha/pmp/cost/earned-value/"
VA = "/programs/alpha/pmp/cost/variance/"
API = "/api/programs/alpha/pmp/"
EXPLANATION = {"cause": "Late design.", "impact": "Two weeks.", "corrective_action": "Add staff."}


@pytest.fixture
def closed(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """January closed (three explanations asked: VA-001 to VA-003); today 15 March 2027."""
    today_is(monkeypatch, date(2027, 3, 15))
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "3000.00"})
    progress(world, 2, 100)
    period_close(acting_user=world.user(PM), program=world.program, month=JAN)
    return world


def test_reading_pages_exports_and_api_only_those_who_see_costs(closed: World) -> None:
    reads = [
        EV,
        f"{EV}?month=2027-01",
        f"{EV}report.pdf?month=2027-01",
        f"{EV}report.xlsx",
        VA,
        f"{VA}VA-001/",
        f"{API}earned-value/",
        f"{API}earned-value/?month=2027-01",
        f"{API}earned-value/periods/",
        f"{API}variance-explanations/",
        f"{API}variance-explanations/VA-001/",
    ]
    for username in EVERYONE:
        client = closed.client(username)
        for url in reads:
            answer = client.get(url)
            expected = 200 if username in SEE_COSTS else 404
            assert answer.status_code == expected, (username, url, answer.status_code)
            if expected == 404:
                assert b"16,050" not in answer.content and b"16050" not in answer.content


def test_the_page_shows_measures_formulas_lights_and_accounts(closed: World) -> None:
    page = closed.client(PM).get(f"{EV}?month=2027-01").content.decode()
    assert "$4,000.00" in page and "$3,000.00" in page  # EV and AC of January
    assert "CPI = EV ÷ AC = 4,000.00 ÷ 3,000.00 = 1.3333" in page
    assert "Overall Red: SPI" in page  # the light in words, naming its indicator
    assert 'id="format-1"' in page and "Plan the migration" in page
    assert 'data-chart-table="s-curve-table"' in page and 'id="s-curve-table"' in page
    assert "This month is closed" in page
    # The current month offers closing the next one to those who may.
    current = closed.client(PM).get(EV).content.decode()
    assert "Close February 2027" in current
    assert (
        "Close February 2027"
        not in closed.client("customer.executive_sponsor").get(EV).content.decode()
    )


def test_closing_a_month_from_the_page_and_the_api(closed: World) -> None:
    for username in EVERYONE:
        if username in MANAGERS:
            continue
        events = AuditEvent.objects.count()
        page = closed.client(username).post(f"{EV}close/", {"month": "2027-02"})
        api = closed.client(username).post(
            f"{API}earned-value/periods/", {"month": "2027-02"}, content_type="application/json"
        )
        assert page.status_code == 404 and api.status_code in (403, 404), username
        if api.status_code == 403:  # sees costs, may not close: the rule is named
            assert "Program Managers and PMO Leads" in api.json()["detail"]
        assert AuditEvent.objects.count() == events
    assert not StatusPeriod.objects.filter(month=FEB).exists()
    answer = closed.client("customer.pmo_lead").post(
        f"{API}earned-value/periods/", {"month": "2027-02"}, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["period"]["month"] == "2027-02"
    refused = closed.client(PM).post(
        f"{API}earned-value/periods/", {"month": "2027-02"}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "month"
    bad = closed.client(PM).post(
        f"{API}earned-value/periods/", {"month": "Feb"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "month"
    assert closed.client(PM).get(f"{API}earned-value/?month=2027-13").status_code == 400


def test_variance_steps_by_role_on_the_page_and_the_api(closed: World) -> None:
    for username in EVERYONE:
        events = AuditEvent.objects.count()
        page = closed.client(username).post(f"{VA}VA-001/submit/", EXPLANATION)
        api = closed.client(username).post(
            f"{API}variance-explanations/VA-002/submit/",
            EXPLANATION,
            content_type="application/json",
        )
        if username in ("provider.program_manager", "provider.pmo_lead"):
            assert page.status_code == 302 and api.status_code == 200, username
            break
        # Who sees costs but may not: the rule beside the form, a 403 naming it in the API.
        expected = (400, 403) if username in SEE_COSTS else (404, 404)
        assert (page.status_code, api.status_code) == expected, username
        assert AuditEvent.objects.count() == events
    assert VarianceExplanation.objects.get(number=1).status == ExplanationStatus.SUBMITTED
    # The customer's managers review; the provider may not.
    refused = closed.client("provider.program_manager").post(
        f"{API}variance-explanations/VA-002/accept/"
    )
    assert refused.status_code == 403 and "customer's" in refused.json()["detail"]
    returned = closed.client("customer.program_manager").post(
        f"{VA}VA-001/return/", {"reason": "Name the tasks."}
    )
    assert returned.status_code == 302
    accepted = closed.client("customer.executive_sponsor").post(
        f"{API}variance-explanations/VA-002/accept/"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    missing = closed.client("customer.program_manager").post(f"{VA}VA-999/accept/")
    assert missing.status_code == 404


@pytest.mark.usefixtures("answers_built")
def test_queries_do_not_grow_with_closed_months(
    closed: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = closed.client(PM)

    def count(url: str) -> int:
        client.get(url)  # computes and caches what is expensive
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = {url: count(url) for url in (EV, VA, f"{API}earned-value/")}
    for month in ("2027-02",):
        explanation_submit(
            acting_user=closed.user(PM),
            item=VarianceExplanation.objects.get(number=1),
            **EXPLANATION,
        )
        period_close(acting_user=closed.user(PM), program=closed.program, month=FEB)
        acknowledged(closed, FEB, {"2": "10.00"})
        assert month
    two = {url: count(url) for url in (EV, VA, f"{API}earned-value/")}
    assert one == two


def test_the_workbook_has_the_program_format_1_and_periods(closed: World) -> None:
    answer = closed.client(PM).get(f"{EV}report.xlsx?month=2027-01")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Program", "Format 1", "Periods"]
    assert answer["Content-Disposition"].endswith('alpha-evm-2027-01.xlsx"')


def test_api_answers_as_the_schema_describes(closed: World) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from openapi_core import OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    openapi = OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    pm = closed.client(PM)

    def check(response: Any, status: int) -> None:
        assert response.status_code == status, response.content[:300]
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )

    check(pm.get(f"{API}earned-value/"), 200)
    check(pm.get(f"{API}earned-value/?month=2027-01"), 200)
    check(pm.get(f"{API}earned-value/?month=2030-01"), 400)
    check(pm.get(f"{API}earned-value/periods/"), 200)
    json = "application/json"
    check(pm.post(f"{API}earned-value/periods/", {"month": "2027-02"}, content_type=json), 201)
    check(pm.get(f"{API}variance-explanations/"), 200)
    check(
        pm.post(f"{API}variance-explanations/VA-001/submit/", EXPLANATION, content_type=json), 200
    )
    customer = closed.client("customer.program_manager")
    check(customer.post(f"{API}variance-explanations/VA-001/return/", {}, content_type=json), 400)
    check(
        customer.post(
            f"{API}variance-explanations/VA-001/return/", {"reason": "More."}, content_type=json
        ),
        200,
    )
    check(customer.get(f"{API}variance-explanations/VA-001/"), 200)
    check(customer.get(f"{API}variance-explanations/VA-999/"), 404)
