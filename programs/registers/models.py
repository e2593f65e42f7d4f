"""The abstract models of a register: its items and the history of their transitions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ..choices import Party
from ..concurrency import Revisioned
from ..models import Program


class RegisterItem(Revisioned):
    """An item of a program's register. A subclass names its ``program`` foreign key's
    ``related_name`` by redeclaring it if it wants one, sets ``register_key`` (the counter's
    name) and ``register_prefix`` (IVV, R, CAR), declares its ``status`` choices, and keeps
    ``number`` unique per program with a constraint of its own (constraint names are global).

    Several people edit an item: its ``revision`` moves on with every edit and every step of
    its life cycle, so a save made from an edit form opened before is refused with what
    changed meanwhile (``programs.concurrency``)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(editable=False)
    status = models.CharField(max_length=24)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    register_key: ClassVar[str] = ""
    register_prefix: ClassVar[str] = ""
    #: Digits a reference shows at least: IVV-001.
    reference_digits: ClassVar[int] = 3
    policy_program_field: ClassVar[str] = "program"

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        return f"{self.register_prefix}-{self.number:0{self.reference_digits}d}"


class RegisterHistory(models.Model):
    """One transition of a register item: from which status to which, who (and as which
    party, kept if the account goes), when and why. A subclass adds ``item``, the foreign key
    to its register's model with ``related_name="history"``."""

    action = models.CharField(max_length=40, help_text="The transition's name, e.g. close.")
    from_status = models.CharField(max_length=24)
    to_status = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    actor_party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    details: models.JSONField[Any, Any] = models.JSONField(
        default=dict, blank=True, help_text="What the transition recorded besides the status."
    )
    at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_name} at {self.at:%Y-%m-%d %H:%M}"
