from typing import Any

from django.apps import AppConfig


class IvvConfig(AppConfig):
    """IV&V (Play 3.1 activity 5): the customer's IV&V plan reviewed by both parties, and the
    findings register of the independent IV&V agent, the program's answers and corrective
    actions, tracked to closure."""

    name = "ivv"
    verbose_name = "IV&V"

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .plan import IVV_PLAN_KIND, IVV_PLAN_RULE
        from .report import IVV_REPORT_KIND

        register_document_kind(IVV_PLAN_KIND)
        register_document_kind(IVV_REPORT_KIND)
        register_artifact_rule(IVV_PLAN_RULE)

        # The notification kinds of this app's events.
        from . import notifications

        notifications.register()

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed

        seed(seeded.programs, seeded.users)
