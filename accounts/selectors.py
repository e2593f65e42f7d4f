from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from programs.models import Organisation

from .models import ApiToken, Profile


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first: nobody else's are ever listed or reached."""
    return ApiToken.objects.filter(user=user).order_by("-created", "-id")


def organisation_of(*, user: User) -> Organisation | None:
    """The organisation a person works for, None when nobody recorded one."""
    profile = Profile.objects.filter(user_id=user.pk).select_related("organisation").first()
    return profile.organisation if profile is not None else None
