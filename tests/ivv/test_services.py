"""The findings register's services: numbering, deadlines on business days, the life cycle
with its rules, history and audit, and overdue flags."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction

from ivv import selectors, services
from ivv.choices import FindingResponse, FindingStatus
from ivv.deadlines import response_due
from ivv.models import Finding
from programs.errors import DomainError, PermissionRefused
from programs.federal_calendar import add_business_days
from programs.models import AuditEvent, RegisterCounter
from programs.registers import allocate_number
from tests.conftest import World

from .conftest import IVV, advance, answer, file_finding, owner_of


def test_numbers_follow_per_program(world: World) -> None:
    first = file_finding(world)
    second = file_finding(world, title="Second")
    assert (first.number, second.number) == (1, 2)
    assert second.reference == "IVV-002"
    assert str(second) == "IVV-002 Second"


def test_a_refused_create_gives_its_number_back(world: World) -> None:
    file_finding(world)
    with pytest.raises(DomainError):
        file_finding(world, title="")
    assert file_finding(world).number == 2


def test_numbers_are_per_program(world: World) -> None:
    with transaction.atomic():
        assert allocate_number(world.other_program, "ivv_finding") == 1
    file_finding(world)
    assert RegisterCounter.objects.get(program=world.program).last_number == 1


def test_response_due_counts_business_days_skipping_a_federal_holiday() -> None:
    # Thursday 2 July 2026; Friday 3 July is the observed Independence Day.
    assert add_business_days(date(2026, 7, 2), 1) == date(2026, 7, 6)
    # Severity 1: five business days.
    assert response_due(date(2026, 7, 2), 1) == date(2026, 7, 10)
    # A plain week: Monday 13 July plus five is Monday 20 July.
    assert response_due(date(2026, 7, 13), 1) == date(2026, 7, 20)


def test_response_days_come_from_settings(settings: object) -> None:
    settings.IVV_RESPONSE_DAYS = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}  # type: ignore[attr-defined]
    assert response_due(date(2026, 7, 13), 5) == date(2026, 7, 20)


def test_create_is_audited_and_computes_the_due_date(world: World) -> None:
    finding = file_finding(world, raised_on=date(2026, 7, 2), severity=1)
    assert finding.response_due == date(2026, 7, 10)
    assert AuditEvent.objects.filter(target_id=str(finding.pk), action="create").exists()


def test_only_the_ivv_agent_files(world: World) -> None:
    with pytest.raises(PermissionRefused, match="Only the IV&V agent files findings"):
        services.finding_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            title="x",
            raised_on=date.today(),
            source="test",
            category="data",
            severity=3,
            integrity_level=2,
            description="y",
            answering_party="customer",
        )
    assert not Finding.objects.exists()


def test_texts_and_dates_are_limited(world: World) -> None:
    with pytest.raises(DomainError, match="at most 200 characters"):
        file_finding(world, title="x" * 201)
    with pytest.raises(DomainError) as raised:
        file_finding(world, raised_on=date.today() + timedelta(days=2))
    assert raised.value.field == "raised_on"


def test_edit_while_open_moves_the_due_date(world: World, finding: Finding) -> None:
    updated = services.finding_update(
        acting_user=world.user(IVV), finding=finding, severity=5, title="Retitled"
    )
    assert updated.title == "Retitled"
    assert updated.response_due == response_due(finding.raised_on, 5)
    answer(world, updated)
    with pytest.raises(PermissionRefused, match="only while it is open"):
        services.finding_update(acting_user=world.user(IVV), finding=updated, title="Again")


def test_the_whole_life_cycle_with_history(world: World, finding: Finding) -> None:
    closed = advance(world, finding, "closed")
    assert closed.status == FindingStatus.CLOSED
    assert closed.closed_on == date.today()
    actions = list(closed.history.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("answer", "open", "answered"),
        ("start", "answered", "in_progress"),
        ("propose_closure", "in_progress", "closure_proposed"),
        ("close", "closure_proposed", "closed"),
    ]
    last = closed.history.last()
    assert last is not None and last.actor_party == "independent"
    assert AuditEvent.objects.filter(target_id=str(finding.pk), action="transition").count() == 4
    services.finding_reopen(acting_user=world.user(IVV), finding=closed, reason="Mock 3 failed.")
    closed.refresh_from_db()
    assert closed.status == FindingStatus.IN_PROGRESS and closed.closed_on is None


def test_a_refused_close_names_the_rule_and_changes_nothing(world: World, finding: Finding) -> None:
    proposed = advance(world, finding, "closure_proposed")
    with pytest.raises(PermissionRefused, match="Only the IV&V agent closes a finding"):
        services.finding_close(acting_user=world.user("provider.program_manager"), finding=proposed)
    proposed.refresh_from_db()
    assert proposed.status == FindingStatus.CLOSURE_PROPOSED
    assert proposed.history.count() == 3


def test_a_status_that_does_not_allow_it_is_named(world: World, finding: Finding) -> None:
    with pytest.raises(DomainError, match="IVV-001 is open: only an item that is closure"):
        services.finding_close(acting_user=world.user(IVV), finding=finding)


def test_answers_need_rationale_and_plan(world: World, finding: Finding) -> None:
    pm = world.user("provider.program_manager")
    with pytest.raises(DomainError) as raised:
        services.finding_answer(acting_user=pm, finding=finding, response="non_concur")
    assert raised.value.field == "rationale"
    with pytest.raises(DomainError) as raised:
        services.finding_answer(acting_user=pm, finding=finding, response="concur")
    assert raised.value.field == "corrective_action"
    with pytest.raises(DomainError) as raised:
        services.finding_answer(
            acting_user=pm,
            finding=finding,
            response="partially_concur",
            rationale="Only part of it.",
            corrective_action="Do part.",
            action_owner=owner_of(world, "customer"),
            action_target=date.today() + timedelta(days=5),
        )
    assert raised.value.field == "action_owner"
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN and not finding.history.exists()


def test_a_non_concurrence_cannot_start_and_is_escalated_once(
    world: World,
    finding: Finding,
    mailoutbox: list[object],
    django_capture_on_commit_callbacks: object,
) -> None:
    advance(world, finding, "non_concur")
    with pytest.raises(DomainError, match="no corrective action to start"):
        services.finding_start(acting_user=world.user("provider.program_manager"), finding=finding)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.finding_escalate(
            acting_user=world.user(IVV), finding=finding, reason="No reconciliation at all."
        )
    assert sorted(m.to[0] for m in mailoutbox) == [  # type: ignore[attr-defined]
        world.user("customer.executive_sponsor").email,
        world.user("provider.executive_sponsor").email,
    ]
    with pytest.raises(DomainError, match="was escalated on"):
        services.finding_escalate(acting_user=world.user(IVV), finding=finding, reason="Again.")


def test_only_the_customer_sponsor_accepts_the_risk(world: World, finding: Finding) -> None:
    with pytest.raises(PermissionRefused, match="customer's Executive Sponsor"):
        services.finding_accept_risk(
            acting_user=world.user("provider.executive_sponsor"), finding=finding, rationale="x"
        )
    with pytest.raises(DomainError, match="needs a rationale"):
        services.finding_accept_risk(
            acting_user=world.user("customer.executive_sponsor"), finding=finding, rationale=" "
        )
    accepted = advance(world, finding, "accepted_risk")
    assert accepted.status == FindingStatus.ACCEPTED_RISK
    assert accepted.risk_rationale == "The parallel payroll run covers it."


def test_send_back_needs_a_reason(world: World, finding: Finding) -> None:
    proposed = advance(world, finding, "closure_proposed")
    with pytest.raises(DomainError, match="needs a reason"):
        services.finding_send_back(acting_user=world.user(IVV), finding=proposed, reason="")
    services.finding_send_back(acting_user=world.user(IVV), finding=proposed, reason="Thin.")
    proposed.refresh_from_db()
    assert proposed.status == FindingStatus.IN_PROGRESS


def test_overdue_flags_and_board_note(world: World) -> None:
    late_answer = file_finding(world, raised_on=date.today() - timedelta(days=60), severity=1)
    late_action = file_finding(world)
    answer(world, late_action)
    Finding.objects.filter(pk=late_action.pk).update(action_target=date.today() - timedelta(days=1))
    file_finding(world, title="On time")
    rows = {f.pk: selectors.overdue_text(f) for f in selectors.register_rows(world.program)}
    assert rows[late_answer.pk] == "Answer overdue"
    assert rows[late_action.pk] == "Corrective action overdue"
    assert sorted(rows.values()) == ["", "Answer overdue", "Corrective action overdue"]
    assert selectors.board_note(world.program) == "IV&V findings: 3 open, 2 overdue"
    assert selectors.board_note(world.other_program) == "IV&V findings: none filed yet"


def test_concerns_an_item_of_the_same_program_only(world: World) -> None:
    from programs.models import Document, DocumentVersion

    document = Document.objects.create(
        program=world.other_program, kind="charter", title="Charter", owning_party="shared"
    )
    version = DocumentVersion.objects.create(document=document, number=1, phase=3)
    with pytest.raises(DomainError) as raised:
        file_finding(
            world,
            concerns_link=services.Concerns("programs.documentversion", version.pk),
        )
    assert raised.value.field == "concerns_id"
    document.program = world.program
    document.save()
    finding = file_finding(
        world, concerns_link=services.Concerns("programs.documentversion", version.pk)
    )
    assert finding.concerns_object == version
    assert FindingResponse.CONCUR


def test_closure_needs_a_file_of_closure_evidence(world: World, finding: Finding) -> None:
    from .conftest import attach_evidence

    in_progress = advance(world, finding, "in_progress")
    pm = world.user("provider.program_manager")
    attach_evidence(world, in_progress, purpose="Supporting file")
    with pytest.raises(DomainError, match="Attach at least one file of closure evidence"):
        services.finding_propose_closure(acting_user=pm, finding=in_progress, evidence="Done.")
    attach_evidence(world, in_progress)
    services.finding_propose_closure(acting_user=pm, finding=in_progress, evidence="Done.")
    in_progress.refresh_from_db()
    assert in_progress.status == FindingStatus.CLOSURE_PROPOSED
