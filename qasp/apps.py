from django.apps import AppConfig


class QaspConfig(AppConfig):
    """The Quality Assurance Surveillance Plan (Play 3.1 activity 7, owned by the customer):
    the plan with its performance requirements summary, scheduled surveillance against each
    standard's acceptable quality level, corrective action requests and performance
    evaluations."""

    name = "qasp"
    verbose_name = "Quality Assurance Surveillance Plan"
