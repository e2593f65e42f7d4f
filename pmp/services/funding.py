"""Writes of the program's funding: the funding documents of the interagency agreement and
their modifications.

Funding is the customer's: a document is created, changed and removed by the customer's
editors who also see costs (``may_change_funding``: by default the customer's Program
Managers and PMO Leads). Each write checks who may first, then every value against its
limit, writes and records an audit event in one transaction; a refusal names the field and
the rule and changes nothing.

The limits:
- a document's number is unique in the program (whatever its case), its fiscal year from
  2000 to 2100, its amount obligated from $0 to $999,999,999,999.99 to the cent, its period of
  performance starts on or before it ends and lasts at most ten years;
- a modification's number is unique on its document; its amount, to the cent, may be
  negative (a deobligation) but never takes the document's total obligated below $0 (nor above
  the largest amount); it takes effect from 90 days before the period of performance starts
  (funds are often obligated ahead of it) to one year after it ends (deobligations at
  close-out come after the work). A change of a document's period of performance that would
  leave one of its modifications outside that window is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from programs import limits, policy
from programs.choices import AuditAction
from programs.errors import DomainError, PermissionRefused
from programs.models import Program
from programs.services.audit import audit_record, audit_update, snapshot

from ..models import FundingDocument, FundingModification

FUNDING_RULE = (
    "Funding documents are changed by the customer's editors who see costs (its Program "
    "Managers and PMO Leads)."
)
MIN_FISCAL_YEAR = 2000
MAX_FISCAL_YEAR = 2100
MAX_MONEY = Decimal("999999999999.99")
MAX_PERFORMANCE_YEARS = 10
MAX_NUMBER_LENGTH = 60
MAX_MODIFICATION_NUMBER_LENGTH = 30
MAX_TITLE_LENGTH = 200
MAX_NOTES_LENGTH = 10_000
#: How far from the period of performance a modification may take effect.
EFFECTIVE_BEFORE_START = timedelta(days=90)
EFFECTIVE_AFTER_END = timedelta(days=365)
EFFECTIVE_RULE = (
    "A modification takes effect from 90 days before the period of performance starts to one "
    "year after it ends"
)

DOCUMENT_FIELDS = [
    "number",
    "title",
    "fiscal_year",
    "obligated",
    "performance_start",
    "performance_end",
    "notes",
]
MODIFICATION_FIELDS = ["number", "effective_on", "amount", "description"]


def may_change_funding(user: Any, program: Program) -> bool:
    """The customer's editors who see the program's costs (or an administrator)."""
    return policy.can(user, "change", FundingDocument(program=program)) and policy.can_see_costs(
        user, program
    )


def _require(user: User, program: Program) -> None:
    if not may_change_funding(user, program):
        raise PermissionRefused(FUNDING_RULE)


def money(value: Any, *, field: str, what: str, negative: bool = False) -> Decimal:
    """``value`` as an amount to the cent within its limits, or a refusal naming the field."""
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("$"))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(
            f"{what} is an amount in dollars, such as 1234.56.", field=field
        ) from None
    if not amount.is_finite():
        raise DomainError(f"{what} is an amount in dollars, such as 1234.56.", field=field)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise DomainError(f"{what} is to the cent (two decimal places at most).", field=field)
    low = -MAX_MONEY if negative else Decimal(0)
    if not low <= amount <= MAX_MONEY:
        raise DomainError(f"{what} is from ${low:,} to ${MAX_MONEY:,}.", field=field)
    return amount.quantize(Decimal("0.01"))


def _text(value: Any, *, field: str, limit: int, what: str, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(f"{what} is required.", field=field)
    limits.check_text(text, field=field, limit=limit, what=what)
    return text


def _day(value: Any, *, field: str, what: str) -> date:
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(f"{what} is a date (YYYY-MM-DD).", field=field) from None
    limits.check_date(value, field=field, what=what)
    return value


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _document_values(values: dict[str, Any]) -> dict[str, Any]:
    """The document's values checked and cleaned; a refusal names the field."""
    clean: dict[str, Any] = {
        "number": _text(
            values.get("number"),
            field="number",
            limit=MAX_NUMBER_LENGTH,
            what="The document number",
            required=True,
        ),
        "title": _text(
            values.get("title"), field="title", limit=MAX_TITLE_LENGTH, what="The title"
        ),
        "notes": _text(values.get("notes"), field="notes", limit=MAX_NOTES_LENGTH, what="Notes"),
    }
    year = values.get("fiscal_year")
    if isinstance(year, bool) or not isinstance(year, int):
        try:
            year = int(str(year))
        except ValueError:
            year = None
    if year is None or not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise DomainError(
            f"The fiscal year is a year from {MIN_FISCAL_YEAR} to {MAX_FISCAL_YEAR}.",
            field="fiscal_year",
        )
    clean["fiscal_year"] = year
    clean["obligated"] = money(
        values.get("obligated"), field="obligated", what="The amount obligated"
    )
    start = _day(
        values.get("performance_start"),
        field="performance_start",
        what="The period of performance's start",
    )
    end = _day(
        values.get("performance_end"),
        field="performance_end",
        what="The period of performance's end",
    )
    if end < start:
        raise DomainError(
            "The period of performance ends on or after the day it starts.",
            field="performance_end",
        )
    if end >= _years_later(start, MAX_PERFORMANCE_YEARS):
        raise DomainError(
            f"A period of performance lasts at most {MAX_PERFORMANCE_YEARS} years.",
            field="performance_end",
        )
    clean["performance_start"], clean["performance_end"] = start, end
    return clean


