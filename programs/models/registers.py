"""The numbering of the registers of a program (IVV-001, R-012)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    pass
from .core import Program


class RegisterCounter(models.Model):
    """The last number given in one register of a program (IVV-003, R-12): locked while the
    next one is taken, so numbers never repeat and never skip (``programs.registers``)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    register = models.CharField(max_length=40, help_text="Which register, e.g. ivv_finding.")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "register"], name="one_counter_per_program_register"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} of program {self.program_id}: {self.last_number}"
