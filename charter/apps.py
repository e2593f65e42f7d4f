from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "charter"
    verbose_name = "Program Charter"

    def ready(self) -> None:
        from programs.board import register_artifact_rule
        from programs.documents import register_document_kind

        from .definition import CHARTER_KIND, CHARTER_RULE

        register_document_kind(CHARTER_KIND)
        register_artifact_rule(CHARTER_RULE)
