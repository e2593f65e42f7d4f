"""An issue, like a risk, can be marked for the status report: through the service, the API,
the item's form and page, and the import; an action or a decision cannot."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pmp.models import RaidItem
from pmp.services import raid as services
from pmp.services import raid_workflow as workflow
from programs.errors import DomainError
from programs.models import AuditEvent
from tests.conftest import World

from .conftest import CUSTOMER_EDITOR, PROVIDER_EDITOR, record
from .raid_workbooks import edited, exported, run

ITEMS = "/api/programs/alpha/pmp/raid/items/"


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


def test_the_service_marks_an_issue_and_audits_the_change(world: World) -> None:
    issue = record(world, "issue", on_status_report=True)
    assert RaidItem.objects.get(pk=issue.pk).on_status_report is True
    services.item_update(
        acting_user=world.user(PROVIDER_EDITOR), item=issue, on_status_report=False
    )
    assert RaidItem.objects.get(pk=issue.pk).on_status_report is False
    event = AuditEvent.objects.filter(action="update").latest("pk")
    assert event.changes["on_status_report"] == [True, False]


def test_an_action_still_cannot_be_marked(world: World) -> None:
    action = record(world, "action")
    with pytest.raises(TypeError):
        services.item_update(
            acting_user=world.user(CUSTOMER_EDITOR), item=action, on_status_report=True
        )


def test_a_marked_risk_that_occurs_becomes_a_marked_issue(world: World) -> None:
    marked = record(world, "risk", on_status_report=True)
    unmarked = record(world, "risk", title="Unmarked")
    user = world.user(CUSTOMER_EDITOR)
    assert workflow.risk_occur(acting_user=user, item=marked).on_status_report is True
    assert workflow.risk_occur(acting_user=user, item=unmarked).on_status_report is False


def test_the_api_records_and_changes_the_mark_of_an_issue(world: World) -> None:
    api = _api(world, PROVIDER_EDITOR)
    created = api.post(
        ITEMS,
        {
            "kind": "issue",
            "title": "Interface file rejected",
            "owner_party": "provider",
            "priority": "low",
            "on_status_report": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["on_status_report"] is True
    reference = created.json()["reference"]
    changed = api.patch(f"{ITEMS}{reference}/", {"on_status_report": False}, format="json")
    assert changed.status_code == 200, changed.content
    assert RaidItem.objects.get(program=world.program, kind="issue").on_status_report is False


def test_the_api_refuses_the_mark_on_an_action_naming_the_field(world: World) -> None:
    before = RaidItem.objects.count()
    response = _api(world, CUSTOMER_EDITOR).post(
        ITEMS,
        {
            "kind": "action",
            "title": "Chase the interface owner",
            "owner_party": "customer",
            "owner": world.program.memberships.get(user=world.user(CUSTOMER_EDITOR)).pk,
            "due_on": (date.today() + timedelta(days=5)).isoformat(),
            "on_status_report": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "on_status_report"
    assert RaidItem.objects.count() == before


def test_the_form_offers_the_mark_for_an_issue_and_the_page_shows_it(world: World) -> None:
    client = world.client(PROVIDER_EDITOR)
    code = world.program.code
    new = reverse("pmp:raid:item-new", kwargs={"code": code, "kind": "issue"})
    assert 'name="on_status_report"' in client.get(new).content.decode()
    response = client.post(
        new,
        {
            "title": "Interface file rejected",
            "owner_party": "provider",
            "raised_on": date.today().isoformat(),
            "priority": "medium",
            "on_status_report": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    issue = RaidItem.objects.get(program=world.program, kind="issue")
    assert issue.on_status_report is True
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "<dt>On the status report</dt><dd>Yes</dd>" in page
    action = reverse("pmp:raid:item-new", kwargs={"code": code, "kind": "action"})
    assert 'name="on_status_report"' not in client.get(action).content.decode()


def test_the_import_reads_the_mark_for_an_issue(world: World) -> None:
    issue = record(world, "issue")
    data = edited(
        exported(world),
        {},
        add=[
            {
                "Type": "Issue",
                "Title": "Interface file rejected",
                "Owning party": "Provider",
                "Priority": "Low",
                "Show on status report": "Yes",
            }
        ],
    )
    result = run(world, data, PROVIDER_EDITOR)
    assert len(result.created) == 1
    created = RaidItem.objects.get(program=world.program, title="Interface file rejected")
    assert created.on_status_report is True
    assert RaidItem.objects.get(pk=issue.pk).on_status_report is False


def test_the_import_refuses_the_mark_on_a_decision(world: World) -> None:
    data = edited(
        exported(world),
        {},
        add=[
            {
                "Type": "Decision",
                "Title": "Adopt the vendor's interface format",
                "Owning party": "Shared",
                "Decision": "Adopted.",
                "Decided by": "Joint PMO",
                "Show on status report": "Yes",
            }
        ],
    )
    with pytest.raises(DomainError) as caught:
        run(world, data, CUSTOMER_EDITOR)
    details = [p["detail"] for p in caught.value.extra["problems"]]
    assert any("has no show on status report" in d for d in details), details
