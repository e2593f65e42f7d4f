"""Writes of the IV&V reports: starting the report of a period. Everything after (saving,
review, signing, new versions) is the shared document life cycle of
``programs.services.documents``, which checks the policy and audits every write."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from programs import policy
from programs.choices import OwningParty
from programs.errors import DomainError, ErrorCode
from programs.models import Document, Program
from programs.services.documents import document_create

from .report import IVV_REPORT, IVV_REPORT_KIND, period_key, period_words

AUTHOR_CAPACITY = "IV&V agent (author)"


def report_title(start: dt.date) -> str:
    return f"{IVV_REPORT_KIND.name}, {period_words(start)}"


@transaction.atomic
def report_create(
    *, acting_user: User, program: Program, period_start: dt.date, period_end: dt.date
) -> Document:
    """Start the IV&V report of the period from ``period_start`` to ``period_end``: one per
    period (the month it starts in), written by the IV&V agent, who is named as its signer."""
    policy.require(
        acting_user, "change", Document(program=program, owning_party=IVV_REPORT_KIND.owning_party)
    )
    if period_end < period_start:
        raise DomainError(
            "The period end is before the period start.",
            code=ErrorCode.INVALID_CONTENT,
            field="period_end",
        )
    key = period_key(period_start)
    exists = (
        f"The program already has the IV&V report for {period_words(period_start)}: start a "
        "new version of it instead."
    )
    if Document.objects.filter(program=program, kind=IVV_REPORT, key=key).exists():
        raise DomainError(exists, code=ErrorCode.DOCUMENT_EXISTS, field="period_start")
    return document_create(
        acting_user=acting_user,
        program=program,
        kind=IVV_REPORT,
        key=key,
        exists_message=exists,
        title=report_title(period_start),
        owning_party=OwningParty.INDEPENDENT,
        named_signers=[(acting_user, AUTHOR_CAPACITY)],
        content={
            "fields": {
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
            }
        },
    )
