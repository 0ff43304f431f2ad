"""The editions of the Index, from ``data/editions.json``, and which one a page is.

Each edition is a record of the table (:class:`Edition`, from :func:`get`, :func:`all`,
:func:`latest`): its year, the previous edition, its delta style, its indicators (those
of ``data/taxonomy.json`` whose ``since`` and ``until`` span it) and the text its profile
block prints. Parsing, rendering and the details reader read it from there, so a new
edition is one entry in the table.

A page is the edition its score lines and names fit best. An edition of delta style
``none`` prints no deltas; one of style ``fused`` prints a delta on every score line,
except ``n/a`` for the indicators its previous edition did not have. A page is measured
against every edition, counting what does not fit:

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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import attrs

from ocparse import _data, taxonomy
from ocparse.fused import DeltaKind
from ocparse.taxonomy import IndicatorSpec

__all__ = [
    "DeltaStyle",
    "Edition",
    "EditionFit",
    "ScoreLine",
    "all",
    "expected_kind",
    "fit",
    "get",
    "latest",
    "load",
    "years",
]

DeltaStyle = Literal["none", "fused"]
"""How an edition prints score lines: a score only, or a score with its delta glued on."""

_DELTA_STYLES: tuple[DeltaStyle, ...] = ("none", "fused")


@attrs.frozen(slots=True)
class Edition:
    """One edition of the Index, as ``data/editions.json`` describes it.

    >>> edition = get(2023)
    >>> edition.previous, edition.deltas, len(edition.indicators), len(edition.new)
    (2021, 'fused', 32, 6)
    """

    year: int
    previous: int | None
    """The edition the deltas compare with; None for the first."""
    deltas: DeltaStyle
    indicators: tuple[IndicatorSpec, ...]
    """The edition's indicators, in page order."""
    new: frozenset[str]
    """Keys of the indicators the previous edition lacks (their delta prints ``n/a``)."""
    profile_labels: tuple[tuple[str, str], ...]
    """``(field, label)`` of the profile block, in page order (``("area", "Area (KM²)")``)."""
    profile_titles: tuple[str, ...]
    """The title lines a profile block prints after the page title (``Read the report``)."""
    gdp_value: str
    """How the profile block prints a GDP amount: ``USD {amount} million`` or ``{amount}``."""

    def delta_kind(self, key: str | None) -> DeltaKind:
        """The delta a score line of ``key`` (None: a section header) prints."""
        if self.deltas == "none":
            return "none"
        return "na" if key in self.new else "value"

    def label(self, field: str) -> str:
        """The printed label of a profile-block field (``KeyError`` for none)."""
        return dict(self.profile_labels)[field]


@attrs.frozen(slots=True)
class _Table:
    editions: tuple[Edition, ...]
    by_year: dict[int, Edition]


@functools.cache
def _table() -> _Table:
    raw: list[dict[str, Any]] = _data.read_json("editions.json")["editions"]
    if not raw:
        raise ValueError("editions.json lists no edition")
    found: dict[int, Edition] = {}
    for entry in raw:
        year, previous, deltas = entry["year"], entry["previous"], entry["deltas"]
        if found and year <= max(found):
            raise ValueError(f"editions.json: {year} is listed after a later edition")
        if previous is not None and previous not in found:
            raise ValueError(f"editions.json: {year} follows {previous}, not listed before it")
        if deltas not in _DELTA_STYLES:
            raise ValueError(
                f"editions.json: {year} has deltas {deltas!r}, not one of {_DELTA_STYLES}"
            )
        specs = tuple(spec for spec in taxonomy.indicators() if spec.in_edition(year))
        before = {s.key for s in found[previous].indicators} if previous is not None else set()
        found[year] = Edition(
            year,
            previous,
            deltas,
            specs,
            frozenset(s.key for s in specs if s.key not in before),
            tuple(entry["profile_labels"].items()),
            tuple(entry["profile_titles"]),
            entry["gdp_value"],
        )
    return _Table(tuple(found.values()), found)


_data.on_change(_table.cache_clear)


def get(year: int) -> Edition:
    """Return the edition of ``year``; a ``ValueError`` names the known ones for another.

    >>> get(2021).deltas
    'none'
    """
    edition = _table().by_year.get(year)
    if edition is None:
        raise ValueError(f"edition must be one of {years()}, got {year!r}")
    return edition


def all() -> tuple[Edition, ...]:
    """Return every edition, oldest first."""
    return _table().editions


def latest() -> Edition:
    """Return the latest edition.

    >>> latest().year
    2025
    """
    return _table().editions[-1]


def years() -> tuple[int, ...]:
    """Return the years of the editions, oldest first.

    >>> years()
    (2021, 2023, 2025)
    """
    return tuple(e.year for e in _table().editions)


@contextmanager
def load(directory: str | PathLike[str]) -> Iterator[None]:
    """Read the edition tables from ``directory`` inside a ``with`` block (for tests).

    ``directory`` holds an ``editions.json`` and, if it adds indicators, a
    ``taxonomy.json`` (a table it lacks is the package's). Parsing and rendering in the
    block see its editions; worker processes (``jobs=``) do not.
    """
    with _data.directory(Path(directory)):
        yield


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
    return get(edition).delta_kind(key)


def fit(lines: Sequence[ScoreLine]) -> EditionFit:
    """The edition that ``lines`` (a page's score lines, in page order) fit best."""
    return _fit(tuple(lines))


# Most pages of a dump have the same score lines as many others: measure each set once.
@functools.lru_cache(maxsize=256)
def _fit(lines: tuple[ScoreLine, ...]) -> EditionFit:
    misfits = {edition.year: _misfits(edition, lines) for edition in all()}
    fewest = min(len(m) for m in misfits.values())
    best = max(e for e, m in misfits.items() if len(m) == fewest)
    return EditionFit(best, types.MappingProxyType(misfits))


_data.on_change(_fit.cache_clear)


def _misfits(edition: Edition, lines: Sequence[ScoreLine]) -> tuple[str, ...]:
    order = [spec.key for spec in edition.indicators]
    read = {line.key for line in lines if line.key is not None}
    found: list[str] = [
        f"{key!r} is not one of its indicators" for key in sorted(read - set(order))
    ]
    last = max((order.index(key) for key in read if key in order), default=0)
    found += [f"{key!r} is missing between others" for key in order[:last] if key not in read]
    for line in lines:
        expected = edition.delta_kind(line.key)
        if line.kind != expected and (line.key is None or line.key in order):
            found.append(
                f"{line.key or 'a section'} prints {_KINDS[line.kind]}, not {_KINDS[expected]}"
            )
    return tuple(found)


_KINDS: dict[DeltaKind, str] = {"none": "no delta", "na": "n/a", "value": "a delta"}
