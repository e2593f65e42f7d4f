"""The values of Microsoft Project XML: ISO 8601 durations, dates and times, and the codes
and field IDs MSPDI uses for constraints, dependency types, lag formats and custom text
fields."""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.sax.saxutils import escape

from schedule.engine.model import Constraint, LinkType, ResourceType, TaskType

NAMESPACE = "http://schemas.microsoft.com/project"

CONSTRAINT_CODES: dict[int, Constraint] = {
    0: Constraint.ASAP,
    1: Constraint.ALAP,
    2: Constraint.MSO,
    3: Constraint.MFO,
    4: Constraint.SNET,
    5: Constraint.SNLT,
    6: Constraint.FNET,
    7: Constraint.FNLT,
}
CONSTRAINT_NUMBERS = {c: n for n, c in CONSTRAINT_CODES.items()}
CONSTRAINT_NAMES = {
    Constraint.ASAP: "as soon as possible",
    Constraint.ALAP: "as late as possible",
    Constraint.MSO: "must start on",
    Constraint.MFO: "must finish on",
    Constraint.SNET: "start no earlier than",
    Constraint.SNLT: "start no later than",
    Constraint.FNET: "finish no earlier than",
    Constraint.FNLT: "finish no later than",
}
LINK_CODES: dict[int, LinkType] = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
LINK_NUMBERS = {t: n for n, t in LINK_CODES.items()}

#: Duration formats (``LagFormat``) counted round the clock: em, eh, ed, ew, emo, e% and their
#: "estimated" (?) variants.
ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52})
PERCENT_FORMATS = frozenset({19, 20, 51, 52})
LAG_FORMAT_DAYS = 7
LAG_FORMAT_ELAPSED_DAYS = 8

TASK_TYPE_CODES: dict[int, TaskType] = {
    0: TaskType.FIXED_UNITS,
    1: TaskType.FIXED_DURATION,
    2: TaskType.FIXED_WORK,
}
TASK_TYPE_NUMBERS = {t: n for n, t in TASK_TYPE_CODES.items()}
RESOURCE_TYPE_CODES: dict[int, ResourceType] = {
    0: ResourceType.MATERIAL,
    1: ResourceType.WORK,
    2: ResourceType.COST,
}
RESOURCE_TYPE_NUMBERS = {t: n for n, t in RESOURCE_TYPE_CODES.items()}
#: Microsoft Project writes these as the resource UID of an assignment that has no resource
#: (-65535; Aspose.Tasks writes -1).
UNASSIGNED_RESOURCE_UIDS = frozenset({-65535, -1})

#: Dates some exporters write for "not set".
PLACEHOLDER_DATES = frozenset({datetime(2000, 1, 1), datetime(1970, 1, 1)})

_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")

#: Custom text fields that carry what MSPDI has no element for (Text1, Text2), found again on
#: import by their alias.
OWNER_PARTY_FIELD = ("188743731", "Text1", "Owner party")
RESPONSIBLE_FIELD = ("188743734", "Text2", "Responsible")
#: The same for resources (resource Text1, Text2). Microsoft Project wants every custom
#: field's alias unique across tasks and resources, hence "Resource owner party"; a file
#: whose resource field is aliased plain "Owner party" reads too.
RESOURCE_OWNER_PARTY_FIELD = ("205520904", "Text1", "Resource owner party")
STANDS_FOR_FIELD = ("205520905", "Text2", "Stands for")

CENT = Decimal("0.01")
#: Rates keep four decimals: a yearly salary turned into an hourly rate is not whole cents.
RATE_STEP = Decimal("0.0001")


def parse_duration(text: str) -> int:
    """Minutes in an ISO 8601 duration as MSPDI writes it (``PT8H0M0S``, ``PT7H30M0.5S``)."""
    match = _DURATION.match(text.strip())
    if not match or text.strip() in {"P", "PT", "-P", "-PT"}:
        raise ValueError(text)
    sign, days, hours, minutes, seconds = match.groups()
    total = (
        float(days or 0) * 1440
        + float(hours or 0) * 60
        + float(minutes or 0)
        + float(seconds or 0) / 60
    )
    value = math.floor(total + 0.5)
    return -value if sign else value


def format_duration(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None and not value.microsecond:
        return value
    # The schedule's dates are local, as Microsoft Project writes them; an offset is dropped.
    return value.replace(tzinfo=None, microsecond=0)


def format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def parse_time(text: str) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 24 or minutes > 59:
        raise ValueError(text)
    return hours * 60 + minutes


def xml_text(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def parse_decimal(text: str) -> Decimal:
    """A finite decimal number; ValueError otherwise."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def cents_to_dollars(value: Decimal) -> Decimal:
    """MSPDI writes costs in cents (a $2,015 cost is ``201500``)."""
    return (value / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def format_cents(amount: Decimal) -> str:
    return _plain(amount * 100)


def format_rate(amount: Decimal) -> str:
    return _plain(amount)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros (``2015``, ``12.5``)."""
    text = format(value.normalize(), "f")
    return text if text not in {"-0", ""} else "0"


def percent_from_fraction(value: Decimal) -> int:
    """Units as MSPDI writes them (0.5) to integer percent (50), rounding half up."""
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fraction_from_percent(percent: int) -> str:
    return _plain(Decimal(percent) / 100)
