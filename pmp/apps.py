from typing import Any

from django.apps import AppConfig


class PmpConfig(AppConfig):
    """The Program Management Plan (Play 3.1 activity 6): the plan document with its seven
    subsidiary plans, the RAID log of risks, actions, issues and decisions that both parties
    keep, and (to come) governance meetings and the communications plan."""

    name = "pmp"
    verbose_name = "Program Management Plan"

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .definitions import PROGRAM_MANAGEMENT_PLAN_KIND, PROGRAM_MANAGEMENT_PLAN_RULE

        register_document_kind(PROGRAM_MANAGEMENT_PLAN_KIND)
        register_artifact_rule(PROGRAM_MANAGEMENT_PLAN_RULE)

    def seed_demo(self, seeded: Any) -> None:
        from .demo_plan import seed as seed_plan

        # The plan freezes the risk scheme and the communications plan at review: it is
        # seeded last, after the other demos of this app.
        seed_plan(seeded.programs, seeded.users)
