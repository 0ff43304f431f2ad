"""Which edition of the Index a page is: the edition its score lines and names fit best.

Each edition is known by what the taxonomy says of it (``data/taxonomy.json``): its
indicators, in page order, and its delta style. The first edition prints no deltas; a
later one prints a delta on every score line, except ``n/a`` for the indicators new in
that edition. A page is measured against every edition, counting what does not fit:

* an indicator the edition does not have (or no edition has: an unknown name);
* an indicator of the edition missing *between* two that were read (one missing after
  the last one read is a truncated page, and fits);
* a score line whose delta style is not the edition's.

The best fit wins. A page that fits no edition exactly, or two equally well, is read as
the best (the latest of a tie) with a diagnostic that says so: an unknown layout is said,
never silently read as the latest edition.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping, Sequence

import attrs

from ocparse import taxonomy
from ocparse.fused import DeltaKind

__all__ = ["EditionFit", "ScoreLine", "expected_kind", "fit"]


@attrs.frozen(slots=True)
class ScoreLine:
    """What a page's score line tells of its edition: whose line it is, and its delta."""

    key: str | None
    """The indicator's key; None for a section header."""
    kind: DeltaKind


@attrs.frozen(slots=True)
class EditionFit:
    """The edition a page fits best, and what does not fit each edition."""

    edition: int
    misfits: Mapping[int, tuple[str, ...]]
    """For every edition, what of the page does not fit it (empty: a perfect fit)."""

    @property
    def exact(self) -> bool:
        """Whether the best edition fits the page with nothing left over."""
        return not self.misfits[self.edition]

    @property
    def ties(self) -> tuple[int, ...]:
        """The other editions that fit exactly as well as the best one."""
        best = len(self.misfits[self.edition])
        return tuple(e for e, m in self.misfits.items() if e != self.edition and len(m) == best)


def expected_kind(edition: int, key: str | None) -> DeltaKind:
    """The delta a score line of ``key`` (None: a section header) prints in ``edition``."""
    if edition == taxonomy.EDITIONS[0]:
        return "none"
    spec = taxonomy.indicator(key) if key is not None else None
    return "na" if spec is not None and spec.since == edition else "value"


def fit(lines: Sequence[ScoreLine]) -> EditionFit:
    """The edition that ``lines`` (a page's score lines, in page order) fit best."""
    return _fit(tuple(lines))


# Most pages of a dump have the same score lines as many others: measure each set once.
@functools.lru_cache(maxsize=256)
def _fit(lines: tuple[ScoreLine, ...]) -> EditionFit:
    misfits = {edition: _misfits(edition, lines) for edition in taxonomy.EDITIONS}
    fewest = min(len(m) for m in misfits.values())
    best = max(e for e, m in misfits.items() if len(m) == fewest)
    return EditionFit(best, types.MappingProxyType(misfits))


def _misfits(edition: int, lines: Sequence[ScoreLine]) -> tuple[str, ...]:
    order = [spec.key for spec in taxonomy.indicators_for(edition)]
    read = {line.key for line in lines if line.key is not None}
    found: list[str] = [
        f"{key!r} is not one of its indicators" for key in sorted(read - set(order))
    ]
    last = max((order.index(key) for key in read if key in order), default=0)
    found += [f"{key!r} is missing between others" for key in order[:last] if key not in read]
    for line in lines:
        expected = expected_kind(edition, line.key)
        if line.kind != expected and (line.key is None or line.key in order):
            found.append(
                f"{line.key or 'a section'} prints {_KINDS[line.kind]}, not {_KINDS[expected]}"
            )
    return tuple(found)


_KINDS: dict[DeltaKind, str] = {"none": "no delta", "na": "n/a", "value": "a delta"}
