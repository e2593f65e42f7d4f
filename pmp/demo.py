"""The demo of the RAID log, on DRC Core HR (drc-hr): about forty risks, actions, issues and
decisions of an HR system migration, risks spread across the heat map, three whose review is
overdue, one that occurred and became an issue, the high-scoring risks and the high and
critical open issues marked for the status report, and twelve weeks of score history so the
exposure trend shows something. Recorded through the services, then dated back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from programs import limits
from programs.models import Membership, Program

from .models import RaidHistory, RaidItem, RiskScore
from .services import raid as services
from .services import raid_workflow as workflow

HR = "drc-hr"

# title, owner party, owner, category, (p, i) inherent, (p, i) residual or None, strategy,
# days ago raised, review overdue
RISKS: list[tuple[Any, ...]] = [
    (
        "Payroll history fails to reconcile after conversion",
        "shared",
        "prov.pm",
        "data",
        (4, 5),
        (2, 4),
        "mitigate",
        80,
        False,
    ),
    (
        "Legacy earning codes have no FPSSC equivalent",
        "customer",
        "cust.pm",
        "data",
        (4, 4),
        (2, 3),
        "mitigate",
        75,
        True,
    ),
    (
        "Benefits open season collides with cutover",
        "shared",
        "cust.pmolead",
        "schedule",
        (3, 5),
        (2, 5),
        "avoid",
        70,
        False,
    ),
    (
        "Union notification period delays go-live",
        "customer",
        "cust.pm",
        "compliance",
        (3, 4),
        (1, 4),
        "mitigate",
        68,
        False,
    ),
    (
        "FPSSC test environment capacity too small for mock conversions",
        "provider",
        "prov.pmolead",
        "technical",
        (4, 3),
        (2, 2),
        "mitigate",
        60,
        True,
    ),
    (
        "Key payroll SME retires before Fit-Gap ends",
        "customer",
        "cust.pmolead",
        "people",
        (2, 4),
        (1, 3),
        "mitigate",
        55,
        False,
    ),
    (
        "Time and attendance interface spec changes late",
        "provider",
        "prov.team",
        "technical",
        (3, 3),
        (2, 3),
        "accept",
        50,
        True,
    ),
    (
        "PII exposed in conversion test files",
        "shared",
        "prov.pm",
        "security",
        (2, 5),
        (1, 5),
        "mitigate",
        45,
        False,
    ),
    (
        "Training not complete for HR specialists before go-live",
        "customer",
        "cust.team",
        "people",
        (3, 3),
        None,
        "mitigate",
        40,
        True,
    ),
    (
        "Provider staff turnover on the migration team",
        "provider",
        "prov.pmolead",
        "vendor",
        (2, 3),
        (2, 2),
        "transfer",
        35,
        False,
    ),
    (
        "Funding for Phase 4 not apportioned in time",
        "customer",
        "cust.pm",
        "cost",
        (2, 5),
        (2, 4),
        "escalate",
        30,
        False,
    ),
    (
        "Org hierarchy data quality below 95%",
        "shared",
        "cust.team",
        "data",
        (5, 3),
        (3, 2),
        "mitigate",
        25,
        False,
    ),
    (
        "Reports users rely on are not in FPSSC's catalogue",
        "shared",
        "prov.team",
        "scope",
        (3, 2),
        (2, 2),
        "accept",
        20,
        False,
    ),
    (
        "Single sign-on integration with DRC directory slips",
        "provider",
        "prov.pm",
        "technical",
        (2, 2),
        None,
        "mitigate",
        15,
        False,
    ),
    (
        "Help desk volumes overwhelm the first pay period",
        "shared",
        "prov.team",
        "people",
        (1, 4),
        None,
        "accept",
        10,
        False,
    ),
    (
        "Retro pay calculations differ between systems",
        "shared",
        "cust.pm",
        "data",
        (4, 2),
        (3, 1),
        "mitigate",
        65,
        False,
    ),
]
ACTIONS: list[tuple[Any, ...]] = [
    ("Map legacy earning codes to FPSSC codes", "customer", "cust.team", 60, 14, 30),
    ("Run mock conversion 2 with reconciliation totals", "provider", "prov.team", 40, 21, None),
    ("Send union notification letter", "customer", "cust.pm", 45, 10, 35),
    ("Book a second test environment", "provider", "prov.pmolead", 35, 14, None),
    ("Record payroll SME knowledge sessions", "customer", "cust.pmolead", 30, 20, None),
    ("Draft the cutover calendar around open season", "shared", "prov.pm", 28, 12, None),
    ("Confirm Phase 4 apportionment with the CFO", "customer", "cust.pm", 20, 30, None),
    ("Publish the data quality dashboard weekly", "shared", "cust.team", 18, 7, 9),
    ("Mask PII in all conversion extracts", "provider", "prov.team", 15, 5, None),
    ("Agree the report catalogue gap list", "shared", "prov.pm", 12, 25, None),
    ("Schedule HR specialist training waves", "customer", "cust.team", 10, 40, None),
    ("Answer IV&V finding on reconciliation", "provider", "prov.pmolead", 9, 3, None),
]
ISSUES: list[tuple[Any, ...]] = [
    (
        "Mock conversion 1 failed on 3% of employee records",
        "provider",
        "prov.pm",
        "high",
        34,
        10,
        "joint_pmo",
    ),
    (
        "DRC directory extract missing supervisors",
        "customer",
        "cust.team",
        "medium",
        21,
        14,
        "project",
    ),
    (
        "Fit-Gap session attendance below commitment",
        "customer",
        "cust.pmolead",
        "medium",
        14,
        7,
        "",
    ),
    ("FPSSC release 24.3 moved two weeks", "provider", "prov.pm", "critical", 8, 5, "steering"),
]
DECISIONS: list[tuple[Any, ...]] = [
    ("Convert three years of payroll history", "shared", "Executive Steering Committee", 70, True),
    (
        "Go live at the start of pay period 1 of 2027",
        "shared",
        "Executive Steering Committee",
        60,
        True,
    ),
    ("Use FPSSC's standard org hierarchy model", "shared", "Joint PMO", 50, True),
    (
        "Keep time and attendance on the legacy system until Phase 5",
        "customer",
        "DRC CHCO",
        40,
        True,
    ),
    ("Run a parallel payroll for two pay periods", "shared", "Change Control Board", 20, False),
    ("Add a third mock conversion", "provider", "FPSSC migration lead", 12, False),
    ("Adopt weekly RAID reviews in the joint PMO meeting", "shared", "Joint PMO", 55, True),
]


def _member(program: Program, users: dict[str, User], username: str) -> Membership | None:
    user = users.get(username)
    return Membership.objects.filter(program=program, user=user).first() if user else None


def _editor(program: Program, users: dict[str, User], party: str) -> User:
    return users["prov.pm" if party == "provider" else "cust.pm"]


def _back_date(item: RaidItem, when: dt.datetime) -> None:
    RaidItem.objects.filter(pk=item.pk).update(created_at=when)


def _seed_risks(program: Program, users: dict[str, User], today: dt.date) -> list[RaidItem]:
    risks = []
    for title, party, owner, category, inherent, residual, strategy, ago, overdue in RISKS:
        raised = today - dt.timedelta(days=ago)
        risk = services.item_create(
            acting_user=_editor(program, users, party),
            program=program,
            kind="risk",
            title=title,
            description=f"{title}.",
            owner_party=party,
            owner=_member(program, users, owner),
            category=category,
            cause="See the Fit-Gap and conversion findings.",
            effect="Go-live or the first pay period would be affected.",
            inherent_probability=inherent[0],
            inherent_impact=inherent[1],
            residual_probability=residual[0] if residual else None,
            residual_impact=residual[1] if residual else None,
            response_strategy=strategy,
            trigger="Reported at the weekly joint PMO meeting.",
            raised_on=raised,
            on_status_report=inherent[0] * inherent[1] >= 15,
            next_review_on=today - dt.timedelta(days=3)
            if overdue
            else today + dt.timedelta(days=7),
        )
        at = timezone.make_aware(dt.datetime.combine(raised, dt.time(10)))
        _back_date(risk, at)
        scores = RiskScore.objects.filter(item=risk)
        # The residual rating came later, after the response was planned.
        first = scores.first()
        if first and residual and ago > 21:
            RiskScore.objects.filter(pk=first.pk).update(
                at=at, residual_probability=None, residual_impact=None, residual_score=None
            )
            later = at + dt.timedelta(days=ago // 2)
            RiskScore.objects.create(
                item=risk,
                at=later,
                inherent_probability=inherent[0],
                inherent_impact=inherent[1],
                inherent_score=inherent[0] * inherent[1],
                residual_probability=residual[0],
                residual_impact=residual[1],
                residual_score=residual[0] * residual[1],
            )
        else:
            scores.update(at=at)
        risks.append(risk)
    return risks


def _seed_actions(program: Program, users: dict[str, User], today: dt.date) -> None:
    for title, party, owner, ago, due_in, done_after in ACTIONS:
        raised = today - dt.timedelta(days=ago)
        action = services.item_create(
            acting_user=_editor(program, users, party),
            program=program,
            kind="action",
            title=title,
            owner_party=party,
            owner=_member(program, users, owner),
            raised_on=raised,
            due_on=raised + dt.timedelta(days=due_in),
            source="risk" if ago > 25 else "meeting",
        )
        _back_date(action, timezone.make_aware(dt.datetime.combine(raised, dt.time(11))))
        if done_after is not None:
            workflow.action_complete(
                acting_user=_editor(program, users, party),
                item=action,
                done_on=raised + dt.timedelta(days=done_after),
            )


def _seed_issues_and_decisions(program: Program, users: dict[str, User], today: dt.date) -> None:
    for title, party, owner, priority, ago, due_in, level in ISSUES:
        raised = today - dt.timedelta(days=ago)
        issue = services.item_create(
            acting_user=_editor(program, users, party),
            program=program,
            kind="issue",
            title=title,
            owner_party=party,
            owner=_member(program, users, owner),
            priority=priority,
            impact="Delays the next rehearsal.",
            raised_on=raised,
            due_on=raised + dt.timedelta(days=due_in),
            escalation_level=level,
            on_status_report=priority in ("high", "critical"),
        )
        _back_date(issue, timezone.make_aware(dt.datetime.combine(raised, dt.time(12))))
    for title, party, body, ago, decided in DECISIONS:
        raised = today - dt.timedelta(days=ago)
        decision = services.item_create(
            acting_user=_editor(program, users, party),
            program=program,
            kind="decision",
            title=title,
            owner_party=party,
            decision=f"{title}.",
            decided_by=body,
            rationale="Lowest risk to the first pay periods.",
            alternatives="Defer; reduce scope.",
            raised_on=raised,
        )
        _back_date(decision, timezone.make_aware(dt.datetime.combine(raised, dt.time(13))))
        if decided:
            workflow.decision_decide(
                acting_user=_editor(program, users, party),
                item=decision,
                decided_on=raised + dt.timedelta(days=7),
            )


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for the programs it has just created."""
    program = programs.get(HR)
    if program is None or RaidItem.objects.filter(program=program).exists():
        return
    today = limits.today()
    risks = _seed_risks(program, users, today)
    _seed_actions(program, users, today)
    _seed_issues_and_decisions(program, users, today)
    # The test environment risk occurred: it is now an issue.
    occurred = risks[4]
    issue = workflow.risk_occur(
        acting_user=users["prov.pm"],
        item=occurred,
        note="Mock conversion 2 could not start: the environment ran out of storage.",
        due_on=today + dt.timedelta(days=5),
    )
    when = timezone.now() - dt.timedelta(days=6)
    RaidItem.objects.filter(pk=occurred.pk).update(closed_on=when.date())
    RaidHistory.objects.filter(item=occurred).update(at=when)
    RaidItem.objects.filter(pk=issue.pk).update(raised_on=when.date(), created_at=when)
