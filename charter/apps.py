from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "charter"
    verbose_name = "Program Charter"

    def ready(self) -> None:
        from programs.documents import register_document_kind

        from .definition import CHARTER_KIND

        register_document_kind(CHARTER_KIND)
