"""Resource loading: where a work resource is asked for more than it has, and its usage.

In each period (a day by default, or a week) a resource's assigned units are its
assignments' units weighted by the share of the resource's working time in that period each
one works: two full-time assignments on the same day are 200%, a full-time one for half the
day 50%. The period is over-allocated when that exceeds the resource's maximum units. (A
period the resource's calendar does not work, worked by an assignment that ignores it, is
measured against the longest assignment's working time in it.)

The comparison is exact, in integers; the reported units are rounded up to the percent, so
an over-allocation always reads above the maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .cost import Pricer
from .model import Project, ResourceType, Result
from .timephase import Period, Splitter, next_period, time_phased


@dataclass(frozen=True, slots=True)
class OverAllocation:
    resource: int
    period: date  # the period's first day
    assigned_units: int  # percent, rounded up
    max_units: int  # percent
    assignments: tuple[int, ...]  # uids of the assignments working in the period


def over_allocations(
    project: Project, result: Result, period: Period = Period.DAY
) -> list[OverAllocation]:
    """Every over-allocated period of every work resource, by resource then date."""
    pricer = Pricer(project, result)
    splitter = Splitter(period)
    # resource -> period -> [(assignment, units x minutes, minutes)]
    loads: dict[int, dict[date, list[tuple[int, int, int]]]] = {}
    for assignment in project.assignments:
        priced = pricer.price(assignment)
        if priced.resource.type is not ResourceType.WORK or priced.finish <= priced.start:
            continue
        times = result.assignments.get(assignment.uid)
        at = times.start if times is not None else result.tasks[assignment.task].start
        keys, lows, highs = splitter.split(priced.calendar, at, priced.start, priced.finish)
        by_period = loads.setdefault(assignment.resource, {})
        for key, low, high in zip(keys, lows, highs, strict=True):
            minutes = high - low
            by_period.setdefault(key, []).append(
                (assignment.uid, assignment.units * minutes, minutes)
            )
    found = []
    for resource in project.resources:
        if resource.uid not in loads:
            continue
        calendar = pricer.calendars.get(resource.calendar or project.calendar)
        for key in sorted(loads[resource.uid]):
            entries = loads[resource.uid][key]
            load = sum(weighted for _, weighted, _ in entries)
            following = next_period(key, period)
            available = calendar.to_minutes(
                datetime(following.year, following.month, following.day)
            ) - calendar.to_minutes(datetime(key.year, key.month, key.day))
            if available <= 0:
                available = max(minutes for _, _, minutes in entries)
            if load > resource.max_units * available:
                found.append(
                    OverAllocation(
                        resource=resource.uid,
                        period=key,
                        assigned_units=-(-load // available),
                        max_units=resource.max_units,
                        assignments=tuple(sorted(uid for uid, _, _ in entries)),
                    )
                )
    return found


def resource_usage(
    project: Project, result: Result, period: Period = Period.WEEK
) -> dict[int, dict[date, int]]:
    """Working minutes of work by resource and period (the resource usage view's table),
    periods in date order; resources with no work are left out."""
    phased = time_phased(project, result, period)
    return {
        uid: dict(sorted(series.work.items()))
        for uid, series in phased.resources.items()
        if series.work
    }
