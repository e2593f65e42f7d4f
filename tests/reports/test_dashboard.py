"""The program dashboard: its tiles agree with the status report's assessment, say their
colour in words with the indicator that set it, hide dollars from who may not see costs,
keep their figures until the program changes, ask a constant number of queries, print and
download as a PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Program
from reports import rating
from reports.dashboards.program import current_period, program_dashboard
from reports.sections import SECTIONS, Context, read_sections
from tests.conftest import World
from tests.ivv.conftest import file_finding
from tests.pmp.conftest import record
from tests.pmp.earned_value_fixtures import JAN, acknowledged, cost_loaded, progress, today_is
from tests.qasp.factories import make_approved_qasp

TODAY = date(2027, 2, 15)
SPONSOR = "customer.executive_sponsor"
TEAM = "customer.pmo_team"


def url(name: str = "program", code: str = "alpha") -> str:
    return reverse(f"reports_dashboard:{name}", kwargs={"code": code})


@pytest.fixture
def busy(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """alpha with a cost-loaded agreed baseline over budget in January, a risk, a critical
    finding and an approved QASP, on 2027-02-15."""
    today_is(monkeypatch, TODAY)
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "9000", "2": "2000"})
    progress(world, 2, 100)
    record(world, "risk", residual_probability=3, residual_impact=3)
    file_finding(world, severity=1, title="No rollback plan", raised_on=date(2027, 1, 2))
    make_approved_qasp(world.program)
    return world


def grow(world: World, n: int = 6) -> None:
    """More rows of every kind the dashboard reads."""
    for i in range(n):
        record(world, "risk", title=f"Risk {i}", residual_probability=1 + i % 5, residual_impact=2)
        record(world, "issue", title=f"Issue {i}")
        file_finding(world, severity=1 + i % 4, title=f"Finding {i}", raised_on=date(2026, 9, 1))


def fresh(world: World) -> Program:
    return Program.objects.get(pk=world.program.pk)


def test_each_tile_is_the_status_reports_assessment_of_the_same_figures(busy: World) -> None:
    program = fresh(busy)
    data = program_dashboard(program, today=TODAY, shows_costs=True)
    period = current_period(program, TODAY)
    sections = read_sections(Context(program, period.start, period.end, TODAY))
    thresholds = rating.thresholds()
    for module in SECTIONS:
        assessed = module.assess(sections[module.KEY], thresholds)
        if assessed is None:
            continue
        tile = next(t for t in data["tiles"] if t["key"] == module.KEY)
        assert tile["status"] == assessed["status"], module.KEY
        assert tile["indicators"] == assessed["indicators"], module.KEY
    ivv = next(t for t in data["tiles"] if t["key"] == "ivv")
    assert ivv["status"] == "red" and ivv["status_label"] == "Red"
    assert ivv["set_by"][0]["label"] == "Open critical findings"


def test_the_page_says_each_colour_in_words_with_the_indicator_that_set_it(
    busy: World,
) -> None:
    response = busy.client(SPONSOR).get(url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="tile-ivv"' in page
    assert 'IV&amp;V: <span class="rpt-status rpt-status--red">Red</span>' in page
    assert "Because:\n      Open critical findings 1 (a critical finding is open)" in page
    assert reverse("ivv:register", kwargs={"code": "alpha"}) in page
    assert "Play 3.1 board" in page and "Status history" in page
    assert 'data-chart-table="s-curve-table"' in page and 'id="s-curve-table"' in page


def test_dollars_and_indices_are_left_out_for_who_does_not_see_costs(busy: World) -> None:
    sponsor = busy.client(SPONSOR).get(url()).content.decode()
    team = busy.client(TEAM).get(url()).content.decode()
    assert "s-curve-table" in sponsor and "s-curve-table" not in team
    assert "costs are shown to its Program Managers" in team
    assert "$" not in team.split('id="tile-cost"')[1].split("</li>")[0]
    cost_tile = team.split('id="tile-cost"')[1].split("</li>")[0]
    assert "Cost" in cost_tile and reverse("pmp:earned-value", kwargs={"code": "alpha"}) not in (
        cost_tile
    )


def test_the_status_history_shows_each_reports_rating_and_comment(
    busy: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports.models import StatusReport

    snapshot = {
        "period": {"label": "January 2027"},
        "overall": {"status": "yellow", "label": "Yellow"},
        "areas": [{"key": "cost", "status": "yellow", "status_label": "Yellow"}],
    }
    StatusReport.objects.create(
        program=busy.program,
        period_start=JAN,
        period_end=date(2027, 1, 31),
        status="released",
        due_on=date(2027, 2, 5),
        schema_version=1,
        snapshot=snapshot,
        built_at="2027-02-01T10:00:00Z",
        proposed_rating=3,
        confirmed_rating=4,
        rating_comment="The steering committee weighs the recovery plan.",
    )
    cache.clear()
    page = busy.client(TEAM).get(url()).content.decode()
    assert 'title="The steering committee weighs the recovery plan."' in page
    assert "January 2027, rating 4 - Moderately Low Risk: The steering committee" in page
    assert "CIO rating of the last released report (January 2027)" in page


def test_an_outsider_gets_a_404(busy: World) -> None:
    assert busy.client("outsider").get(url()).status_code == 404
    assert busy.client("outsider").get(url("pdf")).status_code == 404


def test_an_audited_write_moves_the_revision_on_and_the_dashboard_with_it(
    busy: World,
) -> None:
    client = busy.client(SPONSOR)
    before = fresh(busy).revision
    first = client.get(url()).content.decode()
    assert "Open critical findings 1 " in first
    file_finding(busy, severity=1, title="No cut-over rehearsal", raised_on=date(2027, 2, 1))
    assert fresh(busy).revision > before
    assert "Open critical findings 2 " in client.get(url()).content.decode()


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url()).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("answers_built")
def test_the_query_count_does_not_grow_with_the_program(
    busy: World, django_assert_num_queries: Any
) -> None:
    """Read afresh (after a write) and from the cache, a small and a larger program ask
    the same number of queries; from the cache, those of a trivial page: the session, the
    person and the program."""
    client = busy.client(SPONSOR)
    cache.clear()
    small_fresh = _queries(client)
    with django_assert_num_queries(3):
        client.get(url())
    grow(busy)
    cache.clear()
    with django_assert_num_queries(small_fresh):
        client.get(url())
    with django_assert_num_queries(3):
        client.get(url())


def test_the_dashboard_downloads_as_a_pdf(busy: World) -> None:
    response = busy.client(SPONSOR).get(url("pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="alpha-dashboard-' in response["Content-Disposition"]


def test_a_program_without_sources_says_so_on_every_tile(world: World) -> None:
    page = world.client(SPONSOR).get(url()).content.decode()
    assert "The program has no schedule in the portal yet." in page
    assert "No IV&amp;V findings are recorded for the program." in page
    assert "The program has no status reports yet." in page


def test_a_removed_member_no_longer_reads_what_was_kept_for_them(world: World) -> None:
    from programs.models import Membership
    from programs.services.memberships import membership_delete
    from tests.factories import superuser

    client = world.client(TEAM)
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200  # served from what was kept
    membership = Membership.objects.get(program=world.program, user=world.user(TEAM))
    membership_delete(acting_user=superuser(), membership=membership)
    assert client.get(url()).status_code == 404
    assert client.get(reverse("api-reports-dashboard", kwargs={"code": "alpha"})).status_code == 404


def test_a_source_that_fails_is_said_in_words_and_not_kept(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the RAID log's table is locked")

    client = world.client(SPONSOR)
    with monkeypatch.context() as patched:
        patched.setattr("reports.sections.risk.log_rows", broken)
        patched.setattr("reports.dashboards.program.log_rows", broken)
        response = client.get(url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reading the risk failed on an unexpected error (RuntimeError)" in page
    assert "Reading the risk heat map failed on an unexpected error" in page
    assert "Reading the risk failed" not in client.get(url()).content.decode()
