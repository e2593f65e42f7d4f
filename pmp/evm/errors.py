"""What the earned value arithmetic refuses."""

from __future__ import annotations

from collections.abc import Sequence


class EarnedValueDataError(ValueError):
    """The figures cannot be measured; ``problems`` says every reason found, each in words a
    person can act on (which period, which control account, which figure)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))
