"""Who reads the dashboards, written out as a table: every role of every party, a member of
another program, a portal administrator and a portfolio viewer, against the program
dashboard (page, PDF, API), its costs, and the portfolio (page, API, workbook).

- The program dashboard: every member of the program; a 404 for anyone else, a portfolio
  viewer included (the flag opens the portfolio, not the programs).
- Costs (the S-curve, the CPI/SPI trend, dollars in the cost tile): the Program Managers,
  PMO Leads and Executive Sponsors of the customer and the provider, the IV&V agent and
  administrators.
- The portfolio: the programs one is a member of; every program for administrators and
  portfolio viewers.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.services.portfolio_viewers import portfolio_viewer_set
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.factories import superuser

ADMIN, VIEWER = "administrator", "portfolio viewer"
COST_ROLES = {"program_manager", "pmo_lead", "executive_sponsor"}
MEMBERS = [username for username, *_ in ROLE_MATRIX]
PEOPLE = [*MEMBERS, OUTSIDER, ADMIN, VIEWER]
NO_COSTS = "costs are shown to its Program Managers"


def reads_alpha(who: str) -> bool:
    return who in MEMBERS or who == ADMIN


def sees_costs(who: str) -> bool:
    if who == ADMIN:
        return True
    if who not in MEMBERS:
        return False
    party, role = who.split(".")
    if party == "independent":
        return role == "ivv_agent"
    return role in COST_ROLES


def portfolio_of(who: str) -> list[str]:
    if who in (ADMIN, VIEWER):
        return ["alpha", "beta"]
    return ["beta"] if who == OUTSIDER else ["alpha"]


def client_of(world: World, who: str) -> Client:
    if who == ADMIN:
        user = superuser()
    elif who == VIEWER:
        user = User.objects.create_user("portfolio.viewer")
        portfolio_viewer_set(acting_user=superuser(), username=user.username, viewer=True)
    else:
        user = world.user(who)
    client = world.client(OUTSIDER)
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", PEOPLE)
def test_the_program_dashboard(world: World, who: str) -> None:
    client = client_of(world, who)
    expected = 200 if reads_alpha(who) else 404
    page = client.get(reverse("reports_dashboard:program", kwargs={"code": "alpha"}))
    assert page.status_code == expected
    pdf = client.get(reverse("reports_dashboard:pdf", kwargs={"code": "alpha"}))
    assert pdf.status_code == expected
    api = client.get(reverse("api-reports-dashboard", kwargs={"code": "alpha"}))
    assert api.status_code == expected
    if expected == 404:
        assert "Program Alpha" not in page.content.decode()
        return
    assert api.json()["shows_costs"] is sees_costs(who)
    assert (NO_COSTS in page.content.decode()) is not sees_costs(who)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_portfolio(world: World, who: str) -> None:
    client = client_of(world, who)
    api = client.get(reverse("api-reports-portfolio"))
    assert [r["code"] for r in api.json()["rows"]] == portfolio_of(who)
    page = client.get(reverse("reports_portfolio_dashboard:portfolio")).content.decode()
    assert ("alpha: Program Alpha" in page) is ("alpha" in portfolio_of(who))
    workbook = client.get(reverse("reports_portfolio_dashboard:xlsx"))
    sheet = load_workbook(io.BytesIO(workbook.content))["Programs"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == portfolio_of(who)


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    client = Client()
    page = client.get(reverse("reports_dashboard:program", kwargs={"code": "alpha"}))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert client.get(reverse("reports_portfolio_dashboard:portfolio")).status_code == 302
    assert client.get(reverse("api-reports-portfolio")).status_code in (401, 403)
