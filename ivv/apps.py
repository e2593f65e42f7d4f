from django.apps import AppConfig


class IvvConfig(AppConfig):
    """IV&V (Play 3.1 activity 5): the findings register of the independent IV&V agent, the
    program's answers and corrective actions, tracked to closure."""

    name = "ivv"
    verbose_name = "IV&V"
