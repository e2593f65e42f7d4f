"""Governance services: bodies seeded from the role agreement, meetings with their generated
agenda, decisions and actions recorded in the RAID log, and the bad input each refuses with
the field and the rule named, changing nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from pmp.choices import RaidKind, RaidStatus
from pmp.models import GovernanceBody, Meeting, RaidItem
from pmp.services import governance as gov
from pmp.services import governance_raid as records
from programs.choices import Party, Role
from programs.errors import DomainError
from programs.models import AuditEvent, Membership
from programs.registers import allocate_number
from tests.conftest import World

PM = "customer.program_manager"


def member(world: World, name: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(name))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_body(world: World, **values: Any) -> GovernanceBody:
    fields: dict[str, Any] = {"name": "Joint PMO", "cadence": "weekly"}
    fields.update(values)
    return gov.body_create(acting_user=world.user(PM), program=world.program, **fields)


def make_meeting(world: World, day: dt.date | None = None, **values: Any) -> Meeting:
    body = (
        values.pop("body", None)
        or GovernanceBody.objects.filter(program=world.program).first()
        or make_body(world)
    )
    return gov.meeting_create(
        acting_user=world.user(PM),
        program=world.program,
        body=body,
        starts_at=at(day or timezone.localdate()),
        **values,
    )


def raid(world: World, kind: RaidKind, **values: Any) -> RaidItem:
    from django.db import transaction

    with transaction.atomic():
        return RaidItem.objects.create(
            program=world.program,
            kind=kind,
            number=allocate_number(world.program, kind.register_key),
            owner_party="shared",
            raised_on=dt.date(2026, 2, 1),
            **values,
        )


def test_seed_from_joint_bodies_without_an_approved_agreement(world: World) -> None:
    made = gov.bodies_seed(acting_user=world.user("provider.pmo_lead"), program=world.program)
    assert [b.name for b in made] == [
        "Executive Steering Committee",
        "Joint PMO",
        "Change Control Board",
    ]
    assert [b.cadence for b in made] == ["monthly", "weekly", "weekly"]
    # Seeding again adds nothing.
    assert gov.bodies_seed(acting_user=world.user(PM), program=world.program) == []


def test_seed_from_the_approved_role_agreement(world: World, monkeypatch: Any) -> None:
    rows = [
        {
            "body": "HR Migration Board",
            "purpose": "Decides cutover.",
            "chair": "customer.program_manager",
            "customer_members": "customer.pmo_lead",
            "provider_members": "provider.pmo_lead; nobody",
            "cadence": "Every two weeks",
        }
    ]
    monkeypatch.setattr(gov, "bodies_from_agreement", lambda program: rows)
    (body,) = gov.bodies_seed(acting_user=world.user(PM), program=world.program)
    assert body.cadence == "biweekly"
    assert body.chair == member(world, PM)
    assert {m.user.username for m in body.members.all()} == {
        PM,
        "customer.pmo_lead",
        "provider.pmo_lead",
    }


def test_approved_agreement_table_is_read(world: World) -> None:
    from programs.models import Document, DocumentVersion
    from raci.definitions import ROLE_AGREEMENT

    doc = Document.objects.create(
        program=world.program,
        kind=ROLE_AGREEMENT,
        title="PMO Role Agreement",
        owning_party="shared",
    )
    DocumentVersion.objects.create(
        document=doc,
        number=1,
        status="approved",
        phase=world.program.phase,
        content={"tables": {"governance_bodies": [{"body": "Board", "cadence": "Quarterly"}]}},
    )
    assert gov.bodies_from_agreement(world.program) == [{"body": "Board", "cadence": "Quarterly"}]


def test_body_create_audits_and_refuses_duplicates_and_outsiders(world: World) -> None:
    body = make_body(world, members=[member(world, PM).pk, member(world, "provider.pmo_lead")])
    assert AuditEvent.objects.filter(target_id=str(body.pk), action="create").exists()
    with pytest.raises(DomainError) as exc:
        make_body(world, name="joint pmo")
    assert exc.value.field == "name"
    outsider = Membership.objects.get(user=world.user("outsider"))
    with pytest.raises(DomainError) as exc:
        make_body(world, name="Other", members=[outsider.pk])
    assert exc.value.field == "members" and "are members of" in exc.value.message
    with pytest.raises(DomainError) as exc:
        make_body(world, name="Other", cadence="daily")
    assert exc.value.field == "cadence"
    assert GovernanceBody.objects.filter(program=world.program).count() == 1


def test_meeting_agenda_lists_open_actions_and_risks_due(world: World) -> None:
    day = dt.date(2026, 3, 10)
    raid(world, RaidKind.ACTION, status=RaidStatus.OPEN, title="Send the payroll file", due_on=day)
    raid(world, RaidKind.ACTION, status=RaidStatus.DONE, title="Closed action")
    raid(
        world,
        RaidKind.RISK,
        status=RaidStatus.OPEN,
        title="Key staff leave",
        next_review_on=day - dt.timedelta(days=1),
    )
    raid(
        world,
        RaidKind.RISK,
        status=RaidStatus.OPEN,
        title="Later risk",
        next_review_on=day + dt.timedelta(days=1),
    )
    meeting = make_meeting(world, day)
    assert "A-1 Send the payroll file" in meeting.agenda
    assert "Closed action" not in meeting.agenda
    assert "R-1 Key staff leave" in meeting.agenda
    assert "Later risk" not in meeting.agenda
    typed = make_meeting(world, day, body=meeting.body, agenda="1. Our own agenda")
    assert typed.agenda == "1. Our own agenda"


def test_meeting_refuses_a_non_member_attendee(world: World) -> None:
    body = make_body(world)
    outsider = Membership.objects.get(user=world.user("outsider"))
    with pytest.raises(DomainError) as exc:
        make_meeting(world, body=body, attendees=[member(world, PM), outsider])
    assert exc.value.field == "attendees"
    assert not Meeting.objects.exists()


def test_meeting_held_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as exc:
        make_meeting(world, timezone.localdate() + dt.timedelta(days=3), status="held")
    assert exc.value.field == "status"
    with pytest.raises(DomainError) as exc:
        make_meeting(world, dt.date(1990, 1, 1))
    assert exc.value.field == "starts_at"
    with pytest.raises(DomainError) as exc:
        make_meeting(world, duration_minutes=0)
    assert exc.value.field == "duration_minutes"


def test_meeting_update_audits_attendees(world: World) -> None:
    meeting = make_meeting(world)
    gov.meeting_update(
        acting_user=world.user("provider.pmo_team"),
        meeting=meeting,
        starts_at=meeting.starts_at,
        duration_minutes=90,
        location="Room 4",
        status="held",
        attendees=[member(world, PM)],
        agenda=meeting.agenda,
        minutes="## Notes\n\nAgreed.",
    )
    event = AuditEvent.objects.filter(target_id=str(meeting.pk), action="update").get()
    assert event.actor_party == Party.PROVIDER
    assert set(event.changes) >= {"attendees", "duration_minutes", "minutes", "status"}


def test_decision_goes_to_the_raid_log(world: World) -> None:
    meeting = make_meeting(world)
    item = records.meeting_record_decision(
        acting_user=world.user("provider.pmo_lead"),
        meeting=meeting,
        title="Cut over in waves",
        decision="Three waves by agency component.",
    )
    assert item.kind == "decision" and item.status == "decided"
    assert item.decided_by == "Joint PMO" and item.meeting == meeting
    assert item.reference == "D-1"
    assert AuditEvent.objects.filter(target_id=str(item.pk), action="create").exists()


def test_decision_without_a_decider_is_refused(world: World) -> None:
    meeting = make_meeting(world)
    with pytest.raises(DomainError) as exc:
        records.meeting_record_decision(
            acting_user=world.user(PM),
            meeting=meeting,
            title="X",
            decision="Y",
            decided_by="  ",
        )
    assert exc.value.field == "decided_by"
    assert not RaidItem.objects.exists()


def test_action_due_before_the_meeting_is_refused(world: World) -> None:
    day = dt.date(2026, 3, 10)
    meeting = make_meeting(world, day)
    with pytest.raises(DomainError) as exc:
        records.meeting_record_action(
            acting_user=world.user(PM),
            meeting=meeting,
            title="Late",
            due_on=day - dt.timedelta(days=1),
        )
    assert exc.value.field == "due_on" and "on or after the meeting" in exc.value.message
    assert not RaidItem.objects.exists()
    action = records.meeting_record_action(
        acting_user=world.user(PM),
        meeting=meeting,
        title="Send the file",
        due_on=day + dt.timedelta(days=7),
        owner=member(world, "provider.pmo_team"),
    )
    assert action.source == "meeting" and action.owner_party == "shared"
    assert action.meeting == meeting and action.status == "open"


@pytest.mark.parametrize("name", ["customer.viewer", "provider.sme", "independent.ivv_agent"])
def test_readers_record_nothing(world: World, name: str) -> None:
    meeting = make_meeting(world)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        records.meeting_record_action(
            acting_user=world.user(name),
            meeting=meeting,
            title="X",
            due_on=timezone.localdate(),
        )
    assert not RaidItem.objects.exists()
    assert Role.VIEWER  # the roles come from the world
