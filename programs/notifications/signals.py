"""Every audited write is a possible event: after its transaction commits, the events a
registered kind describes are dispatched (``tasks.dispatch_event``)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

from ..links import request_base_url
from ..models import AuditEvent
from ..work import counts_cache_key
from .registry import kinds_for


def audit_event_saved(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    if instance.actor_id is not None:
        # What the person just did may be what waited on them: recount on their next page
        # (forgotten at once; a page read before the commit keeps the old count a minute).
        cache.delete(counts_cache_key(instance.actor_id))
    content_type = ContentType.objects.get_for_id(instance.target_type_id)
    kinds = kinds_for(f"{content_type.app_label}.{content_type.model}", instance.action)
    if not any(k.applies(instance) for k in kinds):
        return
    from .tasks import dispatch_event

    event_id, request_base = instance.pk, request_base_url()
    transaction.on_commit(lambda: dispatch_event.delay(event_id, request_base))


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(audit_event_saved, sender=AuditEvent, dispatch_uid="notifications")
