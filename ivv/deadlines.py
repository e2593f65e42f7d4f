"""When a finding must be answered: IVV_RESPONSE_DAYS business days (by severity) after the
day it was raised, on the US federal calendar the schedule engine keeps (weekends and
federal holidays, observed days included, are not business days: ``programs.federal_calendar``)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from programs.federal_calendar import add_business_days

from .choices import Severity


def response_days(severity: int) -> int:
    """Business days the answering party has to answer a finding of ``severity``."""
    days = {int(k): int(v) for k, v in settings.IVV_RESPONSE_DAYS.items()}
    missing = set(Severity.values) - set(days)
    if missing:
        raise ImproperlyConfigured(f"IVV_RESPONSE_DAYS names no days for severity {missing}.")
    return days[int(severity)]


def response_due(raised_on: date, severity: int) -> date:
    return add_business_days(raised_on, response_days(severity))
