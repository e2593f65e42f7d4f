"""The RAID log's rules: numbering per kind, content checks naming field and rule, the risk
scheme, reviews, score history, a risk that occurs, links within the program, and audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from pmp.models import RaidHistory, RaidItem, RaidLink, RiskScore
from pmp.selectors import raid as selectors
from pmp.services import raid as services
from pmp.services import raid_workflow as workflow
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import World

from .conftest import CUSTOMER_EDITOR, record


def _task(program: Any) -> Any:
    from schedule.models import Schedule, Task

    schedule = Schedule.objects.create(program=program, name="IMS", project_start=timezone.now())
    return Task.objects.create(schedule=schedule, uid=1, position=1, name="Mock conversion 1")


def test_numbers_per_kind(world: World) -> None:
    refs = [record(world, k).reference for k in ("risk", "risk", "action", "issue", "decision")]
    assert refs == ["R-1", "R-2", "A-1", "I-1", "D-1"]


def _refused(field: str, call: Any) -> DomainError:
    before = (RaidItem.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    assert (RaidItem.objects.count(), AuditEvent.objects.count()) == before
    return caught.value


@pytest.mark.parametrize(
    ("kind", "values", "field", "words"),
    [
        ("risk", {"inherent_probability": 6}, "inherent_probability", "Almost certain"),
        ("risk", {"inherent_impact": 0}, "inherent_impact", "Severe"),
        ("risk", {"residual_impact": None}, "residual_impact", "both"),
        ("risk", {"category": ""}, "category", "category"),
        ("decision", {"decided_by": ""}, "decided_by", "who decides"),
        ("action", {"due_on": date.today() - timedelta(days=400)}, "due_on", "raised"),
        ("action", {"owner": None}, "owner", "owner"),
        ("issue", {"title": "x" * 201}, "title", "200"),
        ("issue", {"due_on": date(2500, 1, 1)}, "due_on", "between"),
        ("risk", {"owner_party": "independent"}, "owner_party", "shared"),
    ],
)
def test_bad_input_is_refused_naming_field_and_rule(
    world: World, kind: str, values: dict[str, Any], field: str, words: str
) -> None:
    values.setdefault("raised_on", date.today() - timedelta(days=1))
    error = _refused(field, lambda: record(world, kind, **values))
    assert words.lower() in error.message.lower()


def test_a_link_to_another_programs_task_is_refused(world: World) -> None:
    risk = record(world, "risk")
    foreign = _task(world.other_program)
    own = _task(world.program)
    error = _refused(
        "target",
        lambda: services.link_add(
            acting_user=world.user(CUSTOMER_EDITOR), item=risk, kind="task", target_id=foreign.pk
        ),
    )
    assert "There is no" in error.message  # another program's task is not even seen
    link = services.link_add(
        acting_user=world.user(CUSTOMER_EDITOR), item=risk, kind="task", target_id=own.pk
    )
    assert link.target == own
    with pytest.raises(DomainError):
        services.link_add(
            acting_user=world.user(CUSTOMER_EDITOR), item=risk, kind="task", target_id=own.pk
        )


def test_scores_history_and_band(world: World) -> None:
    risk = record(world, "risk")
    assert (risk.inherent_score, risk.residual_score) == (20, 8)
    services.item_update(acting_user=world.user(CUSTOMER_EDITOR), item=risk, residual_probability=1)
    services.item_update(acting_user=world.user(CUSTOMER_EDITOR), item=risk, title="Renamed")
    scores = list(
        RiskScore.objects.filter(item=risk).values_list("inherent_score", "residual_score")
    )
    assert scores == [(20, 8), (20, 4)]
    scheme = services.scheme_for(world.program)
    assert scheme.band(4, 5) == "very_high" and scheme.band(1, 4) == "moderate"
    event = AuditEvent.objects.filter(action="update").latest("pk")
    assert event.changes["title"] == ["Payroll history fails to reconcile", "Renamed"]
    assert event.actor_party == "customer"


def test_review_overdue_and_review(world: World) -> None:
    risk = record(world, "risk", raised_on=date.today() - timedelta(days=30))
    assert risk.next_review_on == date.today() - timedelta(days=16)
    assert selectors.overdue_text(risk).startswith("Review overdue")
    workflow.risk_review(acting_user=world.user(CUSTOMER_EDITOR), item=risk)
    risk.refresh_from_db()
    assert risk.next_review_on == date.today() + timedelta(days=14)
    assert selectors.overdue_text(risk) == ""


def test_a_risk_that_occurs_becomes_an_issue(world: World) -> None:
    risk = record(world, "risk")
    issue = workflow.risk_occur(acting_user=world.user(CUSTOMER_EDITOR), item=risk, note="Hit.")
    risk.refresh_from_db()
    assert risk.status == "occurred" and risk.closed_on == date.today()
    assert issue.kind == "issue" and issue.from_risk == risk and issue.priority == "high"
    assert RaidLink.objects.get(item=issue).raid_item == risk
    assert RaidHistory.objects.get(item=risk).details == {"issue": issue.reference}
    with pytest.raises(DomainError):
        services.item_update(acting_user=world.user(CUSTOMER_EDITOR), item=risk, title="No")


def test_other_party_may_not_change_but_comments(world: World) -> None:
    action = record(world, "action")  # the customer's
    with pytest.raises(PermissionRefused):
        services.item_update(
            acting_user=world.user("provider.pmo_team"), item=action, title="Mine now"
        )
    services.comment_add(acting_user=world.user("provider.pmo_team"), item=action, text="Noted.")
    with pytest.raises(PermissionRefused):
        services.comment_add(acting_user=world.user("provider.viewer"), item=action, text="No.")


def test_steps_of_actions_issues_and_decisions(world: World) -> None:
    items = {k: record(world, k) for k in ("action", "issue", "decision")}
    user = world.user("customer.pmo_lead")
    workflow.action_complete(acting_user=user, item=items["action"])
    with pytest.raises(DomainError) as caught:
        workflow.issue_resolve(
            acting_user=world.user("provider.pmo_lead"), item=items["issue"], resolution=" "
        )
    assert caught.value.field == "resolution"
    workflow.issue_resolve(
        acting_user=world.user("provider.pmo_lead"), item=items["issue"], resolution="Fixed."
    )
    workflow.decision_decide(acting_user=user, item=items["decision"])
    statuses = [RaidItem.objects.get(pk=i.pk).status for i in items.values()]
    assert statuses == ["done", "resolved", "decided"]
    with pytest.raises(DomainError) as caught:
        workflow.item_transition(acting_user=user, item=items["action"], name="complete")
    with pytest.raises(DomainError):
        workflow.item_transition(acting_user=user, item=items["action"], name="reopen")


def test_exposure_trend(world: World) -> None:
    record(world, "risk")
    trend = selectors.exposure_trend(world.program)
    assert trend.lines["Inherent exposure"][-1] == 20
    assert trend.lines["Residual exposure"][-1] == 8
