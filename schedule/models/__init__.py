"""The Integrated Master Schedule of a program: its tasks and dependencies, the values the
engine computed for them, the resources that do the work and their assignments to tasks,
baselines (frozen copies, agreed through the versioned sign-off) and change requests
(activity 9). One module per area; everything is imported from ``schedule.models`` as before.

Dates are stored as aware datetimes whose wall-clock time is the schedule's working time in
the portal's time zone; ``schedule.clock`` converts to and from the engine's naive datetimes.
Work is stored in working minutes, money in dollars (amounts to the cent, rates to four
places).
"""

from .baselines import Baseline, BaselineTask
from .change_requests import ChangeRequest, ChangeRequestDecision
from .resources import Assignment, Resource, ResourceRate
from .schedule import Dependency, Schedule, Task

__all__ = [
    "Assignment",
    "Baseline",
    "BaselineTask",
    "ChangeRequest",
    "ChangeRequestDecision",
    "Dependency",
    "Resource",
    "ResourceRate",
    "Schedule",
    "Task",
]
