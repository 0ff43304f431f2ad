"""Parsed pages as tables: plain rows (for CSV) and pandas DataFrames.

Two tables, each a tuple of column names and a row builder that turns one
:class:`~ocparse.records.Profile` into rows of plain values (``str``, ``int``,
:class:`~decimal.Decimal`, None). The row builders are the only definition of the
tables: ``ocparse convert --format csv --table …`` writes their rows, and :func:`to_frame`
types them for pandas.

- ``indicators`` (:data:`INDICATOR_COLUMNS`): one row per indicator of each page.
- ``profiles`` (:data:`PROFILE_COLUMNS`): one row per page: composites, section scores
  and deltas, the profile block's details and ranks, and where the page is.

This module never imports pandas at import time; :func:`to_frame` does, and needs the
``ocparse[pandas]`` extra.

>>> from ocparse import parse_file
>>> doc = parse_file("fixtures/2025_netherlands_belgium.txt")
>>> rows = [row for p in doc.profiles for row in TABLES["profiles"].rows(p)]
>>> dict(zip(PROFILE_COLUMNS, rows[1]))["criminality"]
Decimal('4.82')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ocparse.records import Document, Profile, Rank

if TYPE_CHECKING:
    import pandas

__all__ = [
    "INDICATOR_COLUMNS",
    "PROFILE_COLUMNS",
    "TABLES",
    "Cell",
    "Table",
    "indicator_rows",
    "profile_rows",
    "to_frame",
]

Cell = str | int | Decimal | None
"""A value of a row: text, an integer, a score or delta as printed, or missing."""

INDICATOR_COLUMNS: tuple[str, ...] = (
    "file",
    "country",
    "iso3",
    "edition",
    "section",
    "indicator",
    "name",
    "score",
    "delta",
    "line",
)
"""The ``indicators`` table: the page's input, country and edition, then the indicator's
section key, key, printed name, score, delta and line."""

_SECTIONS = ("criminal_markets", "criminal_actors")
_DETAILS = ("capital", "income_group", "population", "area", "geography", "gdp", "gini")
_MEASURES = ("criminality", "resilience")
_LEVELS = ("world", "continent", "region")
# The Index's continents; a rank scope that is none of them (nor "world") is a region.
_CONTINENTS = frozenset({"Africa", "Americas", "Asia", "Europe", "Oceania"})

PROFILE_COLUMNS: tuple[str, ...] = (
    "file",
    "country",
    "iso3",
    "edition",
    "criminality",
    "resilience",
    *(name for key in _SECTIONS for name in (key, f"{key}_delta")),
    "resilience_delta",
    *_DETAILS,
    *(f"printed_{m}{d}" for m in _MEASURES for d in ("", "_delta")),
    "continent",
    "region",
    *(
        f"{m}_rank_{level}{part}"
        for m in _MEASURES
        for level in _LEVELS
        for part in ("", "_of", "_change")
    ),
    "start_line",
    "end_line",
)
"""The ``profiles`` table, one row per page.

``criminality`` and ``resilience`` are the page's composites (:class:`Profile`); then
each section's score and delta (the resilience section's score is ``resilience``); the
profile block's details as printed, its composites and deltas as printed
(``printed_criminality``, ``printed_criminality_delta``, …), the continent and region
its ranks name, and each rank (``criminality_rank_world``, ``…_of``, ``…_change``); then
the page's first and last line. A page without a profile block has those cells empty."""

_FLOATS = frozenset(
    ["score", "delta", "criminality", "resilience", "resilience_delta"]
    + [name for key in _SECTIONS for name in (key, f"{key}_delta")]
    + [f"printed_{m}{d}" for m in _MEASURES for d in ("", "_delta")]
)
_INTS = frozenset(["edition", "line", "start_line", "end_line"])
_NULLABLE_INTS = frozenset(
    ["population"] + [c for c in PROFILE_COLUMNS if "_rank_" in c]
)  # fmt: skip


def indicator_rows(profile: Profile) -> Iterator[tuple[Cell, ...]]:
    """Yield one row (in :data:`INDICATOR_COLUMNS` order) per indicator of ``profile``."""
    for section in profile.sections:
        for indicator in section.indicators:
            yield (
                profile.source.file,
                profile.country,
                profile.iso3,
                profile.edition,
                section.key,
                indicator.key,
                indicator.name,
                indicator.score,
                indicator.delta,
                indicator.line,
            )


