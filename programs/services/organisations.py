"""Writes on organisations: the federal agencies, shared-service providers and IV&V firms that
programs bring together. Only a portal administrator adds them; they belong to no program."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ..choices import AuditAction, OrganisationKind, in_words
from ..errors import DomainError, ErrorCode
from ..models import Organisation
from .audit import audit_record, diff, snapshot

ORGANISATION_FIELDS = ["name", "acronym", "kind"]


@transaction.atomic
def organisation_create(*, acting_user: User, name: str, acronym: str, kind: str) -> Organisation:
    if not acting_user.is_superuser:
        raise PermissionDenied("Only a portal administrator adds organisations.")
    organisation = Organisation(name=name.strip(), acronym=acronym.strip(), kind=kind)
    if not organisation.name:
        raise DomainError("The name must not be empty.", field="name")
    if not organisation.acronym:
        raise DomainError("The acronym must not be empty.", field="acronym")
    if kind not in OrganisationKind.values:
        raise DomainError(
            f"Choose a kind of organisation: {in_words(OrganisationKind, lower=True)}.",
            field="kind",
        )
    # Case does not make another organisation: "GSA" and "gsa" would confuse every list.
    if Organisation.objects.filter(name__iexact=organisation.name).exists():
        raise DomainError(
            f"An organisation named “{organisation.name}” already exists.",
            code=ErrorCode.ORGANISATION_EXISTS,
            field="name",
        )
    if Organisation.objects.filter(acronym__iexact=organisation.acronym).exists():
        raise DomainError(
            f"An organisation with the acronym “{organisation.acronym}” already exists.",
            code=ErrorCode.ORGANISATION_EXISTS,
            field="acronym",
        )
    organisation.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Someone else added the same organisation between the check and the save.
        raise DomainError(
            "This organisation already exists.", code=ErrorCode.ORGANISATION_EXISTS, field="name"
        ) from None
    audit_record(
        acting_user=acting_user,
        program=None,
        action=AuditAction.CREATE,
        target=organisation,
        changes=diff({}, snapshot(organisation, ORGANISATION_FIELDS)),
    )
    return organisation