def _number_taken(program: Program, number: str, document: FundingDocument | None) -> None:
    rows = FundingDocument.objects.filter(program=program, number__iexact=number)
    if document is not None:
        rows = rows.exclude(pk=document.pk)
    if rows.exists():
        raise DomainError(
            f"The program already has funding document {number}; numbers are unique.",
            field="number",
        )


def effective_window(document: FundingDocument) -> tuple[date, date]:
    """The days a modification of ``document`` may take effect."""
    return (
        document.performance_start - EFFECTIVE_BEFORE_START,
        document.performance_end + EFFECTIVE_AFTER_END,
    )


def _check_effective(document: FundingDocument, day: date, *, field: str) -> None:
    first, last = effective_window(document)
    if not first <= day <= last:
        raise DomainError(
            f"{EFFECTIVE_RULE}: for {document.number}, from {first:%Y-%m-%d} to {last:%Y-%m-%d}.",
            field=field,
        )


def _check_total(total: Decimal, *, field: str) -> None:
    if total < 0:
        raise DomainError(
            f"The document's total obligated would be ${total:,}; it is never below $0.",
            field=field,
        )
    if total > MAX_MONEY:
        raise DomainError(
            f"The document's total obligated would be over ${MAX_MONEY:,}.", field=field
        )


def _modifications_total(document: FundingDocument, *, without: int | None = None) -> Decimal:
    rows = FundingModification.objects.filter(document=document)
    if without is not None:
        rows = rows.exclude(pk=without)
    return sum((m for m in rows.values_list("amount", flat=True)), start=Decimal("0.00"))


def document_create(*, acting_user: User, program: Program, **values: Any) -> FundingDocument:
    """Record a funding document of ``program``; audited."""
    _require(acting_user, program)
    clean = _document_values(values)
    try:
        with transaction.atomic():
            Program.objects.select_for_update().filter(pk=program.pk).first()
            _number_taken(program, clean["number"], None)
            document = FundingDocument.objects.create(program=program, **clean)
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.CREATE,
                target=document,
                changes={
                    name: [None, value]
                    for name, value in snapshot(document, DOCUMENT_FIELDS).items()
                },
            )
    except IntegrityError:  # the same number recorded meanwhile
        raise DomainError(
            f"The program already has funding document {clean['number']}; numbers are unique.",
            field="number",
        ) from None
    return document


def document_update(
    *, acting_user: User, document: FundingDocument, **values: Any
) -> FundingDocument:
    """Change a funding document (every field given; the modifications stay); audited."""
    program = document.program
    _require(acting_user, program)
    clean = _document_values(values)
    try:
        with transaction.atomic():
            found = FundingDocument.objects.select_for_update().get(pk=document.pk)
            _number_taken(program, clean["number"], found)
            before = snapshot(found, DOCUMENT_FIELDS)
            for name, value in clean.items():
                setattr(found, name, value)
            _check_total(found.obligated + _modifications_total(found), field="obligated")
            for day in found.modifications.values_list("effective_on", flat=True):
                first, last = effective_window(found)
                if not first <= day <= last:
                    raise DomainError(
                        f"{EFFECTIVE_RULE}, and a modification of {found.number} takes effect "
                        f"on {day:%Y-%m-%d}: keep the period of performance around it.",
                        field="performance_start" if day < first else "performance_end",
                    )
            found.save()
            audit_update(
                acting_user=acting_user,
                program=program,
                target=found,
                before=before,
                fields=DOCUMENT_FIELDS,
            )
    except IntegrityError:
        raise DomainError(
            f"The program already has funding document {clean['number']}; numbers are unique.",
            field="number",
        ) from None
    return found


