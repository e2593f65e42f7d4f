"""What the engine refuses, each problem naming the task it is about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    message: str
    task: int | None = None  # uid of the task the problem is about, when there is one


class ScheduleError(ValueError):
    """The schedule cannot be computed; ``problems`` says every reason found, task by task."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


class DependencyLoop(ScheduleError):
    """The dependencies run in a circle; ``cycle`` lists the uids of the tasks in it, in link
    order (the first one's predecessor is the last one)."""

    def __init__(self, cycle: Sequence[int], names: dict[int, str] | None = None) -> None:
        self.cycle = tuple(cycle)
        label = (names or {}).get
        path = " → ".join(f"{label(uid) or 'task'} (UID {uid})" for uid in (*cycle, cycle[0]))
        super().__init__([Problem(f"Dependency loop: {path}.", cycle[0])])
