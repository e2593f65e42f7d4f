"""Writes of the RAID log. Each takes ``acting_user=``, checks who may (``raid_rules``) and
what the content must be (``raid_checks``), writes and records an audit event in one
transaction; a refusal names the field and the rule and changes nothing. A risk's scores
are kept in its score history each time they change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import limits, policy
from programs.choices import AuditAction
from programs.concurrency import check_revision
from programs.errors import DomainError, PermissionRefused
from programs.models import Program, person_name
from programs.registers import allocate_number
from programs.services.audit import audit_record, audit_update, snapshot

from .. import risk_matrix
from ..choices import INITIAL_STATUS, LinkKind, RaidKind
from ..models import Meeting, RaidComment, RaidItem, RaidLink, RiskScheme, RiskScore
from .raid_checks import COMMON_FIELDS, KIND_FIELDS, check_item
from .raid_rules import (
    CHANGE_RULE,
    COMMENT_RULE,
    SCHEME_RULE,
    may_comment,
    may_create,
    may_create_any,
    may_edit,
    may_set_scheme,
)

SCORE_FIELDS = (
    "inherent_probability",
    "inherent_impact",
    "residual_probability",
    "residual_impact",
)


# -- the risk scheme -------------------------------------------------------------------------


def scheme_for(program: Program) -> RiskScheme:
    """The program's risk scheme, made with the defaults on first use."""
    try:
        return program.risk_scheme
    except RiskScheme.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            scheme = RiskScheme.objects.create(program=program)
    except IntegrityError:  # made meanwhile by another request
        scheme = RiskScheme.objects.get(program=program)
    program.risk_scheme = scheme
    return scheme


def scheme_update(
    *,
    acting_user: User,
    program: Program,
    probability_labels: list[str],
    impact_labels: list[str],
    bands: list[list[str]],
    review_interval_days: int,
) -> RiskScheme:
    """Set the scheme's labels, banding and review interval (1 to 366 days)."""
    if not may_set_scheme(acting_user, program):
        raise PermissionRefused(SCHEME_RULE)
    probability_labels = [str(label).strip() for label in probability_labels]
    impact_labels = [str(label).strip() for label in impact_labels]
    for name, labels, what in (
        ("probability_labels", probability_labels, "probability"),
        ("impact_labels", impact_labels, "impact"),
    ):
        problem = risk_matrix.labels_error(labels, what=what)
        if problem:
            raise DomainError(problem, field=name)
    problem = risk_matrix.bands_error(bands)
    if problem:
        raise DomainError(problem, field="bands")
    if isinstance(review_interval_days, bool) or not 1 <= int(review_interval_days) <= 366:
        raise DomainError("Risks are reviewed every 1 to 366 days.", field="review_interval_days")
    fields = ["probability_labels", "impact_labels", "bands", "review_interval_days"]
    with transaction.atomic():
        scheme = RiskScheme.objects.select_for_update().get(pk=scheme_for(program).pk)
        before = snapshot(scheme, fields)
        scheme.probability_labels = probability_labels
        scheme.impact_labels = impact_labels
        scheme.bands = bands
        scheme.review_interval_days = int(review_interval_days)
        scheme.save()
        audit_update(
            acting_user=acting_user, program=program, target=scheme, before=before, fields=fields
        )
    program.risk_scheme = scheme
    return scheme


# -- items -----------------------------------------------------------------------------------


def fields_of(kind: str) -> list[str]:
    """What people say of an item of ``kind``: the fields its create and update take."""
    return [*COMMON_FIELDS, *KIND_FIELDS[kind]]


def audited_fields(kind: str) -> list[str]:
    """The fields an update of an item of ``kind`` records in its audit event."""
    return [*fields_of(kind), "inherent_score", "residual_score"]


def set_scores(item: RaidItem) -> None:
    """The scores of the item's ratings (probability x impact), before saving it."""
    p, i = item.inherent_probability, item.inherent_impact
    item.inherent_score = p * i if p and i else None
    p, i = item.residual_probability, item.residual_impact
    item.residual_score = p * i if p and i else None


def _record_score(item: RaidItem, user: User | None, at: Any = None) -> None:
    score = score_row(item, user, at)
    if score is not None:
        score.save()


def score_row(item: RaidItem, user: User | None, at: Any = None) -> RiskScore | None:
    """The row of the risk's score history for its scores as they now stand, unsaved (None
    unless it is a rated risk)."""
    p, i = item.inherent_probability, item.inherent_impact
    if item.kind != RaidKind.RISK or item.inherent_score is None or p is None or i is None:
        return None
    return RiskScore(
        item=item,
        at=at or timezone.now(),
        inherent_probability=p,
        inherent_impact=i,
        inherent_score=item.inherent_score,
        residual_probability=item.residual_probability,
        residual_impact=item.residual_impact,
        residual_score=item.residual_score,
        recorded_by=user,
    )


