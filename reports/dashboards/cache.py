"""What a dashboard shows is kept in the cache under the program's revision (moved on by
every audited write, ``Program.revision``), the day (overdue items and the current period
move with it) and what the viewer may see (their party, their role and whether the program's
costs are shown to them), so nobody is served figures computed for someone else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from programs import policy
from programs.kept_parts import template_digest
from programs.models import Program

T = TypeVar("T")

#: Part of every key: a change to the layout of what is kept is a new number.
LAYOUT = 1


def viewer_of(user: policy.AnyUser, program: Program) -> str:
    """What of the viewer shapes the program's dashboard, as part of a key."""
    if getattr(user, "is_superuser", False):
        who = "administrator"
    else:
        membership = policy.membership_of(user, program)
        who = f"{membership.party}.{membership.role}" if membership else "reader"
    costs = "costs" if policy.can_see_costs(user, program) else "no-costs"
    return f"{who}.{costs}"


@dataclass(frozen=True)
class Access:
    """What a person may see of a program's dashboard: part of its keys (``viewer``), and
    whether its costs are shown."""

    viewer: str
    shows_costs: bool


def access_of(user: policy.AnyUser, program: Program) -> Access | None:
    """None unless ``policy.can(user, "view", program)``. A request's program comes from
    ``get_program``, which keeps the reader's access under the program's revision, so this
    asks no query of its own."""
    if not user.is_authenticated or not user.is_active or not policy.can(user, "view", program):
        return None
    return Access(viewer_of(user, program), policy.can_see_costs(user, program))


#: The templates whose output is kept: a new release that changes them is not served what
#: the old ones rendered.
KEPT_TEMPLATES = (
    "reports/dashboard/_body.html",
    "reports/includes/status.html",
    "pmp/cost/_chart.html",
)


def key_of(kind: str, program: Program, today: date, viewer: str) -> str:
    return (
        f"reports:dashboard:{LAYOUT}.{template_digest(*KEPT_TEMPLATES)}:{kind}:{program.pk}:{program.revision}:"
        f"{today}:{viewer}"
    )


def _seconds() -> int:
    return int(getattr(settings, "REPORTS_DASHBOARD_CACHE_SECONDS", 24 * 3600))


def found(key: str) -> Any:
    return cache.get(key)


def keep(key: str, value: Any) -> None:
    cache.set(key, value, _seconds())


def kept(key: str, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """The value kept under ``key``, computed and kept when there is none (unless ``keep``
    says the value is not to be kept: a part of it failed)."""
    value = cache.get(key)
    if value is not None:
        return value
    value = compute()
    if keep is None or keep(value):
        cache.set(key, value, _seconds())
    return value


def kept_many(keys: dict[str, Any]) -> dict[str, Any]:
    """The values kept under ``keys`` (one cache round trip), by key."""
    return cache.get_many(list(keys))


def keep_many(values: dict[str, Any]) -> None:
    cache.set_many(values, _seconds())
