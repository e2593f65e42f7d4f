"""What waits on a person in the IV&V register: findings to answer (``programs.work``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser

from programs.choices import Party
from programs.models import Membership
from programs.work import EDITORS, WorkItem, programs_where

from .choices import FindingStatus
from .models import Finding

ANSWER_FINDING = "answer_finding"


def findings_to_answer(
    *, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[WorkItem]:
    """Open findings raised against the person's party, for that party's editors (who answer
    them, ``ivv.rules.answers_for``). One query."""
    editors = programs_where(memberships, parties=(Party.CUSTOMER, Party.PROVIDER), roles=EDITORS)
    findings = (
        Finding.objects.filter(status=FindingStatus.OPEN, program_id__in=list(editors))
        .select_related("program")
        .order_by("response_due", "program__code", "number")
    )
    return [
        WorkItem(
            kind=ANSWER_FINDING,
            program_code=f.program.code,
            program_name=f.program.name,
            title=str(f),
            action="Answer the finding",
            url=f.get_absolute_url(),
            due=f.response_due,
        )
        for f in findings
        if editors[f.program_id].party == f.answering_party
    ]
