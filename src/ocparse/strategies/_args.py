"""What every strategy module shares: argument handling and score bounds."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

T = TypeVar("T")

_ONE, _TEN = Decimal(1), Decimal(10)
_CENT, _HALF = Decimal("0.01"), Decimal("0.5")


def _strategy(value: T | SearchStrategy[T] | None, default: SearchStrategy[T]) -> SearchStrategy[T]:
    if value is None:
        return default
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


def _one_of(
    value: T | SearchStrategy[T] | None,
    known: Sequence[T],
    what: str,
    default: SearchStrategy[T],
) -> SearchStrategy[T]:
    """``_strategy`` for an argument with a fixed set of values: refuse any other value."""
    if value is not None and not isinstance(value, SearchStrategy) and value not in known:
        raise InvalidArgument(f"{what} must be one of {tuple(known)}, got {value!r}")
    return _strategy(value, default)
