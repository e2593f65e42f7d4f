from django.apps import AppConfig


class RaciConfig(AppConfig):
    """Responsibilities in writing (Play 3.1 activities 3 and 4): the PMO role agreement, the
    RACI matrix with its rules, the Resource Management Plan and the SMEs' MOUs."""

    name = "raci"
    verbose_name = "Responsibilities"

    def ready(self) -> None:
        from programs.documents import register_document_kind

        # SME MOUs and sessions
        from .mou import SME_MOU_KIND

        register_document_kind(SME_MOU_KIND)
