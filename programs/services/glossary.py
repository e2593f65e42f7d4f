"""The shared glossary (lesson 6): terms agreed by a reviewer of each party."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from .. import policy
from ..choices import AuditAction, Party
from ..concurrency import check_revision
from ..errors import DomainError, ErrorCode
from ..limits import MAX_TERM_LENGTH, MAX_TEXT_LENGTH, check_text
from ..models import GlossaryAcceptance, GlossaryTerm, Program
from ..policy import require
from .audit import audit_record, audit_update, diff, snapshot

#: The wording of a term: all that an edit changes, and what the parties accept.
GLOSSARY_FIELDS = ["term", "definition"]


@transaction.atomic
def glossary_term_create(
    *, acting_user: User, program: Program, term: str, definition: str
) -> GlossaryTerm:
    item = GlossaryTerm(program=program, term=term.strip(), definition=definition.strip())
    require(acting_user, "change", item)
    if not item.term:
        raise DomainError("The term must not be empty.", field="term")
    if not item.definition:
        raise DomainError("The definition must not be empty.", field="definition")
    _check_limits(item)
    if GlossaryTerm.objects.filter(program=program, term__iexact=item.term).exists():
        raise DomainError(
            f"The glossary already has “{item.term}”.", code=ErrorCode.DUPLICATE_TERM, field="term"
        )
    item.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=item,
        changes=diff({}, snapshot(item, GLOSSARY_FIELDS)),
    )
    return item


def _check_limits(term: GlossaryTerm) -> None:
    check_text(term.term, field="term", limit=MAX_TERM_LENGTH, what="A term")
    check_text(term.definition, field="definition", limit=MAX_TEXT_LENGTH, what="A definition")


@transaction.atomic
def glossary_term_update(
    *,
    acting_user: User,
    term: GlossaryTerm,
    new_term: str | None = None,
    definition: str | None = None,
    revision: int | None = None,
) -> GlossaryTerm:
    """Change a term's wording: a new revision, which both parties must accept again. A
    change made from an older ``revision`` than the term's is refused (StaleEditError with
    who reworded it meanwhile): the acceptances of that wording would otherwise be lost to a
    wording nobody saw."""
    term.refresh_from_db(from_queryset=GlossaryTerm.objects.select_for_update())
    require(acting_user, "change", term)
    check_revision(term, revision, what=f"the glossary term “{term}”")
    before = snapshot(term, GLOSSARY_FIELDS)
    if new_term is not None:
        new_term = new_term.strip()
        if not new_term:
            raise DomainError("The term must not be empty.", field="term")
        clash = GlossaryTerm.objects.filter(program=term.program, term__iexact=new_term)
        if clash.exclude(pk=term.pk).exists():
            raise DomainError(
                f"The glossary already has “{new_term}”.",
                code=ErrorCode.DUPLICATE_TERM,
                field="term",
            )
        term.term = new_term
    if definition is not None:
        if not definition.strip():
            raise DomainError("The definition must not be empty.", field="definition")
        term.definition = definition.strip()
    _check_limits(term)
    if snapshot(term, GLOSSARY_FIELDS) != before:
        try:
            term.save()
        except IntegrityError:
            raise DomainError(
                "The glossary already has this term.", code=ErrorCode.DUPLICATE_TERM, field="term"
            ) from None
        # The audited change moves the term to its next revision: the wording to accept.
        audit_update(
            acting_user=acting_user,
            program=term.program,
            target=term,
            before=before,
            fields=GLOSSARY_FIELDS,
        )
    return term


@transaction.atomic
def glossary_term_delete(*, acting_user: User, term: GlossaryTerm) -> None:
    require(acting_user, "change", term)
    audit_record(
        acting_user=acting_user,
        program=term.program,
        action=AuditAction.DELETE,
        target=term,
        changes=diff(snapshot(term, GLOSSARY_FIELDS), {}),
    )
    term.delete()


@transaction.atomic
def glossary_term_accept(*, acting_user: User, term: GlossaryTerm) -> GlossaryAcceptance:
    """A reviewer of the customer or the provider accepts the current wording."""
    membership = policy.membership_of(acting_user, term.program)
    if (
        membership is None
        or membership.party not in (Party.CUSTOMER, Party.PROVIDER)
        or not (
            policy.can_change_party(acting_user, term.program, membership.party)
            or membership.is_signatory
        )
    ):
        raise DomainError(
            "Only a customer or provider member who edits or signs artifacts accepts glossary "
            "terms.",
            code=ErrorCode.NOT_A_REVIEWER,
        )
    if GlossaryAcceptance.objects.filter(
        term=term, user=acting_user, revision=term.revision
    ).exists():
        raise DomainError(
            "You have already accepted this wording.", code=ErrorCode.ALREADY_ACCEPTED
        )
    acceptance = GlossaryAcceptance.objects.create(
        term=term, user=acting_user, party=membership.party, revision=term.revision
    )
    audit_record(
        acting_user=acting_user,
        program=term.program,
        action=AuditAction.ACCEPT,
        target=term,
        changes={"accepted_revision": [None, term.revision]},
    )
    return acceptance
