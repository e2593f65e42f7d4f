"""The words of status reports: their life cycle, their period lengths, an area's status."""

from __future__ import annotations

from django.db import models


class StatusReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEWED = "reviewed", "Reviewed"
    RELEASED = "released", "Released"


class PeriodLength(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3}[self.value]


class AreaStatus(models.TextChoices):
    """An area's status in words: the colour is never the only sign of it."""

    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    RED = "red", "Red"
    NOT_RATED = "not_rated", "Not rated"


#: Worse statuses rank higher; an area or report takes the worst of its indicators.
STATUS_RANK = {
    AreaStatus.NOT_RATED: 0,
    AreaStatus.GREEN: 1,
    AreaStatus.YELLOW: 2,
    AreaStatus.RED: 3,
}

#: The CIO rating's words, as the IT Dashboard spells them.
CIO_RATINGS = {
    5: "5 - Low Risk",
    4: "4 - Moderately Low Risk",
    3: "3 - Medium Risk",
    2: "2 - Moderately High Risk",
    1: "1 - High Risk",
}
