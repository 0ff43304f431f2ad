r"""Profiles as a tidy CSV table: one row per indicator of each page.

The columns are :data:`COLUMNS`. Scores and deltas are written as printed (``8.00``,
``-0.50``); a missing value (no delta, country not detected, text input) is an empty
cell. Quoting is the :mod:`csv` module's minimal quoting, so names with commas or quotes
survive; rows end with ``\n``. Spreadsheets and ``pandas.read_csv`` read it as is.

>>> import io
>>> from ocparse import parse_file
>>> out = io.StringIO()
>>> write_csv(parse_file("fixtures/2025_netherlands_belgium.txt").profiles, out)
64
>>> header, first, *_ = out.getvalue().split("\n")
>>> header
'file,country,iso3,edition,section,indicator,name,score,delta,line'
>>> first.split(",")[3:]
['2025', 'criminal_markets', 'human_trafficking', 'Human trafficking', '5.50', '0.00', '4']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TextIO

from ocparse.records import Profile

__all__ = ["COLUMNS", "CsvTable", "indicator_rows", "write_csv"]

COLUMNS: tuple[str, ...] = (
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
"""The CSV header: the page's input, country and edition, then the indicator's section
key, key, printed name, score, delta and line."""

Cell = str | int | Decimal | None


def indicator_rows(profile: Profile) -> Iterator[tuple[Cell, ...]]:
    """Yield one row (in :data:`COLUMNS` order) per indicator of ``profile``."""
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


class CsvTable:
    """Writes profiles to a text file as CSV rows, the header first, as they come.

    Open ``out`` with ``newline=""`` (as the :mod:`csv` module asks) so that line ends
    inside quoted fields are written unchanged.
    """

    def __init__(self, out: TextIO, *, header: bool = True) -> None:
        # "\n" rather than the csv default "\r\n": friendlier to Unix tools, and every
        # spreadsheet and CSV reader accepts it.
        self._writer = csv.writer(out, lineterminator="\n")
        if header:
            self._writer.writerow(COLUMNS)

    def write(self, profile: Profile) -> int:
        """Write the rows of one profile; return how many were written."""
        rows = list(indicator_rows(profile))
        self._writer.writerows(rows)
        return len(rows)


def write_csv(profiles: Iterable[Profile], out: TextIO, *, header: bool = True) -> int:
    """Write the header (unless ``header=False``) and the rows of ``profiles`` to ``out``.

    Returns the number of rows written, header excluded.
    """
    table = CsvTable(out, header=header)
    return sum(table.write(profile) for profile in profiles)
