"""Per-program numbering of a register's items, without gaps or duplicates."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ..models import Program, RegisterCounter


def allocate_number(program: Program, register: str) -> int:
    """The next number of ``register`` in ``program``. Takes a lock on the counter row until
    the caller's transaction ends: call it inside the transaction that creates the item, so a
    rollback gives the number back and a concurrent create waits for it."""
    return allocate_numbers(program, register, 1)[0]


def allocate_numbers(program: Program, register: str, count: int) -> range:
    """The next ``count`` numbers of ``register`` in ``program``, in order, as
    ``allocate_number`` gives one (an import creating many items takes them at once)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number runs inside the transaction that creates the item.")
    counters = RegisterCounter.objects.select_for_update()
    counter = counters.filter(program=program, register=register).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = RegisterCounter.objects.create(program=program, register=register)
        except IntegrityError:  # another transaction created it first: wait for its lock
            counter = counters.get(program=program, register=register)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return range(first, counter.last_number + 1)
