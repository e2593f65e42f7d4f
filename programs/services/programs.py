"""Writes on programs: opening one with its board, checklist and first managers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..choices import (
    ACTIVITY_KEYS,
    DEFAULT_ONBOARDING_ITEMS,
    PLAY_3_1_ACTIVITIES,
    AuditAction,
    Party,
    Role,
)
from ..errors import DomainError
from ..limits import (
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    check_date,
    check_program_date,
    check_program_span,
    check_text,
)
from ..models import OnboardingItem, Organisation, PlayActivity, Program
from ..policy import require
from .audit import audit_record, audit_update, diff, snapshot
from .board import activity_follow_evidence
from .memberships import membership_create

# Program codes are URL segments beside these pages of /programs/.
RESERVED_PROGRAM_CODES = frozenset({"new", "organisations"})

PROGRAM_FIELDS = [
    "name",
    "code",
    "customer",
    "provider",
    "phase",
    "status",
    "start_date",
    "planned_end_date",
    "status_date",
    "description",
]


def _check_limits(program: Program) -> None:
    check_text(program.name, field="name", limit=MAX_TITLE_LENGTH, what="A program name")
    check_text(
        program.description, field="description", limit=MAX_TEXT_LENGTH, what="A description"
    )
    for field, what in (
        ("start_date", "The start date"),
        ("planned_end_date", "The planned end date"),
        ("status_date", "The status date"),
    ):
        check_date(getattr(program, field), field=field, what=what)
    check_program_span(program.start_date, program.planned_end_date)
    check_program_date(program, program.status_date, field="status_date", what="The status date")


@transaction.atomic
def program_create(
    *,
    acting_user: User,
    name: str,
    code: str,
    customer: Organisation,
    provider: Organisation,
    start_date: dt.date,
    planned_end_date: dt.date,
    status_date: dt.date | None = None,
    phase: int = 3,
    description: str = "",
) -> Program:
    """A new program with its Play 3.1 board and the provider's onboarding checklist."""
    if not acting_user.is_superuser:
        raise PermissionDenied("Only a portal administrator creates programs.")
    program = Program(
        name=name,
        code=code,
        customer=customer,
        provider=provider,
        start_date=start_date,
        planned_end_date=planned_end_date,
        status_date=status_date or start_date,
        phase=phase,
        description=description,
    )
    if code.lower() in RESERVED_PROGRAM_CODES:
        raise DomainError(f"“{code}” names a portal page; choose another code.", field="code")
    _check_limits(program)
    program.full_clean()
    program.save()
    PlayActivity.objects.bulk_create(
        PlayActivity(
            program=program,
            key=a.key,
            number=a.number,
            title=a.title,
            artifact=a.artifact,
            owning_party=a.owning_party,
        )
        for a in PLAY_3_1_ACTIVITIES
    )
    OnboardingItem.objects.bulk_create(
        OnboardingItem(
            program=program,
            title=title,
            position=i,
            due_date=start_date + dt.timedelta(days=days),
        )
        for i, (title, days) in enumerate(DEFAULT_ONBOARDING_ITEMS, start=1)
    )
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=program,
        changes=diff({}, snapshot(program, PROGRAM_FIELDS)),
    )
    return program


@transaction.atomic
def program_open(
    *,
    acting_user: User,
    customer_manager: User,
    provider_manager: User,
    **program_values: Any,
) -> Program:
    """A new program with a Program Manager for the customer and one for the provider, so
    that each party has someone to manage its members; all of it, or nothing."""
    program = program_create(acting_user=acting_user, **program_values)
    for party, manager, field in (
        (Party.CUSTOMER, customer_manager, "customer_manager"),
        (Party.PROVIDER, provider_manager, "provider_manager"),
    ):
        try:
            membership_create(
                acting_user=acting_user,
                program=program,
                user=manager,
                party=party,
                role=Role.PROGRAM_MANAGER,
            )
        except DomainError as exc:
            exc.field = field  # the form names one manager field per party
            raise
    return program


@transaction.atomic
def program_update(*, acting_user: User, program: Program, **values: Any) -> Program:
    require(acting_user, "change", program)
    before = snapshot(program, PROGRAM_FIELDS)
    for name, value in values.items():
        if name not in PROGRAM_FIELDS or name == "code":
            raise DomainError(f"{name} cannot be changed here.", field=name)
        setattr(program, name, value)
    _check_limits(program)
    program.full_clean()
    program.save()
    audit_update(
        acting_user=acting_user,
        program=program,
        target=program,
        before=before,
        fields=PROGRAM_FIELDS,
    )
    if program.phase != before["phase"]:
        # Evidence made in an earlier phase no longer completes an activity of this one.
        for key in ACTIVITY_KEYS:
            activity_follow_evidence(acting_user=acting_user, program=program, key=key)
    return program
