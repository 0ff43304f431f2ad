"""Split fused score+delta strings such as ``5.330.10`` into exact values.

The site prints a score and its change since the last edition with nothing between
them. A split is valid when the score has two decimals and lies in [1, 10] and the
previous score (score − delta) lies in [1, 10] too; exactly one split must be valid.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Literal

import attrs
import regex

from ocparse.errors import ParseError

__all__ = ["Fused", "format_delta", "format_score", "parse_fused", "split_fused"]

DeltaKind = Literal["none", "na", "value"]

_LOW, _HIGH = Decimal(1), Decimal(10)
_SCORE = regex.compile(r"\d{1,2}\.\d{2}")
_DELTA = regex.compile(r"[+-]?\d{1,2}\.\d{2}")
_NA = regex.compile(r"(?i)(\d{1,2}\.\d{2}) *n/a")
_DROP = regex.compile(r"[\p{Zs}\t]+")
_EXPECTED = "a score line like 5.50 (score) or 5.500.50 / 5.50-0.50 / 5.50 n/a (score and change)"


@attrs.frozen(slots=True)
class Fused:
    """A parsed score line: the score, the delta, and how the delta was printed.

    ``kind`` is ``"none"`` for a bare score (2021 edition), ``"na"`` for ``n/a`` and
    ``"value"`` for a numeric delta.
    """

    score: Decimal
    delta: Decimal | None
    kind: DeltaKind


def _in_range(value: Decimal) -> bool:
    return _LOW <= value <= _HIGH


def _candidates(compact: str) -> list[tuple[Decimal, Decimal]]:
    found = []
    for cut in range(4, min(len(compact), 6)):
        head, tail = compact[:cut], compact[cut:]
        if _SCORE.fullmatch(head) and _DELTA.fullmatch(tail):
            # "-0.00" is printed for no change; keep it as 0.00 so JSON never says -0.0.
            score, delta = Decimal(head), Decimal(tail) + 0
            if _in_range(score) and _in_range(score - delta):
                found.append((score, delta))
    return found


def parse_fused(text: str, *, line: int = 0, column: int = 0) -> Fused:
    """Parse one score line; raise :class:`ParseError` at ``line``/``column`` if invalid.

    >>> parse_fused("7.00 n/a")
    Fused(score=Decimal('7.00'), delta=None, kind='na')
    """
    found = _read(text)
    if isinstance(found, Fused):
        return found
    message, expected = found
    raise ParseError(message, line, column, text, expected)


# A dump repeats the same few hundred score lines on every page: read each one once.
@functools.lru_cache(maxsize=4096)
def _read(text: str) -> Fused | tuple[str, str]:
    """The score line's values, or the error's message and expected text."""
    compact = _DROP.sub("", text).replace("−", "-")
    if _SCORE.fullmatch(compact):
        return _checked(Fused(Decimal(compact), None, "none"))
    na = _NA.fullmatch(_DROP.sub(" ", text).strip())
    if na:
        return _checked(Fused(Decimal(na.group(1)), None, "na"))
    found = _candidates(compact)
    if len(found) == 1:
        score, delta = found[0]
        return Fused(score, delta, "value")
    if found:
        options = ", ".join(f"{s} and {d:+}" for s, d in found)
        return f"ambiguous score line: it splits as {options}", ""
    return (
        "not a valid score line: no split gives a score and a previous score in [1, 10]",
        _EXPECTED,
    )


def _checked(fused: Fused) -> Fused | tuple[str, str]:
    if not _in_range(fused.score):
        return "score out of range [1, 10]", _EXPECTED
    return fused


def split_fused(text: str, *, line: int = 1, column: int = 1) -> tuple[Decimal, Decimal | None]:
    """Split a fused score+delta string into ``(score, delta)``.

    ``delta`` is None for ``n/a`` and for a bare score. Unicode minus and an explicit
    ``+`` are accepted. Raises :class:`ParseError` naming ``line`` and ``column`` when no
    split, or more than one, is valid.

    >>> split_fused("5.330.10")
    (Decimal('5.33'), Decimal('0.10'))
    >>> split_fused("10.000.50")
    (Decimal('10.00'), Decimal('0.50'))
    >>> split_fused("2.50 n/a")
    (Decimal('2.50'), None)
    """
    fused = parse_fused(text, line=line, column=column)
    return fused.score, fused.delta


def format_score(score: Decimal) -> str:
    """Print a score as the site does: two decimals, no sign (``5.50``)."""
    return f"{score:.2f}"


def format_delta(delta: Decimal | None) -> str:
    """Print a delta as the site does after a score: ``0.50``, ``-0.50`` or `` n/a``."""
    if delta is None:
        return " n/a"
    return f"{delta:.2f}"
