"""Writes of the IV&V findings register. Each takes ``acting_user=``, checks the rule
(``ivv.rules``), writes, records its history and an audit event in one transaction; a
refusal changes nothing. Emails go after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from programs import limits, policy
from programs.choices import AuditAction, Party
from programs.concurrency import check_revision
from programs.errors import DomainError, PermissionRefused
from programs.links import request_base_url
from programs.models import Membership, Program
from programs.registers import allocate_number, transition_apply
from programs.services.attachments import attachments_of
from programs.services.audit import audit_record, audit_update, snapshot

from .choices import ConcernsKind, FindingResponse, FindingStatus
from .deadlines import response_due
from .models import CLOSURE_EVIDENCE, Finding, FindingHistory
from .rules import EDIT_RULE, FILE_RULE, WORKFLOW, is_ivv_agent

#: What a finding may concern besides words: "app_label.model" -> what people call it.
CONCERNABLE: dict[str, str] = dict(ConcernsKind.choices)

#: The fields the IV&V agent files and edits while the finding is open.
CONTENT_FIELDS = [
    "title",
    "raised_on",
    "source",
    "category",
    "severity",
    "integrity_level",
    "description",
    "impact",
    "recommendation",
    "concerns",
    "answering_party",
]
_TEXTS = {
    "title": ("The title", limits.MAX_TITLE_LENGTH),
    "concerns": ("What it concerns", limits.MAX_TITLE_LENGTH),
    "description": ("The description", limits.MAX_TEXT_LENGTH),
    "impact": ("The impact", limits.MAX_TEXT_LENGTH),
    "recommendation": ("The recommendation", limits.MAX_TEXT_LENGTH),
}


@dataclass(frozen=True)
class Concerns:
    """The item of the portal a finding is about: its kind (``CONCERNABLE``) and id."""

    kind: str
    id: int


def _concerned(program: Program, user: User, concerns: Concerns | None) -> models.Model | None:
    if concerns is None:
        return None
    if concerns.kind not in CONCERNABLE:
        raise DomainError(
            f"A finding concerns a {', '.join(CONCERNABLE.values()).lower()}, or words only.",
            field="concerns_kind",
        )
    app_label, model = concerns.kind.split(".")
    model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    assert model_class is not None
    path = model_class.policy_program_field  # type: ignore[attr-defined]
    found = (
        model_class._default_manager.filter(pk=concerns.id, **{path: program}).first()
        if concerns.id
        else None
    )
    if found is None or not policy.can(user, "view", found):
        raise DomainError(
            f"{program.name} has no {CONCERNABLE[concerns.kind].lower()} {concerns.id}.",
            field="concerns_id",
        )
    return found


def _check_content(program: Program, values: dict[str, Any]) -> None:
    for name, (what, limit) in _TEXTS.items():
        if name in values:
            limits.check_text(values[name] or "", field=name, limit=limit, what=what)
    if not (values.get("title") or "").strip():
        raise DomainError("A finding needs a title.", field="title")
    if not (values.get("description") or "").strip():
        raise DomainError("A finding needs a description.", field="description")
    limits.check_program_date(
        program, values.get("raised_on"), field="raised_on", what="The date raised", past_only=True
    )
    if values.get("answering_party") not in (Party.CUSTOMER, Party.PROVIDER):
        raise DomainError(
            "The customer or the provider answers a finding.", field="answering_party"
        )


def _set_concerns(finding: Finding, found: models.Model | None) -> None:
    if found is None:
        finding.concerns_type = None
        finding.concerns_id = None
    else:
        finding.concerns_type = ContentType.objects.get_for_model(type(found))
        finding.concerns_id = found.pk


def finding_create(
    *,
    acting_user: User,
    program: Program,
    title: str,
    raised_on: date,
    source: str,
    category: str,
    severity: int,
    integrity_level: int,
    description: str,
    answering_party: str,
    impact: str = "",
    recommendation: str = "",
    concerns: str = "",
    concerns_link: Concerns | None = None,
) -> Finding:
    """File a finding: the IV&V agent only. Numbered IVV-001, IVV-002... per program; its
    response is due IVV_RESPONSE_DAYS[severity] business days after the day raised."""
    if not is_ivv_agent(acting_user, program):
        raise PermissionRefused(FILE_RULE)
    values = {
        "title": title.strip(),
        "raised_on": raised_on,
        "source": source,
        "category": category,
        "severity": int(severity),
        "integrity_level": int(integrity_level),
        "description": description,
        "impact": impact,
        "recommendation": recommendation,
        "concerns": concerns.strip(),
        "answering_party": answering_party,
    }
    _check_content(program, values)
    found = _concerned(program, acting_user, concerns_link)
    with transaction.atomic():
        finding = Finding(
            program=program,
            number=allocate_number(program, Finding.register_key),
            status=FindingStatus.OPEN,
            response_due=response_due(raised_on, int(severity)),
            raised_by=acting_user,
            **values,
        )
        _set_concerns(finding, found)
        finding.full_clean()
        finding.save()
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.CREATE,
            target=finding,
            changes={k: [None, v] for k, v in values.items()},
        )
    return finding


def finding_update(
    *,
    acting_user: User,
    finding: Finding,
    concerns_link: Concerns | None = None,
    revision: int | None = None,
    **values: Any,
) -> Finding:
    """Edit what the finding says: the IV&V agent, while it is open. A new severity or date
    raised moves the response due date with it. ``revision`` is the finding's revision the
    edit was made from: if someone has changed the finding since (an edit, an answer, any
    step), nothing is written (StaleEditError with their changes)."""
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"finding_update takes no {sorted(unknown)}")
    program = finding.program
    with transaction.atomic():
        locked = Finding.objects.select_for_update().select_related("program").get(pk=finding.pk)
        if not is_ivv_agent(acting_user, program) or locked.status != FindingStatus.OPEN:
            raise PermissionRefused(EDIT_RULE)
        check_revision(locked, revision, what=f"finding {locked}")
        merged = {name: values.get(name, getattr(locked, name)) for name in CONTENT_FIELDS}
        if isinstance(merged["title"], str):
            merged["title"] = merged["title"].strip()
        _check_content(program, merged)
        found = _concerned(program, acting_user, concerns_link)
        fields = [*CONTENT_FIELDS, "response_due", "concerns_type_id", "concerns_id"]
        before = snapshot(locked, fields)
        for name, value in merged.items():
            setattr(locked, name, value)
        locked.severity = int(locked.severity)
        locked.response_due = response_due(locked.raised_on, locked.severity)
        _set_concerns(locked, found)
        locked.full_clean()
        locked.save()
        audit_update(
            acting_user=acting_user, program=program, target=locked, before=before, fields=fields
        )
    return locked


def _check_plan_owner(finding: Finding, owner: Membership | None) -> None:
    if owner is None:
        raise DomainError("A corrective action needs an owner.", field="action_owner")
    if owner.program_id != finding.program_id or owner.party != finding.answering_party:
        party = Party(finding.answering_party).label.lower()
        raise DomainError(
            f"The corrective action's owner is a member of the {party}, the party that answers.",
            field="action_owner",
        )


def finding_answer(
    *,
    acting_user: User,
    finding: Finding,
    response: str,
    rationale: str = "",
    corrective_action: str = "",
    action_owner: Membership | None = None,
    action_target: date | None = None,
) -> FindingHistory:
    """The answering party's answer: concur, partially concur or non-concur. A partial or a
    non-concurrence states its rationale; a concurrence, full or partial, its corrective action
    plan with an owner of the answering party and a target date. An answer can be revised
    until the corrective action starts."""
    rationale, corrective_action = rationale.strip(), corrective_action.strip()

    def validate(locked: Finding) -> None:
        if response not in FindingResponse.values:
            raise DomainError("Concur, partially concur or non-concur.", field="response")
        limits.check_text(
            rationale, field="rationale", limit=limits.MAX_TEXT_LENGTH, what="The rationale"
        )
        limits.check_text(
            corrective_action,
            field="corrective_action",
            limit=limits.MAX_TEXT_LENGTH,
            what="The corrective action plan",
        )
        if response != FindingResponse.CONCUR and not rationale:
            label = FindingResponse(response).label.lower()
            raise DomainError(f"An answer of {label} states its rationale.", field="rationale")
        if response == FindingResponse.NON_CONCUR:
            return
        if not corrective_action:
            raise DomainError(
                "A concurrence states its corrective action plan.", field="corrective_action"
            )
        _check_plan_owner(locked, action_owner)
        if action_target is None:
            raise DomainError("A corrective action needs a target date.", field="action_target")
        limits.check_program_date(
            locked.program, action_target, field="action_target", what="The target date"
        )
        if action_target < locked.raised_on:
            raise DomainError(
                "The target date is on or after the day the finding was raised.",
                field="action_target",
            )

    plan = response != FindingResponse.NON_CONCUR
    return _apply(
        acting_user,
        finding,
        "answer",
        changes={
            "response": response,
            "response_rationale": rationale,
            "corrective_action": corrective_action if plan else "",
            "action_owner": action_owner if plan else None,
            "action_target": action_target if plan else None,
            "answered_on": limits.today(),
            "escalated_at": None,
        },
        validate=validate,
        details={"response": response},
    )


def finding_start(*, acting_user: User, finding: Finding) -> FindingHistory:
    """The corrective action starts: a concurrence, full or partial, only."""

    def validate(locked: Finding) -> None:
        if locked.response == FindingResponse.NON_CONCUR:
            raise DomainError(
                "A non-concurrence has no corrective action to start: escalate it, accept "
                "its risk, or answer again.",
                field="response",
            )

    return _apply(acting_user, finding, "start", validate=validate)


def evidence_count(finding: Finding) -> int:
    """Closure evidence attached to the finding and not removed."""
    return attachments_of(finding).filter(purpose=CLOSURE_EVIDENCE).count()


def finding_propose_closure(
    *, acting_user: User, finding: Finding, evidence: str
) -> FindingHistory:
    """The answering party says the corrective action is done: at least one file of
    closure evidence is attached, and ``evidence`` says what it shows."""
    evidence = evidence.strip()

    def validate(locked: Finding) -> None:
        limits.check_text(
            evidence, field="evidence", limit=limits.MAX_TEXT_LENGTH, what="The evidence"
        )
        if evidence_count(locked) < 1:
            raise DomainError(
                f"Attach at least one file of {CLOSURE_EVIDENCE.lower()} for the IV&V agent "
                "to verify before proposing closure.",
                field="evidence",
            )

    return _apply(
        acting_user,
        finding,
        "propose_closure",
        changes={"closure_note": evidence},
        validate=validate,
    )


def finding_close(*, acting_user: User, finding: Finding, note: str = "") -> FindingHistory:
    """The IV&V agent verified the evidence and closes the finding."""
    limits.check_text(note, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The note")
    return _apply(acting_user, finding, "close", reason=note, changes={"closed_on": limits.today()})


def finding_send_back(*, acting_user: User, finding: Finding, reason: str) -> FindingHistory:
    """The IV&V agent finds the evidence wanting: back to in progress, with the reason."""
    limits.check_text(reason, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The reason")
    return _apply(acting_user, finding, "send_back", reason=reason)


def finding_accept_risk(*, acting_user: User, finding: Finding, rationale: str) -> FindingHistory:
    """The customer's Executive Sponsor accepts the risk instead of a corrective action."""
    limits.check_text(rationale, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The rationale")
    return _apply(
        acting_user,
        finding,
        "accept_risk",
        reason=rationale,
        changes={"risk_rationale": rationale.strip(), "closed_on": limits.today()},
    )


def finding_escalate(*, acting_user: User, finding: Finding, reason: str) -> FindingHistory:
    """The IV&V agent escalates a non-concurrence to both Executive Sponsors: recorded, and
    emailed to them after commit. Once per answer: a new answer may be escalated again."""
    limits.check_text(reason, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The reason")

    def validate(locked: Finding) -> None:
        if locked.response != FindingResponse.NON_CONCUR:
            raise DomainError(
                "Only a non-concurrence is escalated to the Executive Sponsors.",
                field="response",
            )
        if locked.escalated_at is not None:
            raise DomainError(
                f"{locked.reference} was escalated on {locked.escalated_at:%Y-%m-%d}.",
                field="response",
            )

    history = _apply(
        acting_user,
        finding,
        "escalate",
        reason=reason,
        changes={"escalated_at": timezone.now()},
        validate=validate,
    )
    from .tasks import notify_escalation

    base = request_base_url()
    transaction.on_commit(lambda: notify_escalation.delay(history.pk, base))
    return history


def finding_reopen(*, acting_user: User, finding: Finding, reason: str) -> FindingHistory:
    """The IV&V agent reopens a closed finding: back to in progress, with the reason."""
    limits.check_text(reason, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The reason")
    return _apply(acting_user, finding, "reopen", reason=reason, changes={"closed_on": None})


def _apply(
    acting_user: User,
    finding: Finding,
    name: str,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    validate: Any = None,
    details: dict[str, Any] | None = None,
) -> FindingHistory:
    history = transition_apply(
        acting_user=acting_user,
        item=finding,
        workflow=WORKFLOW,
        name=name,
        history_model=FindingHistory,
        reason=reason,
        changes=changes,
        validate=validate,
        details=details,
    )
    assert isinstance(history, FindingHistory)
    return history
