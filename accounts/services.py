"""Writes about a person's own account: API tokens and the password. Each records an audit
event (with no program: these belong to the account, not to a program)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from knox.settings import knox_settings

from programs.choices import AuditAction
from programs.models import Organisation
from programs.services.audit import audit_record

from .models import ApiToken, Profile


@transaction.atomic
def api_token_create(
    *, acting_user: User, name: str, ttl: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A new API token of ``acting_user``, valid for ``ttl`` (the API_TOKEN_TTL_DAYS setting
    by default). Returns the token and its secret, which is shown once and never stored."""
    token, secret = ApiToken.objects.create(
        user=acting_user, expiry=ttl or knox_settings.TOKEN_TTL, name=name.strip()
    )
    audit_record(
        acting_user=acting_user,
        program=None,
        action=AuditAction.CREATE,
        target=token,
        changes={"name": [None, token.name], "expiry": [None, token.expiry]},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, acting_user: User, token: ApiToken) -> None:
    """Revoke one of ``acting_user``'s own tokens: requests sending it are refused from now."""
    if token.user_id != acting_user.pk:
        raise PermissionDenied("Only its owner can revoke an API token.")
    audit_record(acting_user=acting_user, program=None, action=AuditAction.DELETE, target=token)
    token.delete()


@transaction.atomic
def user_password_change(*, acting_user: User, new_password: str) -> int:
    """Set ``acting_user``'s new password and revoke all their API tokens (a token obtained
    with the old password must not outlive it). Their other sessions end by themselves: Django
    checks each session against the password. Returns how many tokens were revoked."""
    acting_user.set_password(new_password)
    acting_user.save(update_fields=["password"])
    revoked, _ = ApiToken.objects.filter(user=acting_user).delete()
    audit_record(
        acting_user=acting_user,
        program=None,
        action=AuditAction.UPDATE,
        target=acting_user,
        changes={"password": ["(old)", "(changed)"], "api_tokens": [revoked, 0]},
    )
    return revoked


@transaction.atomic
def profile_set_organisation(
    *, acting_user: User, user: User, organisation: Organisation | None
) -> Profile:
    """Record the organisation ``user`` works for. Only a portal administrator does this: the
    organisation decides which party of a program a person may join."""
    if not acting_user.is_superuser:
        raise PermissionDenied("Only a portal administrator records a person's organisation.")
    profile, created = Profile.objects.select_for_update().get_or_create(user=user)
    before = str(profile.organisation) if profile.organisation_id else None
    profile.organisation = organisation
    profile.save()
    after = str(organisation) if organisation is not None else None
    if before != after:
        audit_record(
            acting_user=acting_user,
            program=None,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            target=profile,
            changes={"organisation": [before, after]},
        )
    return profile
