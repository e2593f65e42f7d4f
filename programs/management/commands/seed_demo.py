"""``manage.py seed_demo``: the demo programs, people and artifacts, then the logins."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand

from programs import demo


def seeding_order() -> list[AppConfig]:
    """The app configs with a ``seed_demo`` hook, in the order of INSTALLED_APPS, except that
    an app naming others in ``seed_demo_after`` (labels) is seeded after them: a demo that
    cites another app's demo data finds it there."""
    hooked = {c.label: c for c in apps.get_app_configs() if hasattr(c, "seed_demo")}
    order: list[AppConfig] = []
    placing: set[str] = set()

    def place(label: str) -> None:
        config = hooked.get(label)
        if config is None or config in order:
            return
        if label in placing:
            raise ImproperlyConfigured(f"The demo seeding of {label!r} waits on itself.")
        placing.add(label)
        for before in getattr(config, "seed_demo_after", ()):
            place(before)
        order.append(config)

    for label in hooked:
        place(label)
    return order


class Command(BaseCommand):
    help = (
        "Create the demo programs (DRC Core HR, BIW Financial Management) with their "
        "members, board, onboarding, glossary and charters. Safe to run again: existing "
        "demo programs are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = demo.seed()
        # Apps that build on programs add their own demo artifacts (an app config's
        # ``seed_demo(seeded)``), so programs never imports them.
        for config in seeding_order():
            config.seed_demo(seeded)  # type: ignore[attr-defined]
        self.stdout.write(self.style.SUCCESS("Demo ready: " + ", ".join(sorted(seeded.programs))))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        logins = demo.demo_logins()
        width = max(len(u.username) for u in logins)
        for user in logins:
            program = f" [{user.program}]" if user.program else ""
            self.stdout.write(f"  {user.username:<{width}}  {demo.describe(user)}{program}")
