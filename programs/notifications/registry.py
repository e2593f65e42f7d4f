"""The kinds of notification, each registered by the app whose events it describes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models

from ..models import AuditEvent

#: (event, target) -> the users to notify; filtered afterwards to members who may view it.
Recipients = Callable[[AuditEvent, Any], Iterable[Any]]


@dataclass(frozen=True)
class NotificationKind:
    """One kind: which audit events it is (the target's model, ``app_label.modelname``, the
    actions, and optionally a test of the event's changes), for whom, and how it reads."""

    key: str
    #: As the preferences page lists it: "A version put in review".
    label: str
    model: str
    actions: frozenset[str]
    recipients: Recipients
    #: (event, target) -> the notification's title.
    title: Callable[[AuditEvent, Any], str]
    applies: Callable[[AuditEvent], bool] = field(default=lambda event: True)

    def link(self, target: models.Model) -> str:
        get_url = getattr(target, "get_absolute_url", None)
        return str(get_url()) if get_url else ""


_KINDS: dict[str, NotificationKind] = {}


def default_delivery() -> str:
    """How a person gets a kind they made no choice for: PMO_NOTIFICATION_DEFAULT_DELIVERY,
    "digest" unless set (the portal and the digest; the events that already email the people
    who must act, such as a signature wanted, do not email them twice)."""
    return str(settings.PMO_NOTIFICATION_DEFAULT_DELIVERY)


def register_notification_kind(kind: NotificationKind) -> None:
    """Called from an app's ``ready``; registering the same key again replaces it."""
    _KINDS[kind.key] = kind


def notification_kinds() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def notification_kind(key: str) -> NotificationKind | None:
    return _KINDS.get(key)


def kinds_for(model_label: str, action: str) -> list[NotificationKind]:
    """The kinds an event of ``action`` on a ``model_label`` row may be (before ``applies``)."""
    return [k for k in _KINDS.values() if k.model == model_label and action in k.actions]


def status_change(before: str, after: str) -> Callable[[AuditEvent], bool]:
    """An ``applies`` test: the event moved the row's status from ``before`` to ``after``."""

    def applies(event: AuditEvent) -> bool:
        return list(event.changes.get("status") or []) == [before, after]

    return applies


def status_changed_to(*after: str) -> Callable[[AuditEvent], bool]:
    """An ``applies`` test: the event moved the row's status to one of ``after``."""

    def applies(event: AuditEvent) -> bool:
        pair = event.changes.get("status") or []
        return len(pair) == 2 and pair[1] in after

    return applies
