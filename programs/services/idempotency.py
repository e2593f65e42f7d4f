"""Idempotent creates: one click, one object.

A form carries a key generated when it was rendered (the hidden ``idempotency_key`` field);
an API client sends one in the ``Idempotency-Key`` header, as for schedule imports. The first
request with a key creates and its answer is remembered (where the page redirected to; the
API's status and JSON body) for IDEMPOTENCY_KEY_TTL_HOURS. The same key again from the same
person for the same kind of create answers the remembered answer and creates nothing; the same
key with a different request is refused (409). The key row is written in the transaction of
the create, so a concurrent repeat waits for the first and then replays it, and a create that
fails leaves no key behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..errors import DomainError, IdempotencyConflict
from ..models import IdempotencyKey

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY = re.compile(r"[-\w]{1,64}", re.ASCII)

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    """What a create answered: a page's redirect, or an API response's status and body."""

    redirect_url: str = ""
    status: int | None = None
    body: Any = None


def key_ttl() -> dt.timedelta:
    return dt.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)


def payload_sha256(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str, *, field: str = HEADER) -> str:
    if not KEY.fullmatch(key):
        raise DomainError(f"The {field} takes up to 64 letters, digits, - or _.", field=field)
    return key


@transaction.atomic
def idempotent_create(
    *,
    acting_user: AbstractBaseUser | AnonymousUser,
    scope: str,
    key: str,
    payload: Any,
    create: Callable[[], T],
    answer: Callable[[T], Answer],
    field: str = HEADER,
) -> tuple[Answer, T | None]:
    """Run ``create`` once per ``key``: returns its answer and what it created, or, for a
    repeat, the first answer and None. Without a key, ``create`` simply runs."""
    if not key:
        created = create()
        return answer(created), created
    check_key(key, field=field)
    user_id = acting_user.pk
    if user_id is None:
        raise DomainError("Log in first.", field=field)
    digest = payload_sha256(payload)
    mine = IdempotencyKey.objects.filter(user_id=user_id, scope=scope, key=key)
    mine.filter(created_at__lt=timezone.now() - key_ttl()).delete()
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(
                user_id=user_id, scope=scope, key=key, payload_sha256=digest
            )
    except IntegrityError:
        first = mine.get()
        if first.payload_sha256 != digest:
            raise IdempotencyConflict(
                "This was already submitted with different content (the same idempotency "
                "key); reload the form, or send a new key, to create another.",
                field=field,
            ) from None
        return (
            Answer(
                redirect_url=first.redirect_url,
                status=first.response_status,
                body=first.response_body,
            ),
            None,
        )
    created = create()
    result = answer(created)
    record.redirect_url = result.redirect_url
    record.response_status = result.status
    record.response_body = result.body
    record.save(update_fields=["redirect_url", "response_status", "response_body"])
    return result, created


def form_payload(data: Any) -> Any:
    """What a form posted, without the CSRF token and the key itself (a JSON body as it is)."""
    if not isinstance(data, Mapping):
        return data
    lists = data.lists() if hasattr(data, "lists") else data.items()
    return {k: v for k, v in lists if k not in ("csrfmiddlewaretoken", FORM_FIELD)}
