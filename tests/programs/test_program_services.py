"""Programs, memberships, the Play 3.1 board, onboarding and the glossary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from programs.choices import ACTIVITY_KEYS, DEFAULT_ONBOARDING_ITEMS, AuditAction
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, GlossaryAcceptance, Membership, OnboardingItem
from programs.services import board as board_services
from programs.services import glossary as glossary_services
from programs.services import memberships as membership_services
from programs.services import onboarding as onboarding_services
from programs.services import programs as program_services

from ..conftest import World
from ..factories import UserFactory, ivv_firm, make_program


def test_a_new_program_has_its_board_and_onboarding_checklist(db: None) -> None:
    program = make_program("gamma", start_date=dt.date(2026, 2, 2))
    assert list(program.activities.values_list("key", flat=True)) == list(ACTIVITY_KEYS)
    owners = dict(program.activities.values_list("number", "owning_party"))
    assert owners[1] == "provider" and owners[7] == "customer" and owners[2] == "shared"
    items = program.onboarding_items.all()
    assert len(items) == len(DEFAULT_ONBOARDING_ITEMS)
    assert all(i.due_date and i.due_date > dt.date(2026, 2, 2) for i in items)
    assert AuditEvent.objects.filter(program=program, action=AuditAction.CREATE).exists()


def test_only_an_administrator_creates_programs(world: World) -> None:
    with pytest.raises(PermissionDenied):
        program_services.program_create(
            acting_user=world.user("customer.program_manager"),
            name="X",
            code="x",
            customer=world.program.customer,
            provider=world.program.provider,
            start_date=dt.date(2026, 1, 1),
            planned_end_date=dt.date(2026, 12, 31),
        )


def test_managers_add_members_of_their_own_party_only(world: World) -> None:
    newcomer = UserFactory.create(username="new.analyst", organisation=world.program.customer)
    with pytest.raises(PermissionDenied):
        membership_services.membership_create(
            acting_user=world.user("provider.program_manager"),
            program=world.program,
            user=newcomer,
            party="customer",
            role="pmo_team",
        )
    with pytest.raises(PermissionDenied):
        membership_services.membership_create(
            acting_user=world.user("customer.pmo_team"),
            program=world.program,
            user=newcomer,
            party="customer",
            role="pmo_team",
        )
    assert not Membership.objects.filter(user=newcomer).exists()
    membership = membership_services.membership_create(
        acting_user=world.user("customer.pmo_lead"),
        program=world.program,
        user=newcomer,
        party="customer",
        role="pmo_team",
    )
    event = AuditEvent.objects.get(
        target_type__model="membership", target_id=str(membership.pk), action=AuditAction.CREATE
    )
    assert event.actor_party == "customer"
    assert event.changes["role"] == [None, "pmo_team"]
    # The customer engages the IV&V agent: its managers add independent members.
    ivv = membership_services.membership_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        user=UserFactory.create(username="ivv.second", organisation=ivv_firm()),
        party="independent",
        role="ivv_agent",
    )
    assert ivv.party == "independent"


@pytest.mark.parametrize(
    ("party", "role", "code"),
    [
        ("provider", "business_owner", ErrorCode.ROLE_NOT_FOR_PARTY),
        ("customer", "ivv_agent", ErrorCode.ROLE_NOT_FOR_PARTY),
        ("independent", "program_manager", ErrorCode.ROLE_NOT_FOR_PARTY),
    ],
)
def test_roles_must_belong_to_the_party(world: World, party: str, role: str, code: str) -> None:
    with pytest.raises(DomainError) as error:
        membership_services.membership_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            user=UserFactory.create(username="someone"),
            party=party,
            role=role,
        )
    assert error.value.code == code
    assert error.value.field == "role"


def test_a_person_is_a_member_once(world: World) -> None:
    with pytest.raises(DomainError) as error:
        membership_services.membership_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            user=world.user("customer.viewer"),
            party="customer",
            role="pmo_team",
        )
    assert error.value.code == ErrorCode.MEMBER_EXISTS


def test_a_party_keeps_a_member_manager(db: None) -> None:
    from ..factories import make_member, superuser

    program = make_program("solo")
    only = make_member(program, "solo.pm", "provider", "program_manager")
    with pytest.raises(DomainError) as error:
        membership_services.membership_update(
            acting_user=superuser(), membership=only, role="pmo_team"
        )
    assert error.value.code == ErrorCode.LAST_MANAGER
    with pytest.raises(DomainError) as error:
        membership_services.membership_delete(acting_user=only.user, membership=only)
    assert error.value.code == ErrorCode.LAST_MANAGER
    only.refresh_from_db()
    assert only.role == "program_manager"


def test_activity_assignee_must_be_of_the_same_program(world: World) -> None:
    activity = world.program.activities.get(key="manage_schedule")
    stranger = Membership.objects.get(user=world.user("outsider"))
    with pytest.raises(DomainError) as error:
        board_services.activity_update(
            acting_user=world.user("customer.program_manager"),
            activity=activity,
            assignee=stranger,
        )
    assert error.value.field == "assignee"
    activity.refresh_from_db()
    assert activity.assignee is None


def test_activity_updates_are_audited(world: World) -> None:
    activity = world.program.activities.get(key="manage_schedule")
    lead = Membership.objects.get(user=world.user("provider.pmo_lead"))
    board_services.activity_update(
        acting_user=world.user("provider.program_manager"),
        activity=activity,
        status="in_progress",
        due_date=dt.date(2026, 12, 18),
        assignee=lead,
    )
    event = AuditEvent.objects.filter(target_id=str(activity.pk)).latest("created_at")
    assert event.actor_party == "provider"
    assert event.changes["status"] == ["not_started", "in_progress"]
    assert event.changes["due_date"] == [None, "2026-12-18"]


def test_onboarding_is_changed_by_the_provider_only(world: World) -> None:
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    with pytest.raises(PermissionDenied):
        onboarding_services.onboarding_item_update(
            acting_user=world.user("customer.program_manager"),
            item=item,
            done_date=dt.date(2026, 11, 2),
        )
    onboarding_services.onboarding_item_update(
        acting_user=world.user("provider.pmo_team"), item=item, done_date=dt.date(2026, 11, 2)
    )
    item.refresh_from_db()
    assert item.is_done
    created = onboarding_services.onboarding_item_create(
        acting_user=world.user("provider.pmo_lead"),
        program=world.program,
        title="Badge requests submitted",
    )
    assert created.position == OnboardingItem.objects.filter(program=world.program).count()
    created_pk = created.pk
    onboarding_services.onboarding_item_delete(
        acting_user=world.user("provider.pmo_lead"), item=created
    )
    assert AuditEvent.objects.filter(target_id=str(created_pk), action=AuditAction.DELETE).exists()


def test_a_term_is_agreed_when_both_parties_accept_its_current_wording(world: World) -> None:
    term = glossary_services.glossary_term_create(
        acting_user=world.user("customer.pmo_team"),
        program=world.program,
        term="Go-live",
        definition="The day users start working in the provider's system.",
    )
    glossary_services.glossary_term_accept(
        acting_user=world.user("customer.program_manager"), term=term
    )
    glossary_services.glossary_term_accept(
        acting_user=world.user("provider.executive_sponsor"), term=term
    )
    parties = set(
        GlossaryAcceptance.objects.filter(term=term, revision=term.revision).values_list(
            "party", flat=True
        )
    )
    assert parties == {"customer", "provider"}

    with pytest.raises(DomainError) as error:
        glossary_services.glossary_term_accept(
            acting_user=world.user("customer.program_manager"), term=term
        )
    assert error.value.code == ErrorCode.ALREADY_ACCEPTED
    for reader in ("independent.ivv_agent", "customer.viewer"):
        with pytest.raises(DomainError) as error:
            glossary_services.glossary_term_accept(acting_user=world.user(reader), term=term)
        assert error.value.code == ErrorCode.NOT_A_REVIEWER

    term = glossary_services.glossary_term_update(
        acting_user=world.user("provider.pmo_team"),
        term=term,
        definition="The first business day users work in the provider's system.",
    )
    assert term.revision == 2
    assert not GlossaryAcceptance.objects.filter(term=term, revision=2).exists()


def test_glossary_terms_are_unique_regardless_of_case(world: World) -> None:
    glossary_services.glossary_term_create(
        acting_user=world.user("customer.pmo_team"),
        program=world.program,
        term="Cutover",
        definition="The move from legacy to provider systems.",
    )
    with pytest.raises(DomainError) as error:
        glossary_services.glossary_term_create(
            acting_user=world.user("provider.pmo_team"),
            program=world.program,
            term="cutover",
            definition="Another wording.",
        )
    assert error.value.code == ErrorCode.DUPLICATE_TERM
    assert error.value.field == "term"
