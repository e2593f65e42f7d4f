"""The readiness of a program for its Phase 3 progress review: each exit criterion with the
state of its artifacts, whether it is met and what blocks it, and the readiness percentage
(the criteria met of those the portal can read). Every member of the program reads it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from programs import limits
from programs.models import Program

from .criteria import ARTIFACTS, CRITERIA, Criterion
from .sources import Sources
from .states import ArtifactState


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    artifacts: tuple[ArtifactState, ...]

    @property
    def counted(self) -> bool:
        """False when the portal cannot read one of its artifacts yet."""
        return all(a.counted for a in self.artifacts)

    @property
    def met(self) -> bool:
        return self.counted and all(a.ready for a in self.artifacts)

    @property
    def blockers(self) -> list[str]:
        return [a.blocker for a in self.artifacts if a.blocker]

    @property
    def verdict(self) -> str:
        if not self.counted:
            return "Not counted"
        return "Met" if self.met else "Not met"


@dataclass(frozen=True)
class Readiness:
    program: Program
    today: dt.date
    rows: tuple[CriterionRow, ...]
    #: Every artifact once, in package order.
    artifacts: tuple[ArtifactState, ...]

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if row.met)

    @property
    def counted_count(self) -> int:
        return sum(1 for row in self.rows if row.counted)

    @property
    def percent(self) -> int:
        counted = self.counted_count
        # Half up, as people round: 1 of 8 is 13%.
        return (200 * self.met_count + counted) // (2 * counted) if counted else 0

    @property
    def not_counted(self) -> list[CriterionRow]:
        return [row for row in self.rows if not row.counted]


def readiness_of(*, program: Program, today: dt.date | None = None) -> Readiness:
    """The program's readiness today; callers check first that the person may view the
    program."""
    return readiness_from(Sources(program, today or limits.today()))


def readiness_from(sources: Sources) -> Readiness:
    """The readiness read from ``sources`` (the package reuses them for its exports)."""
    states = {artifact.key: artifact.read(sources, artifact) for artifact in ARTIFACTS}
    rows = tuple(CriterionRow(c, tuple(states[key] for key in c.artifacts)) for c in CRITERIA)
    return Readiness(
        program=sources.program,
        today=sources.today,
        rows=rows,
        artifacts=tuple(states[a.key] for a in ARTIFACTS),
    )
