"""Checks the governance and communications services share: members of the program, a
value of a set of choices, the length of texts. Each refusal names the field and the rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from programs import limits
from programs.errors import DomainError
from programs.models import Membership, Program


def program_members(
    program: Program, values: Iterable[Membership | int], *, field: str, what: str
) -> list[Membership]:
    """The memberships ``values`` names (memberships or their ids), all of ``program``; a
    value of another program, or none at all, is refused by ``field``, naming the rule."""
    wanted = list(values)
    ids = [v.pk if isinstance(v, Membership) else v for v in wanted]
    found = {m.pk: m for m in Membership.objects.filter(program=program, pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise DomainError(
            f"{what} are members of {program.name}: {', '.join(missing)} is not.", field=field
        )
    return [found[i] for i in dict.fromkeys(ids)]


def program_member(
    program: Program, value: Membership | int | None, *, field: str, what: str
) -> Membership | None:
    if value is None:
        return None
    return program_members(program, [value], field=field, what=f"{what}s")[0]


def check_choice(value: str, choices: Any, *, field: str, what: str) -> None:
    if value not in choices.values:
        known = ", ".join(choices.values)
        raise DomainError(f"{what} is one of {known}; not {value!r}.", field=field)


def check_texts(values: dict[str, Any], texts: dict[str, tuple[str, int]]) -> None:
    for name, (what, limit) in texts.items():
        if name in values:
            limits.check_text(values[name] or "", field=name, limit=limit, what=what)
