"""Every role of every party, and a member of another program, against each action on a
finding, through its page: the allowed ones move it; a member refused sees the rule and
nothing changes; the outsider finds nothing (404)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ivv.models import Finding
from programs.models import AuditEvent
from tests.conftest import OUTSIDER, World

from .conftest import IVV, advance, attach_evidence, file_finding, owner_of

PROVIDER_EDITORS = {"provider.program_manager", "provider.pmo_lead", "provider.pmo_team"}

# action -> (the state the finding starts in, who may, what the form sends)
MATRIX: dict[str, tuple[str, set[str]]] = {
    "answer": ("open", PROVIDER_EDITORS),
    "start": ("answered", PROVIDER_EDITORS),
    "propose_closure": ("in_progress", PROVIDER_EDITORS),
    "close": ("closure_proposed", {IVV}),
    "send_back": ("closure_proposed", {IVV}),
    "accept_risk": ("open", {"customer.executive_sponsor"}),
    "escalate": ("non_concur", {IVV}),
    "reopen": ("closed", {IVV}),
}


def _payload(world: World, action: str) -> dict[str, Any]:
    if action == "answer":
        return {
            "answer-response": "concur",
            "answer-corrective_action": "Reconcile control totals.",
            "answer-action_owner": owner_of(world).pk,
            "answer-action_target": (date.today() + timedelta(days=20)).isoformat(),
        }
    if action == "propose_closure":
        return {"propose_closure-evidence": "Reconciliation report."}
    return {f"{action}-reason": "Stated."}


def _state(finding: Finding) -> tuple[Any, ...]:
    finding.refresh_from_db()
    return (
        finding.status,
        finding.response,
        finding.escalated_at,
        finding.history.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("action", list(MATRIX))
def test_each_action_for_every_role(world: World, action: str) -> None:
    start, allowed = MATRIX[action]
    for who in world.users:
        finding = advance(world, file_finding(world), start)
        if action == "propose_closure":
            attach_evidence(world, finding)
        before = _state(finding)
        url = f"/programs/alpha/ivv/{finding.number}/{action}/"
        response = world.client(who).post(url, _payload(world, action))
        if who == OUTSIDER:
            assert response.status_code == 404, who
        elif who in allowed:
            assert response.status_code == 302, (who, response.content[:2000])
        else:
            assert response.status_code == 400, who
            assert b"Only " in response.content, who
        if who not in allowed:
            assert _state(finding) == before, who
        else:
            assert _state(finding) != before, who


def test_filing_and_editing_for_every_role(world: World) -> None:
    finding = file_finding(world)
    form = {
        "title": "Edited",
        "raised_on": date.today().isoformat(),
        "source": "test",
        "category": "testing",
        "severity": "3",
        "integrity_level": "2",
        "answering_party": "customer",
        "description": "Test scripts cover no negative cases.",
    }
    for who in world.users:
        client = world.client(who)
        new = client.post("/programs/alpha/ivv/new/", form)
        edit = client.post(f"/programs/alpha/ivv/{finding.number}/edit/", form)
        page = client.get(f"/programs/alpha/ivv/{finding.number}/")
        register = client.get("/programs/alpha/ivv/")
        if who == OUTSIDER:
            assert {new.status_code, edit.status_code, page.status_code} == {404}
            assert register.status_code == 404
            continue
        assert page.status_code == register.status_code == 200, who
        if who == IVV:
            assert new.status_code == edit.status_code == 302
        else:
            assert new.status_code == edit.status_code == 404, who
    assert Finding.objects.count() == 2
    finding.refresh_from_db()
    assert finding.title == "Edited"


def test_the_api_reads_and_refuses_alike(world: World) -> None:
    finding = file_finding(world)
    for who in world.users:
        client = world.client(who)
        listed = client.get("/api/programs/alpha/ivv/findings/")
        one = client.get(f"/api/programs/alpha/ivv/findings/{finding.number}/")
        close = client.post(f"/api/programs/alpha/ivv/findings/{finding.number}/close/", {})
        if who == OUTSIDER:
            assert listed.status_code == one.status_code == close.status_code == 404
            continue
        assert listed.status_code == one.status_code == 200, who
        assert close.status_code in (400, 403), who
    finding.refresh_from_db()
    assert finding.status == "open"