def profile_rows(profile: Profile) -> Iterator[tuple[Cell, ...]]:
    """Yield the one row (in :data:`PROFILE_COLUMNS` order) of ``profile``."""
    sections = {s.key: s for s in profile.sections}
    scores: list[Cell] = []
    for key in _SECTIONS:
        section = sections.get(key)
        scores += [section.score, section.delta] if section else [None, None]
    resilience = sections.get("resilience")
    details = profile.details
    ranks = _ranks(details.ranks if details else ())
    yield (
        profile.source.file,
        profile.country,
        profile.iso3,
        profile.edition,
        profile.criminality,
        profile.resilience,
        *scores,
        resilience.delta if resilience else None,
        *(getattr(details, name) if details else None for name in _DETAILS),
        *(
            getattr(details, f"{m}{d}") if details else None
            for m in _MEASURES
            for d in ("", "_delta")
        ),
        *ranks,
        profile.source.start_line,
        profile.source.end_line,
    )


def _ranks(ranks: Iterable[Rank]) -> list[Cell]:
    """The continent, the region, then (rank, of, change) per measure and level."""
    scopes: dict[str, str | None] = {"continent": None, "region": None}
    found: dict[tuple[str, str], Rank] = {}
    for rank in ranks:
        level = _level(rank.scope)
        if level != "world":
            scopes[level] = scopes[level] or rank.scope
        found.setdefault((rank.measure, level), rank)
    cells: list[Cell] = [scopes["continent"], scopes["region"]]
    for measure in _MEASURES:
        for level in _LEVELS:
            got = found.get((measure, level))
            cells += [got.rank, got.of, got.change] if got else [None, None, None]
    return cells


def _level(scope: str) -> str:
    if scope == "world":
        return "world"
    return "continent" if scope in _CONTINENTS else "region"


@attrs.frozen(slots=True)
class Table:
    """A table of profiles: its column names and the builder of each profile's rows."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[Profile], Iterator[tuple[Cell, ...]]]


TABLES: dict[str, Table] = {
    "indicators": Table("indicators", INDICATOR_COLUMNS, indicator_rows),
    "profiles": Table("profiles", PROFILE_COLUMNS, profile_rows),
}
"""The tables by name: ``indicators`` (the default of the CLI) and ``profiles``."""


def to_frame(
    doc_or_profiles: Document | Iterable[Profile], table: str = "indicators"
) -> pandas.DataFrame:
    """Return the ``indicators`` or ``profiles`` table of parsed pages as a DataFrame.

    ``doc_or_profiles`` is a :class:`~ocparse.Document` or any iterable of profiles (such
    as :func:`ocparse.iter_profiles`). Scores, deltas and composites are floats (a
    missing one is NaN); ``edition`` and lines are integers; population and ranks are
    pandas' nullable ``Int64``; text columns hold strings, a missing one None. Needs
    pandas: ``pip install 'ocparse[pandas]'``.

    >>> from ocparse import parse_file
    >>> doc = parse_file("fixtures/2025_netherlands_belgium.txt")
    >>> to_frame(doc).shape, to_frame(doc, table="profiles").shape
    ((64, 10), (2, 44))
    """
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "to_frame needs pandas: pip install 'ocparse[pandas]'"
        ) from None  # fmt: skip
    spec = TABLES[table]
    profiles = (
        doc_or_profiles.profiles if isinstance(doc_or_profiles, Document) else doc_or_profiles
    )
    rows = [row for profile in profiles for row in spec.rows(profile)]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in spec.columns]
    data = {
        name: _column(pandas, name, values)
        for name, values in zip(spec.columns, columns, strict=True)
    }
    return pandas.DataFrame(data, columns=list(spec.columns))


def _column(pandas: Any, name: str, values: tuple[Cell, ...]) -> Any:
    """One column as a typed pandas array."""
    if name in _FLOATS:
        return pandas.array([math.nan if v is None else float(v) for v in values], "float64")
    if name in _INTS:
        return pandas.array([int(v) for v in values if v is not None], "int64")
    if name in _NULLABLE_INTS:
        return pandas.array(list(values), "Int64")
    return list(values)  # text: pandas' own string type, a missing value None
