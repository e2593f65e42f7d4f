"""How a program reports: its period length, the business day its report is due, and who
receives a released report (members of the program and outside addresses). The Program
Managers and PMO Leads of both parties set it; the period length is fixed once a report has
been built (the periods of the reports would no longer be the program's)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from programs.choices import AuditAction
from programs.errors import DomainError, PermissionRefused
from programs.models import Membership, Program
from programs.services.audit import audit_record

from ..choices import PeriodLength
from ..models import ReportSettings, StatusReport
from ..rules import may_build

SETTERS = (
    "Only the Program Managers and PMO Leads of the customer and the provider set how the "
    "program reports."
)
MAX_OUTSIDE = 50

#: The investment's identifiers on the IT Dashboard and their longest lengths.
IDENTIFIERS = {
    "agency_code": 10,
    "agency_name": 200,
    "current_uii": 20,
    "investment_name": 200,
    "project_id": 40,
    "agency_project_id": 40,
    "project_goal": 2000,
}
#: A UII: the three-digit agency code, a hyphen and nine digits ("023-000001234").
UII = re.compile(r"\d{3}-\d{9}")


def _identifiers(raw: Mapping[str, str]) -> dict[str, str]:
    found = {}
    for name, longest in IDENTIFIERS.items():
        value = str(raw.get(name, "")).strip()
        if len(value) > longest:
            label = name.replace("_", " ")
            raise DomainError(f"The {label} is at most {longest} characters.", field=name)
        found[name] = value
    uii = found["current_uii"]
    if uii and not UII.fullmatch(uii):
        raise DomainError(
            "A UII is the three-digit agency code, a hyphen and nine digits, such as "
            "023-000001234.",
            field="current_uii",
        )
    if found["agency_code"] and not found["agency_code"].isdigit():
        raise DomainError("An agency code is digits, such as 023.", field="agency_code")
    return found


def _addresses(raw: Iterable[str]) -> list[str]:
    found: list[str] = []
    for item in raw:
        address = item.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError as error:
            raise DomainError(
                f"{address[:100]} is not an email address; nothing was changed.",
                field="outside_emails",
            ) from error
        if address.lower() not in {a.lower() for a in found}:
            found.append(address)
    if len(found) > MAX_OUTSIDE:
        raise DomainError(
            f"A distribution list holds at most {MAX_OUTSIDE} outside addresses.",
            field="outside_emails",
        )
    return found


@transaction.atomic
def report_settings_update(
    *,
    acting_user: User,
    program: Program,
    period_length: str,
    due_business_day: int,
    members: Iterable[Membership],
    outside_emails: Iterable[str],
    identifiers: Mapping[str, str] | None = None,
) -> ReportSettings:
    """Save how the program reports; ``identifiers`` (the IT Dashboard's, see IDENTIFIERS)
    are left as they are when not given."""
    if not may_build(acting_user, program):
        raise PermissionRefused(SETTERS)
    if period_length not in PeriodLength.values:
        raise DomainError("A report period is monthly or quarterly.", field="period_length")
    if not 1 <= due_business_day <= 20:
        raise DomainError(
            "A report is due on business day 1 to 20 after its period ends.",
            field="due_business_day",
        )
    chosen = list(members)
    if any(m.program_id != program.pk for m in chosen):
        raise DomainError(
            "The distribution list names members of this program only.",
            field="distribution_members",
        )
    addresses = _addresses(outside_emails)
    ids = _identifiers(identifiers) if identifiers is not None else None
    current = ReportSettings.objects.select_for_update().filter(program=program).first()
    before = current.period_length if current else PeriodLength.MONTHLY
    if period_length != before and StatusReport.objects.filter(program=program).exists():
        raise DomainError(
            "The period length is fixed once a report has been built.", field="period_length"
        )
    found = current or ReportSettings(program=program)
    old = {
        "period_length": found.period_length if current else None,
        "due_business_day": found.due_business_day if current else None,
        "outside_emails": list(found.outside_emails) if current else [],
    }
    id_changes = {}
    for name, value in (ids or {}).items():
        if getattr(found, name) != value:
            id_changes[name] = [getattr(found, name), value]
            setattr(found, name, value)
    found.period_length = period_length
    found.due_business_day = due_business_day
    found.outside_emails = addresses
    found.save()
    found.distribution_members.set(chosen)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.UPDATE if current else AuditAction.CREATE,
        target=found,
        changes={
            "period_length": [old["period_length"], period_length],
            "due_business_day": [old["due_business_day"], due_business_day],
            "outside_emails": [old["outside_emails"], addresses],
            "distribution_members": [None, sorted(m.display_name for m in chosen)],
            **id_changes,
        },
    )
    return found
