from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from .board import ONBOARDING_RULE, register_artifact_rule

        register_artifact_rule(ONBOARDING_RULE)
