"""The portfolio: a row per program the person reads (all for administrators and portfolio
viewers), filtered and sorted on the server, summed up by agency and provider, exported to
Excel, with a number of queries that does not grow with the programs; and the portfolio
viewer flag, granted by administrators only and audited."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from programs.choices import Party, Role
from programs.models import AuditEvent, Program
from programs.services.memberships import membership_create
from reports.dashboards.portfolio_viewers import is_portfolio_viewer
from reports.services.portfolio_viewers import portfolio_viewer_set
from tests.conftest import World
from tests.factories import make_program, superuser
from tests.ivv.conftest import file_finding

PAGE = reverse("reports_portfolio_dashboard:portfolio")
XLSX = reverse("reports_portfolio_dashboard:xlsx")
API = reverse("api-reports-portfolio")
SPONSOR = "customer.executive_sponsor"


def join(world: World, username: str, program: Program, role: str = Role.EXECUTIVE_SPONSOR) -> None:
    membership_create(
        acting_user=superuser(),
        program=program,
        user=world.user(username),
        party=Party.CUSTOMER,
        role=role,
        override_reason="Sponsors the agency's portfolio of programs.",
    )


def codes(response: Any) -> list[str]:
    return [r["code"] for r in response.json()["rows"]]


def test_a_member_sees_only_the_programs_they_are_in(world: World) -> None:
    make_program("gamma")
    assert codes(world.client(SPONSOR).get(API)) == ["alpha"]
    assert codes(world.client("outsider").get(API)) == ["beta"]
    page = world.client(SPONSOR).get(PAGE).content.decode()
    assert "alpha: Program Alpha" in page and "Program Beta" not in page
    assert "Program Gamma" not in page


def test_administrators_and_portfolio_viewers_see_every_program_costs_only_by_membership(
    world: World,
) -> None:
    make_program("gamma")
    assert codes(world.client("outsider").get(API)) == ["beta"]
    portfolio_viewer_set(acting_user=superuser(), username="outsider", viewer=True)
    rows = world.client("outsider").get(API).json()["rows"]
    assert [r["code"] for r in rows] == ["alpha", "beta", "gamma"]
    by_code = {r["code"]: r for r in rows}
    assert by_code["beta"]["shows_costs"] is True  # a Program Manager of beta
    assert by_code["alpha"]["shows_costs"] is False and by_code["alpha"]["cpi"] is None
    assert (by_code["alpha"]["readable"], by_code["beta"]["readable"]) == (False, True)
    page = world.client("outsider").get(PAGE).content.decode()
    assert reverse("reports_dashboard:program", kwargs={"code": "alpha"}) not in page
    assert reverse("reports_dashboard:program", kwargs={"code": "beta"}) in page
    admin = world.client(SPONSOR)
    admin.force_login(superuser())
    assert codes(admin.get(API)) == ["alpha", "beta", "gamma"]


def test_the_rows_filter_and_sort_on_the_server(world: World) -> None:
    join(world, SPONSOR, world.other_program)
    file_finding(world, severity=1, raised_on=date(2026, 6, 1))  # alpha turns red
    client = world.client(SPONSOR)
    rows = client.get(API).json()["rows"]
    assert [(r["code"], r["rating_status"]) for r in rows] == [
        ("alpha", "red"),
        ("beta", "not_rated"),
    ]
    assert codes(client.get(API, {"rating": "red"})) == ["alpha"]
    assert codes(client.get(API, {"q": "bet"})) == ["beta"]
    assert codes(client.get(API, {"agency": "Customer agency beta"})) == ["beta"]
    assert codes(client.get(API, {"sort": "-name"})) == ["beta", "alpha"]
    assert codes(client.get(API, {"sort": "-critical"})) == ["alpha", "beta"]
    assert codes(client.get(API, {"sort": "nonsense", "rating": "purple"})) == ["alpha", "beta"]
    body = client.get(API).json()
    assert [(g["name"], g["programs"], g["red"]) for g in body["by_agency"]] == [
        ("Customer agency alpha", 1, 1),
        ("Customer agency beta", 1, 0),
    ]
    page = client.get(PAGE, {"sort": "-name"}).content.decode()
    assert page.index("beta: Program Beta") < page.index("alpha: Program Alpha")
    assert 'aria-sort="descending"' in page
    assert "2 of 2 programs; sorted by program, descending" in page


def test_the_rating_is_the_last_released_reports_else_the_proposed_one(world: World) -> None:
    from reports.models import StatusReport

    StatusReport.objects.create(
        program=world.program,
        period_start=date(2026, 5, 1),
        period_end=date(2026, 5, 31),
        status="released",
        due_on=date(2026, 6, 5),
        schema_version=1,
        snapshot={"period": {"label": "May 2026"}},
        built_at="2026-06-01T10:00:00Z",
        proposed_rating=2,
        confirmed_rating=3,
    )
    row = world.client(SPONSOR).get(API).json()["rows"][0]
    assert (row["rating"], row["rating_source"]) == (3, "released report of May 2026")


def test_the_portfolio_exports_to_excel_as_filtered(world: World) -> None:
    join(world, SPONSOR, world.other_program)
    response = world.client(SPONSOR).get(XLSX, {"q": "alpha"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Programs", "By agency", "By provider"]
    sheet = book["Programs"]
    assert (
        sheet["A1"].value == "Code" and sheet["A2"].value == "alpha" and sheet["A3"].value is None
    )
    header = [c.value for c in sheet[1]]
    assert header[header.index("CPI")] == "CPI"
    assert sheet.cell(row=2, column=header.index("Open critical findings") + 1).value == 0


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_programs(
    world: World, django_assert_num_queries: Any
) -> None:
    """Each program's summary is read once and kept under its revision; after that the
    page asks as many queries for five programs as for two."""
    join(world, SPONSOR, world.other_program)
    client = world.client(SPONSOR)
    cache.clear()
    client.get(PAGE)
    two = _queries(client)
    for code in ("gamma", "delta", "epsilon"):
        join(world, SPONSOR, make_program(code))
    client.get(PAGE)
    with django_assert_num_queries(two):
        response = client.get(PAGE)
    assert "5 of 5 programs" in response.content.decode()


def test_only_an_administrator_grants_the_flag_and_it_is_audited(world: World) -> None:
    from programs.errors import DomainError

    with pytest.raises(DomainError, match="Only a portal administrator"):
        portfolio_viewer_set(acting_user=world.user(SPONSOR), username="outsider", viewer=True)
    assert not is_portfolio_viewer(User.objects.get(username="outsider"))
    with pytest.raises(DomainError, match="No account has the username"):
        portfolio_viewer_set(acting_user=superuser(), username="nobody", viewer=True)
    portfolio_viewer_set(acting_user=superuser(), username="outsider", viewer=True)
    assert is_portfolio_viewer(User.objects.get(username="outsider"))
    event = AuditEvent.objects.filter(program=None).latest("pk")
    assert event.changes == {"portfolio viewer": [False, True]}
    assert event.actor == superuser()


def test_the_viewers_page_is_for_administrators_only(world: World) -> None:
    url = reverse("reports_portfolio_dashboard:viewers")
    assert world.client(SPONSOR).get(url).status_code == 404
    assert world.client(SPONSOR).post(url, {"username": SPONSOR, "viewer": "1"}).status_code == 404
    assert not is_portfolio_viewer(User.objects.get(username=SPONSOR))
    admin = world.client(SPONSOR)
    admin.force_login(superuser())
    refused = admin.post(url, {"username": "nobody", "viewer": "1"})
    assert refused.status_code == 400
    assert "No account has the username" in refused.content.decode()
    assert admin.post(url, {"username": SPONSOR, "viewer": "1"}).status_code == 302
    assert is_portfolio_viewer(User.objects.get(username=SPONSOR))
    assert SPONSOR in admin.get(url).content.decode()