def audit_values(values: dict[str, Any]) -> dict[str, list[Any]]:
    """The audit changes of a new item: each value it was given."""
    return {k: [None, v] for k, v in values.items() if v not in (None, "", False)}


def item_create(
    *,
    acting_user: User,
    program: Program,
    kind: str,
    meeting: Meeting | None = None,
    **values: Any,
) -> RaidItem:
    """Record a risk, action, issue or decision, numbered per kind (R-12, A-40). A risk's next
    review falls the scheme's interval after the day raised unless given. ``meeting``: the
    governance meeting that recorded it (of the same program)."""
    if kind not in RaidKind.values:
        raise DomainError("A RAID item is a risk, an action, an issue or a decision.", field="kind")
    unknown = set(values) - set(fields_of(kind))
    if unknown:
        raise TypeError(f"item_create of a {kind} takes no {sorted(unknown)}")
    if meeting is not None and meeting.program_id != program.pk:
        raise DomainError("An item is recorded by a meeting of its own program.", field="meeting")
    if not may_create_any(acting_user, program):
        raise PermissionRefused(CHANGE_RULE)
    values = new_item_values(program, scheme_for(program), kind, values)
    if not may_create(acting_user, program, values["owner_party"]):
        raise PermissionRefused(CHANGE_RULE, field="owner_party")
    with transaction.atomic():
        item = RaidItem(
            program=program,
            kind=kind,
            number=allocate_number(program, RaidKind(kind).register_key),
            status=INITIAL_STATUS[kind],
            raised_by=acting_user,
            meeting=meeting,
            **values,
        )
        set_scores(item)
        item.save()
        _record_score(item, acting_user)
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.CREATE,
            target=item,
            changes={
                "kind": [None, kind],
                **audit_values(values),
                **({"meeting": [None, str(meeting)]} if meeting else {}),
            },
        )
    return item


def new_item_values(
    program: Program, scheme: RiskScheme, kind: str, values: dict[str, Any]
) -> dict[str, Any]:
    """``values`` of a new item of ``kind`` as stored: texts stripped, raised today unless
    given, checked (``check_item``: the first rule broken is raised), and a risk's next review
    the scheme's interval after the day raised unless given."""
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    values.setdefault("raised_on", limits.today())
    check_item(program, scheme, kind, values)
    if kind == RaidKind.RISK and values.get("next_review_on") is None:
        values["next_review_on"] = values["raised_on"] + timedelta(days=scheme.review_interval_days)
    return values


def edit_refusal(user: User, item: RaidItem) -> PermissionRefused | None:
    """Why ``user`` may not change what ``item`` says (None when they may)."""
    if may_edit(user, item):
        return None
    return PermissionRefused(
        CHANGE_RULE
        if not policy.can(user, "change", item)
        else f"{item.reference} is {item.get_status_display().lower()}: reopen it to change it."
    )


def updated_values(
    user: User, item: RaidItem, scheme: RiskScheme, values: dict[str, Any]
) -> dict[str, Any]:
    """Every field of ``item`` once ``values`` change it, checked (``check_item``), with the
    rule that the new owning party is one ``user`` edits for."""
    fields = fields_of(item.kind)
    merged = {name: getattr(item, name) for name in fields}
    merged |= {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    check_item(item.program, scheme, item.kind, merged)
    if not may_create(user, item.program, merged["owner_party"]):
        raise PermissionRefused(
            "You may not give the item to a party you do not edit for. " + CHANGE_RULE,
            field="owner_party",
        )
    return merged


def item_update(
    *, acting_user: User, item: RaidItem, revision: int | None = None, **values: Any
) -> RaidItem:
    """Change what the item says. Its owning party's editors, while it is not closed, done,
    cancelled or superseded; a new owning party must be one they edit for too. ``revision``
    is the item's revision the change was made from: if someone has changed the item since
    (an edit, a review, any step), nothing is written (StaleEditError with their changes)."""
    fields = fields_of(item.kind)
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"item_update of a {item.kind} takes no {sorted(unknown)}")
    program = item.program
    with transaction.atomic():
        locked = RaidItem.objects.select_for_update().get(pk=item.pk)
        locked.program = program
        refusal = edit_refusal(acting_user, locked)
        if refusal is not None:
            raise refusal
        check_revision(locked, revision, what=f"{locked.get_kind_display().lower()} {locked}")
        merged = updated_values(acting_user, locked, scheme_for(program), values)
        audited = audited_fields(locked.kind)
        before = snapshot(locked, audited)
        old_scores = [getattr(locked, f) for f in SCORE_FIELDS]
        for name, value in merged.items():
            setattr(locked, name, value)
        set_scores(locked)
        locked.save()
        if [getattr(locked, f) for f in SCORE_FIELDS] != old_scores:
            _record_score(locked, acting_user)
        audit_update(
            acting_user=acting_user, program=program, target=locked, before=before, fields=audited
        )
    return locked


