"""What an import refuses: every problem found in the file, each with where it is, so a scheduler
can fix them all in one pass instead of one per upload."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileProblem:
    #: Where the problem is, as the scheduler finds it in the file: "line 812, Task UID 14
    #: <Duration>" in a Microsoft Project XML file, "sheet Tasks, row 7, column Duration" in a
    #: workbook.
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InterchangeError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason found, in file order."""

    def __init__(self, problems: Sequence[FileProblem], *, source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in the file"
        super().__init__(f"{head}{summary}: " + "; ".join(str(p) for p in self.problems))
