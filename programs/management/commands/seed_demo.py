"""``manage.py seed_demo``: the demo programs, people and artifacts, then the logins."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from programs import demo


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
        for config in apps.get_app_configs():
            hook = getattr(config, "seed_demo", None)
            if hook is not None:
                hook(seeded)
        self.stdout.write(self.style.SUCCESS("Demo ready: " + ", ".join(sorted(seeded.programs))))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        logins = demo.demo_logins()
        width = max(len(u.username) for u in logins)
        for user in logins:
            program = f" [{user.program}]" if user.program else ""
            self.stdout.write(f"  {user.username:<{width}}  {demo.describe(user)}{program}")
