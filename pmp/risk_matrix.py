"""The 5 x 5 probability-impact matrix: labels, banding and cell counts. Plain data in and
out, no Django: a program's ``RiskScheme`` holds the settings, this module reads them.

``bands[p - 1][i - 1]`` is the band of the cell at probability ``p`` and impact ``i``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SIZE = 5
SCALE = range(1, SIZE + 1)

DEFAULT_PROBABILITY_LABELS = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
DEFAULT_IMPACT_LABELS = ["Negligible", "Minor", "Moderate", "Major", "Severe"]
DEFAULT_REVIEW_INTERVAL_DAYS = 14
BANDS = ("low", "moderate", "high", "very_high")
BAND_LABELS = {"low": "Low", "moderate": "Moderate", "high": "High", "very_high": "Very high"}


def _default_band(score: int) -> str:
    if score <= 3:
        return "low"
    if score <= 6:
        return "moderate"
    if score <= 12:
        return "high"
    return "very_high"


def default_bands() -> list[list[str]]:
    """Low up to 3, moderate up to 6, high up to 12, very high from 15."""
    return [[_default_band(p * i) for i in SCALE] for p in SCALE]


def bands_error(bands: object) -> str | None:
    """Why ``bands`` is not a 5 x 5 grid of band names (None when it is)."""
    if not isinstance(bands, list) or len(bands) != SIZE:
        return f"The banding is a grid of {SIZE} rows of {SIZE} cells."
    for row in bands:
        if not isinstance(row, list) or len(row) != SIZE:
            return f"The banding is a grid of {SIZE} rows of {SIZE} cells."
        for band in row:
            if band not in BANDS:
                names = ", ".join(BAND_LABELS[b].lower() for b in BANDS)
                return f"Each cell of the banding is one of {names}."
    return None


def labels_error(labels: object, *, what: str, limit: int = 40) -> str | None:
    if (
        not isinstance(labels, list)
        or len(labels) != SIZE
        or not all(isinstance(label, str) and label.strip() for label in labels)
    ):
        return f"The {what} scale has {SIZE} labels, none empty."
    longest = max(len(label) for label in labels)
    if longest > limit:
        return f"A label of the {what} scale is at most {limit} characters."
    return None


def band_of(bands: Sequence[Sequence[str]], probability: int, impact: int) -> str:
    return bands[probability - 1][impact - 1]


def cells_in_band(bands: Sequence[Sequence[str]], band: str) -> list[tuple[int, int]]:
    """The (probability, impact) cells of ``band``."""
    return [(p, i) for p in SCALE for i in SCALE if band_of(bands, p, i) == band]


@dataclass(frozen=True)
class Cell:
    probability: int
    impact: int
    band: str
    count: int

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]


def heat_map(
    bands: Sequence[Sequence[str]], counts: Iterable[tuple[int, int, int]]
) -> list[list[Cell]]:
    """Rows from probability 5 (top) down to 1, each cell from impact 1 to 5, with the number
    of risks in it (``counts``: probability, impact, count)."""
    found = {(p, i): n for p, i, n in counts}
    return [
        [Cell(p, i, band_of(bands, p, i), found.get((p, i), 0)) for i in SCALE]
        for p in reversed(SCALE)
    ]


def default_probability_labels() -> list[str]:
    return list(DEFAULT_PROBABILITY_LABELS)


def default_impact_labels() -> list[str]:
    return list(DEFAULT_IMPACT_LABELS)
