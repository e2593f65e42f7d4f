"""``Authorization: Token <secret>`` checked against the hashed tokens of ApiToken."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from knox.auth import TokenAuthentication

from .models import ApiToken

# Writing the time of use on every request would add a write to every read; a minute is
# precise enough to tell an owner whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    def _cleanup_token(self, auth_token: Any) -> bool:
        # knox deletes the owner's expired tokens on every request (a query each time); an
        # expired token is refused here and stays listed, marked expired, until revoked.
        return bool(auth_token.is_expired)

    def validate_user(self, auth_token: Any) -> tuple[Any, Any]:
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return user, token
