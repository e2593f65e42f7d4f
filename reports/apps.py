from typing import Any

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """OMB status reports (Play 3.1 activity 9): a program's monthly report, built by a
    Celery job from the other apps' selectors and frozen as a snapshot, with each area's
    status, the indicators that set it and a CIO-style rating proposed from the figures.
    Nothing imports this app."""

    name = "reports"
    verbose_name = "Status reports"
    # The reports read the figures these apps' demos seed.
    seed_demo_after = ("ivv", "pmp", "qasp", "schedule")

    def ready(self) -> None:
        # The notification kind of released reports, and the digest's Celery tasks.
        from . import notifications
        from .my_work import tasks  # noqa: F401

        notifications.register()

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed

        seed(seeded.programs, seeded.users)
