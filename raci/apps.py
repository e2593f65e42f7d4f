from typing import Any

from django.apps import AppConfig


class RaciConfig(AppConfig):
    """Responsibilities in writing (Play 3.1 activities 3 and 4): the PMO role agreement, the
    RACI matrix with its rules, the Resource Management Plan and the SMEs' MOUs."""

    name = "raci"
    verbose_name = "Responsibilities"

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .definitions import (
            RESOURCE_PLAN_KIND,
            RESOURCE_PLAN_RULE,
            ROLE_AGREEMENT_KIND,
            ROLE_AGREEMENT_RULE,
        )
        from .mou import SME_MOU_KIND

        for kind in (ROLE_AGREEMENT_KIND, RESOURCE_PLAN_KIND, SME_MOU_KIND):
            register_document_kind(kind)
        register_artifact_rule(ROLE_AGREEMENT_RULE)
        register_artifact_rule(RESOURCE_PLAN_RULE)

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed

        seed(seeded.programs, seeded.users)
