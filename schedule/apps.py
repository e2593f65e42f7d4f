from typing import Any

from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = "Integrated Master Schedule"

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .definition import AGREE_IMS_RULE, BASELINE_KIND

        register_document_kind(BASELINE_KIND)
        register_artifact_rule(AGREE_IMS_RULE)

        # The notification kinds of this app's events.
        from . import notifications

        notifications.register()

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed

        seed(seeded.programs, seeded.users)
