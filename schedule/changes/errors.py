"""What a change request's operations may be refused with."""

from __future__ import annotations


class ChangeError(ValueError):
    """The operations cannot be applied; ``problems`` name the change (1-based) and the task."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))