def document_delete(*, acting_user: User, document: FundingDocument) -> None:
    """Remove a funding document with its modifications; audited (the document's values and
    its modifications' numbers and amounts are kept in the event)."""
    program = document.program
    _require(acting_user, program)
    with transaction.atomic():
        found = FundingDocument.objects.select_for_update().get(pk=document.pk)
        modifications = [
            f"{number}: {amount}"
            for number, amount in found.modifications.values_list("number", "amount")
        ]
        changes: dict[str, list[Any]] = {
            name: [value, None] for name, value in snapshot(found, DOCUMENT_FIELDS).items()
        }
        if modifications:
            changes["modifications"] = [modifications, None]
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.DELETE,
            target=found,
            changes=changes,
        )
        found.delete()


# -- modifications ---------------------------------------------------------------------------


def _modification_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": _text(
            values.get("number"),
            field="number",
            limit=MAX_MODIFICATION_NUMBER_LENGTH,
            what="The modification number",
            required=True,
        ),
        "effective_on": _day(
            values.get("effective_on"), field="effective_on", what="The effective date"
        ),
        "amount": money(
            values.get("amount"), field="amount", what="The modification's amount", negative=True
        ),
        "description": _text(
            values.get("description"),
            field="description",
            limit=MAX_NOTES_LENGTH,
            what="The description",
        ),
    }


def _modification_number_taken(
    document: FundingDocument, number: str, modification: FundingModification | None
) -> None:
    rows = FundingModification.objects.filter(document=document, number__iexact=number)
    if modification is not None:
        rows = rows.exclude(pk=modification.pk)
    if rows.exists():
        raise DomainError(
            f"{document.number} already has modification {number}; numbers are unique on a "
            "document.",
            field="number",
        )


def modification_create(
    *, acting_user: User, document: FundingDocument, **values: Any
) -> FundingModification:
    """Add a modification to a funding document; audited."""
    program = document.program
    _require(acting_user, program)
    clean = _modification_values(values)
    with transaction.atomic():
        found = FundingDocument.objects.select_for_update().get(pk=document.pk)
        _modification_number_taken(found, clean["number"], None)
        _check_effective(found, clean["effective_on"], field="effective_on")
        _check_total(
            found.obligated + _modifications_total(found) + clean["amount"], field="amount"
        )
        modification = FundingModification.objects.create(document=found, **clean)
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.CREATE,
            target=modification,
            changes={
                name: [None, value]
                for name, value in snapshot(modification, MODIFICATION_FIELDS).items()
            },
        )
    return modification


def modification_update(
    *, acting_user: User, modification: FundingModification, **values: Any
) -> FundingModification:
    """Change a modification (every field given); audited."""
    program = modification.document.program
    _require(acting_user, program)
    clean = _modification_values(values)
    with transaction.atomic():
        document = FundingDocument.objects.select_for_update().get(pk=modification.document_id)
        found = FundingModification.objects.get(pk=modification.pk)
        _modification_number_taken(document, clean["number"], found)
        _check_effective(document, clean["effective_on"], field="effective_on")
        _check_total(
            document.obligated + _modifications_total(document, without=found.pk) + clean["amount"],
            field="amount",
        )
        before = snapshot(found, MODIFICATION_FIELDS)
        for name, value in clean.items():
            setattr(found, name, value)
        found.save()
        audit_update(
            acting_user=acting_user,
            program=program,
            target=found,
            before=before,
            fields=MODIFICATION_FIELDS,
        )
    return found


def modification_delete(*, acting_user: User, modification: FundingModification) -> None:
    """Remove a modification, unless that takes the document's total below $0; audited."""
    program = modification.document.program
    _require(acting_user, program)
    with transaction.atomic():
        document = FundingDocument.objects.select_for_update().get(pk=modification.document_id)
        found = FundingModification.objects.get(pk=modification.pk)
        _check_total(
            document.obligated + _modifications_total(document, without=found.pk), field="amount"
        )
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.DELETE,
            target=found,
            changes={
                name: [value, None] for name, value in snapshot(found, MODIFICATION_FIELDS).items()
            },
        )
        found.delete()
