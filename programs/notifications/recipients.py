"""Who is told: members of a program by party, role and signing authority."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from ..models import Program


def members(
    program: Program | None,
    *,
    parties: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    signatory: bool = False,
) -> QuerySet[Any]:
    """The active users who are members of ``program`` for ``parties`` in ``roles``."""
    users = get_user_model().objects.filter(is_active=True)
    if program is None:
        return users.none()
    conditions: dict[str, Any] = {"memberships__program": program}
    if parties is not None:
        conditions["memberships__party__in"] = list(parties)
    if roles is not None:
        conditions["memberships__role__in"] = list(roles)
    if signatory:
        conditions["memberships__is_signatory"] = True
    return users.filter(**conditions).distinct()
