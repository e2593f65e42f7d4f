"""No page of a program and no API list asks the database more often when its registers hold
more rows: every link of the program's side navigation and every API list of the program
without an id (the paths the page benchmark drives), read as the customer program manager on
the seeded demo's DRC Core HR, ask as many queries before and after every register gains
rows."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from decimal import Decimal
from itertools import count

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ivv import services as ivv_services
from lessons import services as lesson_services
from pmp.models import ControlAccount, GovernanceBody
from pmp.services import communications as communication_services
from pmp.services import expenditure as expenditure_services
from pmp.services import funding as funding_services
from pmp.services import governance as governance_services
from pmp.services import raid as raid_services
from programs import demo
from programs.models import Membership, Program
from programs.services import glossary as glossary_services
from programs.services import onboarding as onboarding_services
from qasp.models import SurveillanceRecord
from qasp.services import cars as car_services
from qasp.services.car_proposals import proposed_car
from qasp.services.surveillance import record_create
from raci.models import RaciColumn, RaciGroup, RaciMatrix, SessionKind
from raci.services import cells as cell_services
from raci.services import matrix as matrix_services
from raci.services import mou as mou_services
from schedule.models import Schedule
from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services
from schedule.services.change_requests import change_request_decide, change_request_propose

from .factories import make_member

# By name, as the benchmarks are scripts (benchmarks/ is no package the type checker walks).
bench = importlib.import_module("benchmarks.pages")

pytestmark = pytest.mark.usefixtures("seeded_once", "answers_built")

CODE = demo.HR
READER = "cust.pm"

# Paths known to ask more queries as rows are added, left out of the sweep: none.
KNOWN_GROWTH: list[str] = []

# Unique names for the rows each round adds.
serial = count(1)


def user(username: str) -> User:
    return User.objects.get(username=username)


def member(program: Program, username: str) -> Membership:
    return Membership.objects.get(program=program, user__username=username)


def add_raid_items(program: Program, n: int) -> None:
    editor = user("cust.pm")
    owner = member(program, "cust.team")
    today = timezone.localdate()
    for _ in range(n):
        k = next(serial)
        raid_services.item_create(
            acting_user=editor,
            program=program,
            kind="risk",
            title=f"Sweep risk {k}",
            description="The interface file arrives late.",
            owner_party="customer",
            owner=owner,
            category="technical",
            cause="A late vendor.",
            effect="A late go-live.",
            inherent_probability=3,
            inherent_impact=4,
        )
        raid_services.item_create(
            acting_user=editor,
            program=program,
            kind="action",
            title=f"Sweep action {k}",
            owner_party="customer",
            owner=owner,
            raised_on=today,
            due_on=today + dt.timedelta(days=14),
            source="meeting",
        )
        raid_services.item_create(
            acting_user=editor,
            program=program,
            kind="issue",
            title=f"Sweep issue {k}",
            owner_party="customer",
            owner=owner,
            priority="high",
            impact="Delays the next rehearsal.",
        )
        raid_services.item_create(
            acting_user=editor,
            program=program,
            kind="decision",
            title=f"Sweep decision {k}",
            owner_party="customer",
            decision="Run a third mock conversion.",
            decided_by="Joint PMO",
            rationale="Lowest risk to the first pay periods.",
        )


def add_findings(program: Program, n: int) -> None:
    agent = user("ivv.agent")
    for _ in range(n):
        k = next(serial)
        ivv_services.finding_create(
            acting_user=agent,
            program=program,
            title=f"Sweep finding {k}",
            raised_on=timezone.localdate() - dt.timedelta(days=3),
            source="artifact",
            category="schedule",
            severity=2,
            integrity_level=4,
            description="No payroll parallel run is planned.",
            answering_party="provider",
        )


def add_lessons(program: Program, n: int) -> None:
    author = user("cust.pm")
    for _ in range(n):
        k = next(serial)
        lesson = lesson_services.lesson_create(
            acting_user=author,
            program=program,
            title=f"Sweep lesson {k}",
            what_happened="The mock conversion failed on dates.",
            impact_kind="negative",
            recommendation="Profile the data first.",
            category="technology",
            phase=3,
            workstream="technology",
            owner_party="shared",
        )
        lesson_services.lesson_comment_add(
            acting_user=user("prov.team"), lesson=lesson, text="Seen in our program too."
        )


def add_governance(program: Program, n: int) -> None:
    editor = user("cust.pm")
    people = [member(program, "cust.pm"), member(program, "prov.pm")]
    for _ in range(n):
        k = next(serial)
        body = governance_services.body_create(
            acting_user=editor,
            program=program,
            name=f"Sweep board {k}",
            chair=people[0],
            members=people,
        )
        governance_services.meeting_create(
            acting_user=editor,
            program=program,
            body=body,
            starts_at=timezone.now() - dt.timedelta(days=k),
            attendees=people,
        )
    assert GovernanceBody.objects.filter(program=program).exists()


def add_communications(program: Program, n: int) -> None:
    for _ in range(n):
        k = next(serial)
        communication_services.item_create(
            acting_user=user("cust.pm"),
            program=program,
            title=f"Sweep briefing {k}",
            audience="Both PMOs",
            channel="report",
            frequency="monthly",
            owner=member(program, "cust.team"),
            starts_on=timezone.localdate(),
        )


def add_glossary_and_onboarding(program: Program, n: int) -> None:
    for _ in range(n):
        k = next(serial)
        term = glossary_services.glossary_term_create(
            acting_user=user("cust.team"),
            program=program,
            term=f"Sweep term {k}",
            definition="A word both parties agreed.",
        )
        for username in ("cust.pm", "prov.pm"):
            glossary_services.glossary_term_accept(acting_user=user(username), term=term)
        onboarding_services.onboarding_item_create(
            acting_user=user("prov.pm"),
            program=program,
            title=f"Sweep onboarding step {k}",
            owner=member(program, "prov.team"),
            due_date=timezone.localdate() + dt.timedelta(days=k),
        )


def add_members(program: Program, n: int) -> None:
    """``n`` customer SMEs, each with an MOU and a Fit-Gap session, and ``n`` provider
    team members."""
    for _ in range(n):
        k = next(serial)
        sme = make_member(program, f"sweep.customer.{k}", "customer", "sme")
        make_member(program, f"sweep.provider.{k}", "provider", "pmo_team")
        mou_services.mou_create(acting_user=user("cust.pmolead"), program=program, sme=sme)
        mou_services.session_create(
            acting_user=user("prov.pmolead"),
            program=program,
            date=timezone.localdate() - dt.timedelta(days=k),
            kind=SessionKind.FIT_GAP,
            topic=f"Sweep topic {k}",
            invited=[sme, member(program, "cust.sme")],
            attended=[sme],
        )


def add_funding_documents(program: Program, n: int) -> None:
    for _ in range(n):
        k = next(serial)
        document = funding_services.document_create(
            acting_user=user("cust.pm"),
            program=program,
            number=f"SWEEP-{k}",
            title=f"Sweep obligation {k}",
            fiscal_year=2027,
            obligated="1000.00",
            performance_start=dt.date(2026, 10, 1),
            performance_end=dt.date(2027, 9, 30),
        )
        funding_services.modification_create(
            acting_user=user("cust.pm"),
            document=document,
            number="P00001",
            effective_on=dt.date(2026, 11, 2),
            amount="500.00",
            description="More data conversion work.",
        )


def add_change_requests(program: Program, n: int) -> None:
    """Change requests agreed by both program managers: one adding ``n`` tasks, one making
    each new task follow the first task; then one more waiting for a decision."""
    schedule = Schedule.objects.get(program=program)
    summary = schedule.tasks.filter(is_summary=True).order_by("position").first()
    first = schedule.tasks.filter(is_summary=False).order_by("position").first()
    assert summary is not None and first is not None
    names = [f"Sweep task {next(serial)}" for _ in range(n)]
    adds = [
        {"op": "add_task", "name": name, "duration_days": 5.0, "parent_uid": summary.uid}
        for name in names
    ]

    def propose(changes: list[dict[str, object]], *, agreed: bool) -> None:
        request = change_request_propose(
            acting_user=user("prov.pm"),
            schedule=schedule,
            title=f"Sweep change {next(serial)}",
            description="More work.",
            justification="Found in testing.",
            changes=changes,
        )
        for username in ("cust.pm", "prov.pm") if agreed else ():
            change_request_decide(
                acting_user=user(username), change_request=request, decision="approve"
            )

    propose(adds, agreed=True)
    links = [
        {"op": "add_link", "predecessor": first.uid, "successor": task.uid, "type": "FS"}
        for task in schedule.tasks.filter(name__in=names)
    ]
    propose(links, agreed=True)
    propose(adds[:1], agreed=False)


def add_cars(program: Program, n: int) -> None:
    """``n`` mock conversions surveilled after the demo's (PS-4, a per-event standard), each
    failing its AQL, and a corrective action request issued on each."""
    cor = user("cust.pm")
    for _ in range(n):
        done = SurveillanceRecord.objects.filter(program=program, standard_code="PS-4").count()
        day = dt.date(2026, 8, 20) + dt.timedelta(days=done)
        record = record_create(
            acting_user=cor,
            program=program,
            standard_code="PS-4",
            period=day,
            evaluator=member(program, "cust.pm"),
            recorded_on=day + dt.timedelta(days=2),
            population=14000,
            sample_size=400,
            defects=40,
        )
        proposal = proposed_car(record)
        assert proposal is not None
        car_services.car_issue(
            acting_user=cor,
            program=program,
            standard_code=proposal.standard_code,
            record_ids=[r.pk for r in proposal.records],
            escalation_level=proposal.escalation_level,
            description=proposal.description,
        )


def add_raci_rows(program: Program, n: int) -> None:
    editor = user("cust.pm")
    matrix = RaciMatrix.objects.get(program=program)
    group = RaciGroup.objects.filter(matrix=matrix).order_by("position").first()
    column = RaciColumn.objects.filter(matrix=matrix).order_by("position").first()
    assert group is not None and column is not None
    for _ in range(n):
        row = matrix_services.row_create(
            acting_user=editor, matrix=matrix, group=group, title=f"Sweep activity {next(serial)}"
        )
        cell_services.cell_set(
            acting_user=editor, matrix=matrix, row=row, column=column, code="R", revision=0
        )


def add_resources(program: Program, n: int) -> None:
    """``n`` resources of the schedule, each assigned to a task."""
    schedule = Schedule.objects.get(program=program)
    tasks = list(
        schedule.tasks.filter(is_summary=False, is_milestone=False, owner_party="provider")
    )
    for _ in range(n):
        k = next(serial)
        resource = resource_services.resource_create(
            acting_user=user("prov.pm"), schedule=schedule, name=f"Sweep analyst {k}"
        )
        assignment_services.assignment_create(
            acting_user=user("prov.pm"), task=tasks[k % len(tasks)], resource=resource
        )


def add_expenditure_reports(program: Program, n: int) -> None:
    """The provider's report of this month, then corrections of it after the customer
    disputes a line: ``n`` more reports of the month in all."""
    month = timezone.localdate().replace(day=1)
    accounts = list(ControlAccount.objects.filter(program=program, active=True))
    for _ in range(n):
        lines = [(account, Decimal(f"{1000 + next(serial)}.00"), "") for account in accounts]
        current = expenditure_services.current_report(program, month)
        if current is None:
            expenditure_services.report_submit(
                acting_user=user("prov.pm"), program=program, period=month, lines=lines
            )
            continue
        line = current.lines.first()
        assert line is not None
        expenditure_services.line_dispute(
            acting_user=user("cust.pm"), line=line, reason="Charged twice."
        )
        expenditure_services.report_correct(
            acting_user=user("prov.pm"), report=current, lines=lines
        )


def add_rows(program: Program, n: int) -> None:
    add_raid_items(program, n)
    add_findings(program, n)
    add_lessons(program, n)
    add_governance(program, n)
    add_communications(program, n)
    add_glossary_and_onboarding(program, n)
    add_members(program, n)
    add_change_requests(program, n)
    add_cars(program, n)
    add_raci_rows(program, n)
    add_resources(program, n)
    add_expenditure_reports(program, n)
    add_funding_documents(program, n)


def sweep_paths(client: Client) -> list[str]:
    """The program's side navigation and its API lists without an id, as the benchmark
    reads them."""
    page = client.get(f"/programs/{CODE}/")
    schema = client.get("/api/schema/?format=json")
    assert page.status_code == 200 and schema.status_code == 200
    paths = [
        *bench.navigation_links(page.content.decode(), CODE),
        *bench.api_lists(json.loads(schema.content), CODE),
    ]
    return [path for path in dict.fromkeys(paths) if path not in KNOWN_GROWTH]


def query_counts(client: Client, paths: list[str]) -> dict[str, int]:
    """The queries of a GET of each path, each computed afresh: the dashboard keeps what it
    computed in the cache until a register changes, and it is the computing that is counted."""
    counts = {}
    for path in paths:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_no_program_page_or_api_list_asks_more_queries_with_more_rows(db: None) -> None:
    program = Program.objects.get(code=CODE)
    add_rows(program, 1)  # every register holds at least one row of each kind
    client = Client()
    client.force_login(user(READER))
    paths = sweep_paths(client)
    assert len(paths) > 60
    query_counts(client, paths)  # caches filled once per process are not the point here
    before = query_counts(client, paths)

    add_rows(program, 3)

    after = query_counts(client, paths)
    grown = {path: (before[path], after[path]) for path in paths if after[path] != before[path]}
    assert not grown, "query counts changed with rows (before, after): " + ", ".join(
        f"{path} {b} -> {a}" for path, (b, a) in grown.items()
    )
