from typing import Any

from django.apps import AppConfig


class PmpConfig(AppConfig):
    """The Program Management Plan (Play 3.1 activity 6): the RAID log of risks, actions,
    issues and decisions that both parties keep, governance bodies and their meetings, the
    communications plan and (to come) the plan document itself."""

    name = "pmp"
    verbose_name = "Program Management Plan"

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed as seed_raid
        from .demo_governance import seed as seed_governance

        seed_raid(seeded.programs, seeded.users)  # the log first: meetings record into it
        seed_governance(seeded.programs, seeded.users)
