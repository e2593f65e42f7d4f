from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from .board import ONBOARDING_RULE, register_artifact_rule

        register_artifact_rule(ONBOARDING_RULE)

        # Notifications: the documents' kinds, and events read from the audit log.
        from .notifications import kinds, signals, tasks  # noqa: F401 (tasks: for Celery)

        kinds.register()
        signals.connect()
