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

        # The notification kinds of this app's events.
        from . import notifications

        notifications.register()

    def seed_demo(self, seeded: Any) -> None:
        """The plan and its surveillance, then what follows from them: the corrective action
        requests on the unacceptable months, the provider's reported metrics, and the
        evaluation that reads both."""
        from . import demo, demo_cars, demo_evaluations, demo_metrics

        for part in (demo, demo_cars, demo_metrics, demo_evaluations):
            part.seed(seeded.programs, seeded.users)
