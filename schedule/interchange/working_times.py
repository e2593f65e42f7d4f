"""Working time as people write it, in the settings page and in the portal's workbook:
"08:00-12:00, 13:00-17:00" for a day with a lunch break, blank (or "Non-working") for a day
off."""

from __future__ import annotations

import itertools
import re

from schedule.engine.model import WorkingTimes

# A hyphen or an en dash between the two times (word processors turn one into the other).
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-\u2013]\s*(\d{1,2}):(\d{2})\s*$")
_DAY_OFF = frozenset({"", "non-working", "nonworking", "off", "-"})


class WorkingTimesError(ValueError):
    """What is wrong with one period of the text (``part``), in words (``reason``); each
    surface quotes the part its own way."""

    def __init__(self, part: str, reason: str) -> None:
        self.part, self.reason = part, reason
        super().__init__(f"“{part}” {reason}.")


def format_working_times(times: WorkingTimes) -> str:
    return ", ".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in times)


def parse_working_times(text: str) -> WorkingTimes:
    """The periods ``text`` writes, in order; WorkingTimesError saying which part is wrong
    otherwise. "24:00" or "00:00" as an end is midnight at the end of the day."""
    if text.strip().casefold() in _DAY_OFF:
        return ()
    periods: list[tuple[int, int]] = []
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        match = _PERIOD.match(part)
        if match is None:
            raise WorkingTimesError(
                part,
                "is not a working period: write it as 08:00-12:00, periods separated by commas",
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, (h2 * 60 + m2) or 1440
        if m1 > 59 or m2 > 59 or not 0 <= start < end <= 1440:
            raise WorkingTimesError(part, "must end after it starts, within the day")
        periods.append((start, end))
    periods.sort()
    if any(a[1] > b[0] for a, b in itertools.pairwise(periods)):
        raise WorkingTimesError(text.strip(), "has working periods that overlap")
    return tuple(periods)
