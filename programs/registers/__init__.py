"""Registers: numbered items of a program that move through a life cycle (IV&V findings,
RAID items, corrective action requests, lessons learned).

What a register app declares, and what this package gives it:

- its item model subclasses ``RegisterItem`` (``program``, ``number``, ``status``; a
  ``reference`` such as IVV-003 from ``register_prefix``) and its history model
  ``RegisterHistory`` (one row per transition: from, to, who as which party, when, why);
- ``allocate_number(program, register)`` gives the next number of a program's register,
  under a lock on its counter row: no gaps, no duplicates, whatever runs at once;
- a ``Workflow`` of ``Transition`` rows (name, from, to, who may: a predicate on (user,
  item), and the rule a refusal quotes); ``transition_apply`` applies one: checks the status
  and the rule, writes the item, its history row and an audit event in one transaction;
- ``RegisterFilterSet``, the base of the FilterSet a register's page and API share;
- ``register_xlsx`` and ``register_pdf``: the (filtered) register as a workbook with typed
  cells and as a tagged PDF with a running header, from ``Column`` declarations.
"""

from .exports import Column, register_pdf, register_xlsx
from .filters import RegisterFilterSet
from .models import RegisterHistory, RegisterItem
from .numbering import allocate_number, allocate_numbers
from .workflow import Transition, TransitionRefused, Workflow, transition_apply

__all__ = [
    "Column",
    "RegisterFilterSet",
    "RegisterHistory",
    "RegisterItem",
    "Transition",
    "TransitionRefused",
    "Workflow",
    "allocate_number",
    "allocate_numbers",
    "register_pdf",
    "register_xlsx",
    "transition_apply",
]
