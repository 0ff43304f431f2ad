"""Composite scores as the Index computes them, and checks of printed section scores.

The Index averages unrounded means and rounds half-up to two places only at the end:
Belgium 2025 criminality is (5.5333… + 4.10) / 2 = 4.8167 → 4.82, not the 4.815 → 4.82
or 4.81 you may get from rounded section scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["TOLERANCE", "criminality", "mean", "round_score", "within_tolerance"]

TOLERANCE = Decimal("0.01")
"""How far a printed section score or delta may be from the mean of its indicators."""

_CENT = Decimal("0.01")


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """Return the exact (unrounded) mean, or None for no values."""
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def round_score(value: Decimal) -> Decimal:
    """Round half-up to two places, as the Index does (``4.815`` → ``4.82``)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP) + 0


def criminality(markets: Sequence[Decimal], actors: Sequence[Decimal]) -> Decimal | None:
    """Return criminality: the mean of the markets mean and the actors mean, rounded.

    None when either section has no indicators.
    """
    market_mean, actor_mean = mean(markets), mean(actors)
    if market_mean is None or actor_mean is None:
        return None
    return round_score((market_mean + actor_mean) / 2)


def within_tolerance(printed: Decimal, computed: Decimal) -> bool:
    """Tell whether a printed value is within :data:`TOLERANCE` of a computed one."""
    return abs(printed - computed) <= TOLERANCE
