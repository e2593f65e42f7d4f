from typing import Any

from django.apps import AppConfig


class PmpConfig(AppConfig):
    """The Program Management Plan (Play 3.1 activity 6): the plan document with its seven
    subsidiary plans, the RAID log of risks, actions, issues and decisions that both parties
    keep, the governance bodies and their meetings, and the communications plan."""

    name = "pmp"
    verbose_name = "Program Management Plan"
    #: The plan cites the agreed IMS baseline and the approved QASP, which the schedule's and
    #: the QASP's demos seed.
    seed_demo_after = ("schedule", "qasp")

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .definitions import PROGRAM_MANAGEMENT_PLAN_KIND, PROGRAM_MANAGEMENT_PLAN_RULE

        register_document_kind(PROGRAM_MANAGEMENT_PLAN_KIND)
        register_artifact_rule(PROGRAM_MANAGEMENT_PLAN_RULE)

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed as seed_raid
        from .demo_cost import seed as seed_cost
        from .demo_governance import seed as seed_governance
        from .demo_plan import seed as seed_plan

        seed_raid(seeded.programs, seeded.users)  # the log first: meetings record into it
        seed_governance(seeded.programs, seeded.users)
        # The plan freezes the risk scheme and the communications plan at review: last.
        seed_plan(seeded.programs, seeded.users)
        # Cost and earned value stand on the agreed baseline and cite nothing of the plan.
        seed_cost(seeded.programs, seeded.users)
