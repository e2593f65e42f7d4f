"""Granting and taking back the portfolio viewer flag (``reports.dashboards.
portfolio_viewers``): portal administrators only, audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from programs.choices import AuditAction
from programs.errors import DomainError, ErrorCode
from programs.services.audit import audit_record

from ..dashboards.portfolio_viewers import GROUP, viewer_group


def portfolio_viewer_set(*, acting_user: User, username: str, viewer: bool) -> User:
    """Make ``username`` a portfolio viewer (``viewer``) or not; refused to anyone but a
    portal administrator, and for an unknown username."""
    if not (acting_user.is_active and acting_user.is_superuser):
        raise DomainError(
            "Only a portal administrator grants or takes back the portfolio viewer flag.",
            code=ErrorCode.PERMISSION_DENIED,
        )
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username.strip()).first()
        if user is None:
            raise DomainError(f"No account has the username “{username}”.", field="username")
        before = user.groups.filter(name=GROUP).exists()
        if before == viewer:
            return user
        if viewer:
            user.groups.add(viewer_group())
        else:
            user.groups.remove(viewer_group())
        audit_record(
            acting_user=acting_user,
            program=None,
            action=AuditAction.UPDATE,
            target=user,
            changes={"portfolio viewer": [before, viewer]},
        )
    return user
