"""Spreading many spans of working time over periods at once, exactly, with numpy.

A span is the working minutes ``start`` to ``finish`` on one calendar, with integer totals
(working minutes of work, cents) spread flat over them. The working minute at each period
boundary of each calendar (``edges``) cuts every span into its pieces with two searches, and
each total is shared out over its pieces by largest remainder, ties to the earlier piece, as
``apportion`` does one span at a time. Spreading 20,000 assignments span by span in Python
was most of the time-phasing; here it is a few dozen array operations.

The arithmetic is in 64-bit integers. A span whose products might not fit (absurd amounts,
or rates with many decimal places) is shared out in Python's integers instead, so the result
is always the exact one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

#: Products at or beyond this, estimated in floating point, take the exact Python way.
_UNSAFE = float(2**62)  # half the 64-bit range: the estimate's rounding cannot matter


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` in whole units that add up to it: each
    gets the floor of its share, and the units left go to the largest remainders, the earlier
    one first on a tie. All weights zero puts everything in the first place."""
    count = len(weights)
    if count == 1:
        return [total]
    whole = sum(weights)
    if whole == 0:
        return [total] + [0] * (count - 1)
    shares = [total * weight // whole for weight in weights]
    left = total - sum(shares)
    if left:
        remainders = [total * weight % whole for weight in weights]
        # A stable sort keeps the earlier of equal remainders first, reversed or not.
        for index in sorted(range(count), key=remainders.__getitem__, reverse=True)[:left]:
            shares[index] += 1
    return shares


def ints(values: Any) -> Ints:
    return np.asarray(values, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Pieces:
    """Spans cut at period boundaries, span after span and each in period order: span ``i``
    has the pieces ``bounds[i]`` to ``bounds[i + 1]``. A span without working time has one
    piece of no minutes."""

    span: Ints  # the span of each piece
    period: Ints  # the period of each piece (an index into the boundaries)
    low: Ints  # the first working minute of each piece
    minutes: Ints  # the working minutes of each piece
    bounds: Ints


def cut(edges: Ints, calendar: Ints, start: Ints, finish: Ints, resting: Ints) -> Pieces:
    """The pieces of spans on calendars whose row of ``edges`` holds the working minute at
    each period boundary and covers every span with working time. ``resting`` is the period
    of each span without working time (the period of its start), ignored for the others."""
    spans = len(start)
    width = edges.shape[1]
    working = finish > start
    # One sorted array for every calendar: each row shifted clear of the one before it.
    shift = int(edges.max() - edges.min()) + 1
    flat = (edges + shift * np.arange(len(edges), dtype=np.int64)[:, None]).ravel()
    base = calendar * width
    first = np.searchsorted(flat, start + shift * calendar, "right") - 1 - base
    last = np.searchsorted(flat, finish + shift * calendar, "left") - 1 - base
    first = np.where(working, first, resting)
    counts = np.where(working, last, resting) - first + 1
    span = np.repeat(np.arange(spans, dtype=np.int64), counts)
    period = first[span] + np.arange(len(span)) - np.repeat(np.cumsum(counts) - counts, counts)
    on = calendar[span]
    low = np.maximum(edges[on, period], start[span])
    high = np.minimum(edges[on, period + 1], finish[span])
    minutes = np.where(working[span], high - low, 0)
    # A period without working time inside a span has no piece.
    keep = (minutes > 0) | ~working[span]
    span = span[keep]
    return Pieces(
        span,
        period[keep],
        low[keep],
        minutes[keep],
        np.searchsorted(span, np.arange(spans + 1)).astype(np.int64),
    )


def rate_weights(
    pieces: Pieces, table: Ints, tables: Sequence[tuple[Sequence[int], Sequence[int]]]
) -> npt.NDArray[Any]:
    """Each piece's weight in a cost that follows the work: its minutes, or where its span
    has a rate table (``table`` of the span, -1 for none) its minutes each times the rate in
    effect then. ``tables`` are (bounds, rates): rate ``i`` from working minute ``bounds[i]``
    to ``bounds[i + 1]``. Python integers where the weights might not fit in 64 bits."""
    weights = pieces.minutes
    rated = np.flatnonzero(table[pieces.span] >= 0)
    if not len(rated):
        return weights
    segments = max(len(rates) for _, rates in tables)
    fits = max(max(rates) for _, rates in tables) * (int(weights.max()) + 1) * segments < 2**62
    lows = np.zeros((len(tables), segments), dtype=np.int64)
    highs = np.zeros((len(tables), segments), dtype=np.int64)
    rates = np.zeros((len(tables), segments), dtype=np.int64 if fits else object)
    for index, (bounds, values) in enumerate(tables):
        lows[index, : len(values)] = bounds[:-1]
        highs[index, : len(values)] = bounds[1:]
        rates[index, : len(values)] = values
    which = table[pieces.span[rated]]
    low = pieces.low[rated][:, None]
    high = low + pieces.minutes[rated][:, None]
    overlap = np.minimum(high, highs[which]) - np.maximum(low, lows[which])
    weights = weights.astype(rates.dtype)
    weights[rated] = (np.maximum(overlap, 0) * rates[which]).sum(axis=1)
    return weights


def at_rates(
    work: Ints, weighted: npt.NDArray[Any], minutes: Ints, denominators: Sequence[int]
) -> Ints:
    """Cents of ``work`` minutes spread flat over ``minutes`` working minutes, each working
    minute weighted by the hourly rate in effect (``weighted`` in all, rates over
    ``denominators``), rounded half up: ``cost.value_cents`` of a whole work assignment."""
    fits = (
        200 * int(work.max()) * int(weighted.max()) < 2**62
        and 120 * int(minutes.max()) * max(denominators) < 2**62
    )
    kind = np.int64 if fits else object
    numerator = 100 * work.astype(kind) * weighted
    divisor = 60 * minutes.astype(kind) * np.asarray(denominators, dtype=kind)
    return ((2 * numerator + divisor) // (2 * divisor)).astype(np.int64)


def share(pieces: Pieces, totals: Ints, weights: npt.NDArray[Any]) -> Ints:
    """Each span's total shared out over its pieces in proportion to their weights, as
    ``apportion`` shares it out."""
    starts = pieces.bounds[:-1]
    span = pieces.span
    count = len(span)
    if not count:
        return np.zeros(0, dtype=np.int64)
    whole = np.add.reduceat(weights, starts)
    scale = np.add.reduceat(weights.astype(np.float64), starts)
    safe = np.abs(totals.astype(np.float64)) * np.maximum(scale, 1.0) < _UNSAFE
    product = np.where(safe[span], totals[span], 0) * weights
    divisor = np.maximum(whole, 1)[span]
    shares = product // divisor
    # All weights zero: everything in the first piece (only the first has its total).
    empty = whole == 0
    shares[starts[empty]] = totals[empty]
    left = totals - np.add.reduceat(shares, starts)
    if left[safe].any():
        remainder = np.where(safe[span] & ~empty[span], product - shares * divisor, 0)
        # Within each span, largest remainder first and the earlier piece on a tie.
        order = np.lexsort((np.arange(count), -remainder.astype(np.int64), span))
        rank = np.arange(count) - starts[span]
        shares[order[rank < np.where(safe, left, 0)[span]]] += 1
    for index in np.flatnonzero(~safe).tolist():
        low, high = int(starts[index]), int(pieces.bounds[index + 1])
        shares[low:high] = apportion(int(totals[index]), weights[low:high].tolist())
    return shares.astype(np.int64)


def sums(codes: Ints, *columns: Ints) -> tuple[Ints, list[Ints]]:
    """The distinct codes in order, and each column summed over the rows of each code."""
    if not len(codes):
        return codes, list(columns)
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    return codes[starts], [np.add.reduceat(column[order], starts) for column in columns]


def roll_up(parent: Ints, codes: Ints, width: int, *columns: Ints) -> tuple[Ints, list[Ints]]:
    """Rows coded ``owner * width + period`` added up into their owner and its ancestors
    (``parent`` of each owner, -1 at the top), as summaries are added into their parents from
    the last task listed to the first: owners come parent first, and out of that order a
    summary passes on only what it got from tasks listed after it."""
    found = [(codes, columns)]
    below = codes // width
    period = codes - below * width
    receiver = parent[below]
    while True:
        moving = np.flatnonzero(receiver >= 0)
        if not len(moving):
            break
        receiver, below, period = receiver[moving], below[moving], period[moving]
        columns = tuple(column[moving] for column in columns)
        found.append((receiver * width + period, columns))
        receiver, below = np.where(receiver < below, parent[receiver], -1), receiver
    return sums(
        np.concatenate([codes for codes, _ in found]),
        *(np.concatenate(parts) for parts in zip(*(columns for _, columns in found), strict=True)),
    )
