"""The schedule's wall clock. The engine and the files it reads work in naive local datetimes
(08:00 is 08:00, as Microsoft Project writes it); the database stores aware datetimes. The
portal's time zone (``TIME_ZONE``) is the schedule's."""

from __future__ import annotations

from datetime import datetime
from typing import overload
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@overload
def to_engine(value: datetime) -> datetime: ...
@overload
def to_engine(value: None) -> None: ...
@overload
def to_engine(value: datetime | None) -> datetime | None: ...
def to_engine(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return timezone.localtime(value, zone()).replace(tzinfo=None)


@overload
def from_engine(value: datetime) -> datetime: ...
@overload
def from_engine(value: None) -> None: ...
@overload
def from_engine(value: datetime | None) -> datetime | None: ...
def from_engine(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=zone())
