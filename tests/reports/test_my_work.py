"""My work: what waits on a person across their programs, each item for the right people
only, with links to act, and the navigation's counts at a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmp.choices import RaidKind, RaidStatus
from pmp.models import ExpenditureReport, RaidItem
from pmp.models.expenditure import ReportStatus
from programs.choices import Party, Role
from programs.models import Membership
from qasp.choices import CarStatus
from reports.models import StatusReport
from reports.my_work.selectors import my_work_counts, my_work_for
from tests.conftest import World
from tests.factories import make_charter, make_member, make_program
from tests.ivv.conftest import file_finding
from tests.qasp.evaluation_factories import make_car
from tests.schedule.factories import make_schedule

TODAY = date(2026, 6, 15)


def kinds_for(world: World, username: str) -> dict[str, list[str]]:
    work = my_work_for(user=world.user(username), today=TODAY)
    return {g.kind: [i.title for i in g.items] for g in work.groups if g.items}


def member(world: World, username: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(username))


def status_report(program: Any, **values: Any) -> StatusReport:
    fields: dict[str, Any] = {
        "period_start": date(2026, 5, 1),
        "period_end": date(2026, 5, 31),
        "due_on": date(2026, 6, 5),
        "schema_version": 1,
        "snapshot": {"period": {"label": "May 2026"}},
        "built_at": timezone.now(),
    }
    fields.update(values)
    return StatusReport.objects.create(program=program, **fields)


def test_signatures_and_reviews(world: World) -> None:
    make_charter(world.program, state="in_review", editor=world.user("customer.program_manager"))
    sponsor = kinds_for(world, "customer.executive_sponsor")
    assert sponsor["sign"] == ["Program Charter v1"]
    assert "review" not in sponsor  # listed once, to sign
    assert kinds_for(world, "provider.pmo_team")["review"] == ["Program Charter v1"]
    assert "review" not in kinds_for(world, "provider.viewer")
    assert "sign" not in kinds_for(world, "provider.pmo_team")
    assert kinds_for(world, "outsider") == {}


def test_a_party_that_signed_no_longer_waits(world: World) -> None:
    from programs.services import documents as document_services

    version = make_charter(
        world.program, state="in_review", editor=world.user("customer.program_manager")
    )
    sponsor = world.user("customer.executive_sponsor")
    document_services.version_sign(acting_user=sponsor, version=version)
    assert "sign" not in kinds_for(world, "customer.executive_sponsor")
    # The Business Owner signs for the same party: the customer's signature is in.
    assert "sign" not in kinds_for(world, "customer.business_owner")
    assert kinds_for(world, "provider.executive_sponsor")["sign"] == ["Program Charter v1"]


def test_findings_go_to_the_answering_partys_editors(world: World) -> None:
    finding = file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    assert kinds_for(world, "provider.pmo_lead")["answer_finding"] == [str(finding)]
    assert "answer_finding" not in kinds_for(world, "customer.program_manager")
    assert "answer_finding" not in kinds_for(world, "provider.viewer")
    assert kinds_for(world, "outsider") == {}


def test_change_requests_to_decide(world: World) -> None:
    from schedule.services.change_requests import change_request_propose

    schedule = make_schedule(world.program, world.user("provider.program_manager"))
    change_request = change_request_propose(
        acting_user=world.user("customer.pmo_team"),
        schedule=schedule,
        title="Longer payroll configuration",
        description="Configuration takes 20 days instead of 15.",
        justification="Two more pay plans were found in Fit-Gap.",
        changes=[{"op": "update_task", "uid": 3, "duration_days": 20}],
    )
    for pm in ("customer.program_manager", "provider.program_manager"):
        assert kinds_for(world, pm)["decide_change"] == [str(change_request)]
    assert "decide_change" not in kinds_for(world, "provider.pmo_lead")
    assert kinds_for(world, "outsider") == {}


def test_cars_answered_by_the_provider_evaluated_by_the_customer(world: World) -> None:
    make_car(world.program, 1, status=CarStatus.ISSUED, closed_on=None, answered_on=None)
    make_car(world.program, 2, status=CarStatus.ANSWERED, closed_on=None)
    provider = kinds_for(world, "provider.pmo_team")["answer_car"]
    customer = kinds_for(world, "customer.pmo_team")["answer_car"]
    assert provider == ["CAR-001 PS-1"]
    assert customer == ["CAR-002 PS-1"]
    assert "answer_car" not in kinds_for(world, "customer.viewer")


def test_risks_and_actions_due_for_their_owner(world: World) -> None:
    owner = member(world, "provider.pmo_lead")
    common = {"program": world.program, "owner_party": Party.PROVIDER, "owner": owner}
    RaidItem.objects.create(
        number=1,
        kind=RaidKind.RISK,
        status=RaidStatus.OPEN,
        title="Key staff leave",
        raised_on=date(2026, 3, 1),
        next_review_on=date(2026, 6, 18),
        **common,
    )
    RaidItem.objects.create(
        number=2,
        kind=RaidKind.RISK,
        status=RaidStatus.OPEN,
        title="Reviewed later",
        raised_on=date(2026, 3, 1),
        next_review_on=date(2026, 8, 1),
        **common,
    )
    RaidItem.objects.create(
        number=1,
        kind=RaidKind.ACTION,
        status=RaidStatus.OPEN,
        title="Send the roster",
        raised_on=date(2026, 3, 1),
        due_on=date(2026, 6, 10),
        **common,
    )
    work = my_work_for(user=world.user("provider.pmo_lead"), today=TODAY)
    raid = next(g for g in work.groups if g.kind == "raid")
    assert [(i.title, i.due) for i in raid.items] == [
        ("A-1 Send the roster", date(2026, 6, 10)),
        ("R-1 Key staff leave", date(2026, 6, 18)),
    ]
    assert work.overdue == 1
    assert "raid" not in kinds_for(world, "provider.program_manager")


def test_expenditure_reports_to_acknowledge_and_to_submit(world: World) -> None:
    ExpenditureReport.objects.create(
        program=world.program,
        period=date(2026, 4, 1),
        status=ReportStatus.SUBMITTED,
        due_on=date(2026, 5, 8),
        submitted_at=timezone.make_aware(datetime(2026, 5, 6, 9)),
    )
    assert kinds_for(world, "customer.program_manager")["expenditure"] == [
        "Expenditure report April 2026"
    ]
    # The provider reports monthly: May's report is missing.
    provider = my_work_for(user=world.user("provider.pmo_lead"), today=TODAY)
    expenditure = next(g for g in provider.groups if g.kind == "expenditure")
    assert [i.title for i in expenditure.items] == ["Expenditure report May 2026"]
    from pmp.services.expenditure import due_date

    assert expenditure.items[0].due == due_date(world.program, date(2026, 5, 1))
    assert "expenditure" not in kinds_for(world, "customer.pmo_team")


def test_status_reports_to_approve(world: World) -> None:
    report = status_report(world.program, customer_approved_at=timezone.now())
    assert kinds_for(world, "provider.pmo_lead")["approve_report"] == ["Status report May 2026"]
    assert "approve_report" not in kinds_for(world, "customer.program_manager")
    assert "approve_report" not in kinds_for(world, "provider.pmo_team")
    report.delete()


def test_the_page_lists_items_with_links_for_the_signed_in_person(world: World) -> None:
    finding = file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    response = world.client("provider.program_manager").get(reverse("my_work:page"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "IV&amp;V findings to answer" in page
    assert f'href="{finding.get_absolute_url()}"' in page
    other = world.client("outsider").get(reverse("my_work:page")).content.decode()
    assert finding.title not in other
    assert "Nothing waits on you now." in other


def test_the_page_needs_a_signed_in_user(client: Any, world: World) -> None:
    response = client.get(reverse("my_work:page"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_navigation_fetches_the_count_after_the_page(world: World) -> None:
    file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    client = world.client("provider.program_manager")
    page = client.get(reverse("programs:program-list")).content.decode()
    assert f'hx-get="{reverse("my_work:nav")}" hx-trigger="load"' in page
    assert '<span class="usa-sr-only"> items</span>' not in page  # the page asks nothing
    nav = client.get(reverse("my_work:nav"))
    assert nav.status_code == 200
    assert b'My work <span class="usa-tag">1<span class="usa-sr-only"> items</span>' in nav.content
    assert b'id="nav-my-work"' in nav.content and b'id="nav-notifications"' in nav.content


def test_the_navigation_counts_need_a_signed_in_user(client: Any) -> None:
    response = client.get(reverse("my_work:nav"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _count_queries(user: Any) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        my_work_counts(user=user)
    return len(queries)


def test_navigation_counts_take_the_same_queries_however_many_programs(world: World) -> None:
    pm = world.user("provider.program_manager")
    file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    one = _count_queries(pm)
    for code in ("gamma", "delta", "epsilon"):
        program = make_program(code)
        Membership.objects.create(
            program=program, user=pm, party=Party.PROVIDER, role=Role.PROGRAM_MANAGER
        )
        make_member(program, f"{code}.ivv", Party.INDEPENDENT, Role.IVV_AGENT)
    assert _count_queries(pm) == one
    # Kept for a while: a second page asks nothing.
    with CaptureQueriesContext(connection) as queries:
        my_work_counts(user=pm)
    assert len(queries) == 0


@pytest.mark.parametrize("username", ["outsider", "customer.viewer"])
def test_people_with_nothing_to_do_see_nothing(world: World, username: str) -> None:
    make_charter(world.program, state="in_review", editor=world.user("customer.program_manager"))
    file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    assert kinds_for(world, username) == {}


def test_the_api_gives_the_pages_items(world: World) -> None:
    finding = file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    data = world.client("provider.program_manager").get("/api/my-work/").json()
    assert data["total"] == 1
    group = next(g for g in data["groups"] if g["items"])
    assert group["kind"] == "answer_finding"
    assert group["items"][0]["url"] == finding.get_absolute_url()
    assert group["items"][0]["program"] == "alpha"
    assert world.client("outsider").get("/api/my-work/").json()["total"] == 0
    from django.test import Client

    assert Client().get("/api/my-work/").status_code == 401


def test_a_persons_own_write_recounts_their_navigation(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from ivv import services as ivv_services
    from tests.ivv.conftest import owner_of

    finding = file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
    pm = world.user("provider.program_manager")
    assert my_work_counts(user=pm)["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        ivv_services.finding_answer(
            acting_user=pm,
            finding=finding,
            response="concur",
            rationale="",
            corrective_action="Add a reconciliation report.",
            action_owner=owner_of(world),
            action_target=date(2026, 7, 15),
        )
    assert my_work_counts(user=pm)["total"] == 0


def test_surveillance_due_as_the_surveillance_schedule_says(world: World) -> None:
    from qasp.selectors import due_and_overdue
    from tests.qasp.factories import make_approved_qasp

    make_approved_qasp(world.program)
    work = my_work_for(user=world.user("customer.pmo_team"), today=TODAY)
    due = next(g for g in work.groups if g.kind == "surveillance_due")
    expected = [
        (f"{c.standard.code} {c.label}", c.due_by)
        for c in due_and_overdue(world.program, today=TODAY)
    ]
    assert sorted((i.title, i.due) for i in due.items) == sorted(expected)
    assert len(expected) == 6  # five months of PS-1 and the first quarter of PS-2
    assert "surveillance_due" not in kinds_for(world, "provider.program_manager")
    assert "surveillance_due" not in kinds_for(world, "customer.viewer")


def test_surveillance_takes_the_same_queries_however_many_programs(world: World) -> None:
    from tests.qasp.factories import make_approved_qasp

    pm = world.user("customer.program_manager")
    make_approved_qasp(world.program)
    one = _count_queries(pm)
    for code in ("gamma", "delta"):
        program = make_program(code)
        Membership.objects.create(
            program=program, user=pm, party=Party.CUSTOMER, role=Role.PROGRAM_MANAGER
        )
        make_approved_qasp(program)
    assert _count_queries(pm) == one
    assert my_work_counts(user=pm)["total"] == 18  # six periods due in each program