# -- links -----------------------------------------------------------------------------------


def _link_target(program: Program, user: User, kind: str, target_id: Any) -> Any:
    from ivv.models import Finding
    from schedule.models import ChangeRequest, Task

    models: dict[str, Any] = {
        LinkKind.TASK: Task,
        LinkKind.CHANGE_REQUEST: ChangeRequest,
        LinkKind.FINDING: Finding,
        LinkKind.RAID_ITEM: RaidItem,
    }
    if kind not in models:
        raise DomainError(f"A RAID item links to a {in_words_links()}.", field="kind")
    model = models[kind]
    try:
        pk = int(target_id)
    except (TypeError, ValueError):
        raise DomainError("Name the item to link to by its id.", field="target") from None
    found = model._default_manager.filter(pk=pk).first()
    what = LinkKind(kind).label.lower()
    if found is None or not policy.can(user, "view", found):
        raise DomainError(f"There is no {what} {pk} to link to.", field="target")
    if policy.program_of(found).pk != program.pk:
        raise DomainError(
            f"A RAID item links only to a {what} of its own program ({program.name}).",
            field="target",
        )
    return found


def in_words_links() -> str:
    labels = [str(label).lower() for label in LinkKind.labels]
    return ", ".join(labels[:-1]) + f" or another {labels[-1]}"


def link_add(*, acting_user: User, item: RaidItem, kind: str, target_id: Any) -> RaidLink:
    """Link the item to a schedule task, a change request, an IV&V finding or another RAID
    item of its program (a risk's response actions are links to actions)."""
    if not policy.can(acting_user, "change", item):
        raise PermissionRefused(CHANGE_RULE)
    target = _link_target(item.program, acting_user, kind, target_id)
    if kind == LinkKind.RAID_ITEM and target.pk == item.pk:
        raise DomainError("A RAID item does not link to itself.", field="target")
    field = {
        LinkKind.TASK: "task",
        LinkKind.CHANGE_REQUEST: "change_request",
        LinkKind.FINDING: "finding",
        LinkKind.RAID_ITEM: "raid_item",
    }[LinkKind(kind)]
    with transaction.atomic():
        RaidItem.objects.select_for_update().get(pk=item.pk)
        if RaidLink.objects.filter(item=item, kind=kind, **{field: target}).exists():
            raise DomainError(f"{item.reference} already links to {target}.", field="target")
        link = RaidLink.objects.create(item=item, kind=kind, **{field: target})
        audit_record(
            acting_user=acting_user,
            program=item.program,
            action=AuditAction.UPDATE,
            target=item,
            changes={"link": [None, f"{LinkKind(kind).label}: {target}"]},
        )
    return link


def link_remove(*, acting_user: User, link: RaidLink) -> None:
    item = link.item
    if not policy.can(acting_user, "change", item):
        raise PermissionRefused(CHANGE_RULE)
    with transaction.atomic():
        described = f"{link.get_kind_display()}: {link.target}"
        link.delete()
        audit_record(
            acting_user=acting_user,
            program=item.program,
            action=AuditAction.UPDATE,
            target=item,
            changes={"link": [described, None]},
        )


# -- comments --------------------------------------------------------------------------------


def comment_add(*, acting_user: User, item: RaidItem, text: str) -> RaidComment:
    """A comment on any item: members of either party but viewers, and the IV&V agent."""
    if not may_comment(acting_user, item):
        raise PermissionRefused(COMMENT_RULE)
    text = text.strip()
    if not text:
        raise DomainError("A comment says something.", field="text")
    limits.check_text(text, field="text", limit=limits.MAX_TEXT_LENGTH, what="The comment")
    membership = policy.membership_of(acting_user, item.program)
    with transaction.atomic():
        comment = RaidComment.objects.create(
            item=item,
            author=acting_user,
            author_name=person_name(acting_user),
            author_party=membership.party if membership else "",
            text=text,
            at=timezone.now(),
        )
        audit_record(
            acting_user=acting_user,
            program=item.program,
            action=AuditAction.CREATE,
            target=comment,
            changes={"comment": [None, text]},
        )
    return comment
