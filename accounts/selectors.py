from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from .models import ApiToken


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first: nobody else's are ever listed or reached."""
    return ApiToken.objects.filter(user=user).order_by("-created", "-id")
