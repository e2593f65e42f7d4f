from typing import Any

from django.apps import AppConfig


class QaspConfig(AppConfig):
    """The Quality Assurance Surveillance Plan (Play 3.1 activity 7, owned by the customer):
    the plan with its performance requirements summary, scheduled surveillance against each
    standard's acceptable quality level, corrective action requests and performance
    evaluations."""

    name = "qasp"
    verbose_name = "Quality Assurance Surveillance Plan"

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .definitions import QASP_KIND, QASP_RULE

        register_document_kind(QASP_KIND)
        register_artifact_rule(QASP_RULE)

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed
        from .demo_cars import seed as seed_cars

        seed(seeded.programs, seeded.users)
        seed_cars(seeded.programs, seeded.users)  # after the surveillance records
