"""Strategies of scores: indicator and composite scores, and fused score lines."""

from __future__ import annotations

import functools
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ocparse.fused import format_score
from ocparse.strategies._args import _CENT, _HALF, _ONE, _TEN, _one_of, _strategy

__all__ = ["composite_scores", "fused_scores", "half_steps"]


def half_steps(min_value: float = 1, max_value: float = 10) -> SearchStrategy[Decimal]:
    """Indicator scores: multiples of 0.5 in [min_value, max_value], with two places.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(half_steps())
    ... def test_grid(score):
    ...     assert score * 2 % 1 == 0 and 1 <= score <= 10 and str(score)[-3] == "."
    >>> test_grid()
    """
    low, high = Decimal(str(min_value)) * 2, Decimal(str(max_value)) * 2
    if low % 1 or high % 1 or not _ONE <= low / 2 <= high / 2 <= _TEN:
        raise InvalidArgument("half_steps bounds are multiples of 0.5 with 1 <= min <= max <= 10")
    return st.integers(int(low), int(high)).map(lambda n: (Decimal(n) / 2).quantize(_CENT))


def composite_scores(min_value: float = 1, max_value: float = 10) -> SearchStrategy[Decimal]:
    """Composite and average scores: any two-decimal value in [min_value, max_value].

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(composite_scores())
    ... def test_cents(score):
    ...     assert score == score.quantize(Decimal("0.01")) and 1 <= score <= 10
    >>> test_cents()
    """
    low, high = Decimal(str(min_value)) * 100, Decimal(str(max_value)) * 100
    if low % 1 or high % 1 or not 100 <= low <= high <= 1000:
        raise InvalidArgument("composite_scores bounds have two places with 1 <= min <= max <= 10")
    return st.integers(int(low), int(high)).map(lambda n: (Decimal(n) / 100).quantize(_CENT))


_GAPS = ("", " ", "  ", "\t", "\u00a0", "\u2009")
_NA_SPELLINGS = ("n/a", "N/A", "n/A", "N/a")


_KINDS = ("value", "na", "none")
_GAP_ST = st.sampled_from(_GAPS)
_NA_GAP_ST = st.sampled_from(("", " ", "  "))
_NA_ST = st.sampled_from(_NA_SPELLINGS)
_PAD_ST = st.tuples(st.sampled_from(("", " ")), st.sampled_from(("", " ", "\t")))
_SIGNS = {1: st.sampled_from(("", "+")), -1: st.sampled_from(("-", "−"))}
_ZERO_SIGN_ST = st.sampled_from(("", "+", "-", "−"))


@st.composite
def _fused(
    draw: st.DrawFn,
    scores: SearchStrategy[Decimal],
    previous_scores: SearchStrategy[Decimal] | None,
    kinds: SearchStrategy[str],
) -> tuple[str, tuple[Decimal, Decimal | None]]:
    score = draw(scores)
    kind = draw(kinds)
    delta: Decimal | None = None
    if kind == "none":
        text = format_score(score)
    elif kind == "na":
        text = format_score(score) + draw(_NA_GAP_ST) + draw(_NA_ST)
    else:
        delta = _draw_delta(draw, score, previous_scores, cents=True)
        sign = draw(_SIGNS[1 if delta > 0 else -1] if delta else _ZERO_SIGN_ST)
        before, after = draw(_GAP_ST), draw(_GAP_ST)
        text = f"{format_score(score)}{before}{sign}{after}{abs(delta):.2f}"
    lead, trail = draw(_PAD_ST)
    return lead + text + trail, (score, delta)


def fused_scores(
    *,
    scores: SearchStrategy[Decimal] | None = None,
    previous_scores: SearchStrategy[Decimal] | None = None,
    kind: str | SearchStrategy[str] | None = None,
) -> SearchStrategy[tuple[str, tuple[Decimal, Decimal | None]]]:
    """Score lines and their ``(score, delta)``, in every spelling the parser accepts.

    ``kind`` is ``"value"`` (``5.330.10``, ``5.33 +0.10``, ``7.00−0.50``, ``1.00-0.00`` …),
    ``"na"`` (``2.50 n/a``, ``2.50N/A``) or ``"none"`` (a bare ``5.00``); by default any.
    ``scores`` defaults to :func:`composite_scores`; the delta is ``score - previous`` for
    a previous score from ``previous_scores`` (default: any in [1, 10], near the score
    first). Spaces, tabs and no-break spaces may surround the parts.

    >>> from hypothesis import given, settings
    >>> from ocparse import split_fused
    >>> @settings(max_examples=20)
    ... @given(fused_scores())
    ... def test_split_fused(case):
    ...     text, expected = case
    ...     assert split_fused(text) == expected
    >>> test_split_fused()
    """
    kinds = _one_of(kind, _KINDS, "kind", st.sampled_from(_KINDS))
    return _fused(_strategy(scores, composite_scores()), previous_scores, kinds)


def _draw_delta(
    draw: st.DrawFn,
    score: Decimal,
    previous_scores: SearchStrategy[Decimal] | None,
    *,
    cents: bool,
) -> Decimal:
    """A delta that leaves the previous score in [1, 10]; shrinks towards 0."""
    if previous_scores is not None:
        previous = draw(previous_scores.filter(lambda p: _ONE <= p <= _TEN))
        return (score - previous).quantize(_CENT) + 0
    return draw(_deltas(score, _CENT if cents else _HALF))


@functools.cache
def _deltas(score: Decimal, unit: Decimal) -> SearchStrategy[Decimal]:
    """Deltas in ``unit`` steps leaving the previous score in range: 0 first, small ones often."""
    low, high = int((score - _TEN) / unit), int((score - _ONE) / unit)
    if unit == _CENT:  # any change in cents: near 0 first, then anything in range
        near = st.integers(max(low, -50), min(high, 50))
        return st.one_of(near, st.integers(low, high)).map(lambda n: n * _CENT + 0)
    steps = sorted(range(low, high + 1), key=lambda n: (abs(n), -n))
    weighted = [n for n in steps for _ in range(max(1, 4 - abs(n)))]
    return st.sampled_from([(n * unit).quantize(_CENT) + 0 for n in weighted])
