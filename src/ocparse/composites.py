"""Composite scores as the Index computes them, and checks of printed section scores.

The Index averages unrounded means and rounds half-up to two places only at the end:
Belgium 2025 criminality is (5.5333… + 4.10) / 2 = 4.8167 → 4.82, not the 4.815 → 4.82
or 4.81 you may get from rounded section scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "TOLERANCE",
    "Scored",
    "criminality",
    "criminality_between",
    "criminality_delta",
    "delta",
    "mean",
    "means_printed_as",
    "previous_scores",
    "round_score",
    "section_score",
    "within_tolerance",
]

TOLERANCE = Decimal("0.01")
"""How far a printed section score or delta may be from the mean of its indicators."""

Scored = tuple[Decimal, Decimal | None]
"""An indicator's score and its delta to the previous edition (None: no previous score)."""

_CENT = Decimal("0.01")
_HALF_CENT = Decimal("0.005")
# Below any difference of two means of two-decimal scores: turns "< high" into "<= high".
_JUST_BELOW = Decimal("1e-12")


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """Return the exact (unrounded) mean, or None for no values."""
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def round_score(value: Decimal) -> Decimal:
    """Round half-up to two places, as the Index does (``4.815`` → ``4.82``)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP) + 0


def delta(current: Decimal, previous: Decimal) -> Decimal:
    """The change the Index prints between two editions: the difference of rounded values.

    Scores and composites are rounded first (:func:`round_score`), so a composite's delta
    can differ by 0.01 from the mean of its indicators' deltas:

    >>> delta(Decimal("7.1667"), Decimal("7.0350"))
    Decimal('0.13')
    """
    return round_score(current) - round_score(previous)


def criminality(markets: Sequence[Decimal], actors: Sequence[Decimal]) -> Decimal | None:
    """Return criminality: the mean of the markets mean and the actors mean, rounded.

    None when either section has no indicators.
    """
    market_mean, actor_mean = mean(markets), mean(actors)
    if market_mean is None or actor_mean is None:
        return None
    return round_score((market_mean + actor_mean) / 2)


def previous_scores(indicators: Sequence[Scored]) -> list[Decimal]:
    """Return the previous edition's scores (score - delta) of the indicators with a delta."""
    return [score - delta for score, delta in indicators if delta is not None]


def section_score(
    indicators: Sequence[Scored], *, partial: bool = False
) -> tuple[Decimal | None, Decimal | None]:
    """Return a section's score and delta as the Index prints them, from its indicators.

    The score is the rounded mean; the delta is the difference of the rounded means of
    this edition and the previous one (the delta of the rounded composites, not the mean
    of the deltas). An indicator new in the edition has no previous score: then there is
    no delta, unless ``partial``, where the previous mean is that of the indicators with
    a delta (None when none has one). Both None for no indicators.

    >>> section_score([(Decimal("5.50"), Decimal("0.50")), (Decimal("4.00"), None)], partial=True)
    (Decimal('4.75'), Decimal('-0.25'))
    """
    current = mean([score for score, _ in indicators])
    if current is None:
        return None, None
    score = round_score(current)
    before = previous_scores(indicators)
    if not before or (len(before) < len(indicators) and not partial):
        return score, None
    previous = mean(before)
    assert previous is not None  # before is not empty
    return score, delta(current, previous)


def criminality_delta(markets: Sequence[Scored], actors: Sequence[Scored]) -> Decimal | None:
    """Return the printed change of criminality: the difference of the rounded composites.

    The previous criminality is computed from the indicators that have a delta. None when
    either edition's criminality cannot be computed (no indicators, or no deltas).
    """
    now = criminality([s for s, _ in markets], [s for s, _ in actors])
    before = criminality(previous_scores(markets), previous_scores(actors))
    return None if now is None or before is None else delta(now, before)


def within_tolerance(printed: Decimal, computed: Decimal) -> bool:
    """Tell whether a printed value is within :data:`TOLERANCE` of a computed one."""
    return abs(printed - computed) <= TOLERANCE


def means_printed_as(printed: Decimal, count: int) -> tuple[Decimal, Decimal]:
    """The lowest and highest unrounded mean of ``count`` indicators printed as ``printed``.

    Indicator scores move in steps of 0.5, so a mean of ``count`` of them is a multiple of
    ``1 / (2 * count)``; of those, the ones that round half-up to ``printed`` lie in
    ``[printed - 0.005, printed + 0.005)``. For the Index's section sizes this range holds
    one mean at most, so a printed section score gives back its exact unrounded mean:

    >>> means_printed_as(Decimal("4.63"), 4)  # 4 criminal actors (2021): 4.625 only
    (Decimal('4.625'), Decimal('4.625'))

    When no such multiple rounds to ``printed`` (scores off the 0.5 grid, as on pages of
    regional averages), the whole rounding range is returned.
    """
    low, high = printed - _HALF_CENT, printed + _HALF_CENT
    step = Decimal(1) / (2 * count)
    found = [Decimal(k) / (2 * count) for k in range(math.ceil(low / step), int(high / step) + 1)]
    candidates = [m for m in found if low <= m < high]
    if not candidates:
        return low, high - _JUST_BELOW
    return min(candidates), max(candidates)


def criminality_between(
    markets: tuple[Decimal, Decimal], actors: tuple[Decimal, Decimal]
) -> Decimal | None:
    """Criminality from ranges of the two section means, if every choice rounds alike.

    Each range is (lowest, highest) possible unrounded mean; an exact mean is a range of
    one. None when the ends of the range round differently: no single value is right.
    """
    low = round_score((markets[0] + actors[0]) / 2)
    high = round_score((markets[1] + actors[1]) / 2)
    return low if low == high else None
